import path from 'path';
import type { Browser } from 'playwright-core';
import { hook, launchBrowser, openSandbox, startSandbox, type Sandbox } from './browser';

let browser: Browser;
let sandbox: Sandbox;

beforeAll(async () => {
  browser = await launchBrowser();
  sandbox = await startSandbox({ widgetDir: path.resolve(__dirname, '../sandbox/peer-widget') });
});
afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

test('a widget written for the real amoCRM by someone else runs in the sandbox unchanged', async () => {
  const { page, errors } = await openSandbox(browser, sandbox);
  await hook(page, (sb) => sb.openLead(1002));
  await page.locator('.peer-hello').waitFor();
  expect(await page.locator('.peer-hello').textContent()).toBe('Hello from the peer widget, lead 1002');
  expect(await page.locator('.peer-hello').getAttribute('data-code')).toBe(sandbox.widgetCode);
  await page.locator('.peer-hello').click();
  expect(await page.locator('.peer-hello.peer-clicked').count()).toBe(1);
  await hook(page, (sb) => sb.openList());
  expect(await page.locator('.peer-hello').count()).toBe(0);
  expect(await hook(page, (sb) => sb.calls.map((c) => `${c.name}:${c.returned}`))).toEqual([
    'render:true', 'init:true', 'bind_actions:true', 'destroy:undefined', 'render:true', 'init:true', 'bind_actions:true',
  ]);
  expect(errors).toEqual([]);
});
