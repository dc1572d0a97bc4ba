// Finds a Chromium without manual steps and starts the sandbox on the BUILT widget, for every browser test.
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Browser, Page } from 'playwright-core';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox } = require('../sandbox/server');

export interface Sandbox {
  url: string;
  port: number;
  widgetCode: string;
  requests: { method: string; url: string; body: unknown; t: number; status: number; xrw: string | null }[];
  /** Files the page did not get and API endpoints the mock does not know (404/405). */
  failures: { method: string; url: string; status: number }[];
  faults: { latencyMs: number; failNext: unknown[]; role: string; blockedUntil: number };
  state(): {
    leads: {
      id: number;
      name: string;
      price: number;
      status_id: number;
      pipeline_id: number;
      loss_reason_id: number | null;
      closed_at: number | null;
      updated_at: number;
      responsible_user_id: number;
      contacts: { id: number; is_main: boolean }[];
      tags: { id: number; name: string; color: string | null }[];
    }[];
    tags: { id: number; name: string; color: string | null }[];
    settings: Record<string, string>;
    users: { id: number; name: string; email: string; is_admin: boolean; is_active: boolean }[];
    contacts: {
      id: number;
      name: string;
      first_name: string;
      last_name: string;
      phones: string[];
      emails: string[];
    }[];
  };
  /** Pushes an event to every open tab: a raw socket message `{body: {channel, payload}}` reaches listenSocketChannel. */
  notify(event: Record<string, unknown>): void;
  getState(): ReturnType<Sandbox['state']>;
  setFaults(faults: Record<string, unknown>): Sandbox['faults'];
  close(): Promise<void>;
}

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
    () => (window as unknown as { __sandbox: { ready: Promise<boolean> } }).__sandbox.ready,
  );
  if (!ready) throw new Error('the sandbox could not load the widget');
  return { page, context, errors };
}

/** The name the sandbox's README uses for openSandbox. */
export const openSandboxPage = openSandbox;

/** The widget object the sandbox built, as far as tests call its system methods. */
export type SandboxWidget = {
  params: Record<string, unknown>;
  langs: Record<string, unknown>;
  callbacks: Record<string, unknown>;
  get_settings(): Record<string, unknown>;
  system(): { area: string };
  i18n(key: string): unknown;
  render(data: Record<string, unknown>, params?: Record<string, unknown>): string;
  render_template(options: Record<string, unknown>, data?: Record<string, unknown>): void;
  listenSocketChannel(channel: unknown, keys: unknown, callback: unknown): () => void;
  get_current_card_contacts_data(): Promise<Record<string, unknown>[]>;
  [key: string]: unknown;
};

type SandboxHook = {
  openLead(id: number): Promise<unknown>;
  openNewLead(): void;
  openList(): void;
  openSettings(): void;
  saveSettings(): Promise<{ ok: boolean; error?: string }>;
  closeSettings(): void;
  setLang(code: string): Promise<unknown>;
  setTheme(theme: string): void;
  setUser(role: string): Promise<unknown>;
  subscriptions(): number;
  disableWidget(): Promise<{ ok: boolean }>;
  whenRendered(): Promise<unknown>;
  calls: { name: string; leadId: number | null; returned: unknown; t: number; arg?: unknown }[];
  appWrites: string[];
  requests: { method: string; url: string; body: string | null; time: number; status: number }[];
  renderCount: number;
  widgetCode: string;
  pageLoadId: string;
  pageReloads: number;
  instances: number;
  localeFallback: { wanted: string; used: string } | null;
  widget(): SandboxWidget;
  addNeighbourBlock(code: string, html?: string): Element;
  setReentry(mode: 'render' | 'page'): void;
};

export function hook<T>(
  page: Page,
  fn: (sb: SandboxHook, arg: unknown) => T,
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

export async function setFaults(sandbox: Sandbox, faults: Record<string, unknown>) {
  await fetch(`${sandbox.url}__sandbox/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(faults),
  });
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
