// Finds a Chromium without manual steps and starts the sandbox on the BUILT widget, for every browser test.
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Browser, Page } from 'playwright-core';

import { createSandbox, type Sandbox } from '../sandbox/server';
import { createControlClient, type ControlClient } from '../sandbox/control-client';
import type { FaultsInput, SandboxPageHooks } from '../sandbox/types';

export type { Sandbox };
export type { SandboxWidget } from '../sandbox/types';

export interface SandboxOptions {
  /** The widget folder to serve (default: the built widget/). */
  widgetDir?: string;
  widgetCode?: string;
  /** The data file (default: a fresh one in a temporary folder). */
  dataFile?: string;
  /** Start from the seed even when the data file has saved state (default true). */
  reset?: boolean;
  /** Requests per sliding second before 429 (default 7). */
  rateLimit?: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const chromiumFinder = require('../scripts/chromium');

export const findChromium: () => Promise<string> = chromiumFinder.findChromium;
export const launchBrowser: () => Promise<Browser> = () => chromiumFinder.launchChromium();

/** The sandbox server in this process on a free port, with its own data file and the built widget/. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const dataFile =
    options.dataFile ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lqa-sandbox-')), 'state.json');
  return createSandbox({
    widgetDir: options.widgetDir ?? path.resolve(__dirname, '../widget'),
    widgetCode: options.widgetCode,
    dataFile,
    reset: options.reset ?? true,
    rateLimit: options.rateLimit,
  });
}

/** A fresh page on the sandbox, with page errors collected; waits until the widget script is loaded. */
export async function openSandbox(browser: Browser, sandbox: Sandbox, query = 'lang=en&view=none') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  await page.goto(`${sandbox.url}?${query}`);
  const ready = await page.evaluate(
    () => (window as unknown as { __sandbox: SandboxPageHooks }).__sandbox.ready,
  );
  if (!ready) throw new Error('the sandbox could not load the widget');
  return { page, context, errors };
}

/** The name the sandbox's README uses for openSandbox. */
export const openSandboxPage = openSandbox;

export function hook<T>(
  page: Page,
  fn: (sb: SandboxPageHooks, arg: unknown) => T,
  arg?: unknown,
): Promise<Awaited<T>> {
  return page.evaluate(
    ({ source, value }) => {
      const f = new Function('sb', 'arg', `return (${source})(sb, arg);`);
      return f((window as unknown as { __sandbox: unknown }).__sandbox, value);
    },
    { source: fn.toString(), value: arg },
  ) as Promise<Awaited<T>>;
}

export async function openCard(page: Page, leadId: number) {
  await hook(page, (sb, id) => sb.openLead(id as number), leadId);
  await page.locator('.lqa-panel[data-state="ready"]').waitFor();
}

/** The control API of a sandbox through the one client the host page uses too (sandbox/control-client.js). */
export const control = (sandbox: Sandbox): ControlClient => createControlClient({ baseUrl: sandbox.url });

/** As POST /__sandbox/faults, over HTTP (sandbox.setFaults does the same in process). */
export async function setFaults(sandbox: Sandbox, faults: FaultsInput) {
  await control(sandbox).setFaults(faults);
}

/** One browser, one sandbox and one page for a test file, closed after it. Read the fields inside tests. */
export function useSandboxPage(options: SandboxOptions = {}) {
  const env = {} as { browser: Browser; sandbox: Sandbox; page: Page; errors: string[] };
  beforeAll(async () => {
    env.browser = await launchBrowser();
    env.sandbox = await startSandbox(options);
    const opened = await openSandbox(env.browser, env.sandbox);
    env.page = opened.page;
    env.errors = opened.errors;
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.sandbox?.close();
  });
  return env;
}
