import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import pkg from '../package.json';
import { hook, openCard, openSandbox, useSandboxPage } from './browser';

const env = useSandboxPage();

const calls = () => hook(env.page, (sb) => sb.calls.map((c) => `${c.name}:${c.leadId}:${c.returned}`));
const clearCalls = () => hook(env.page, (sb) => void (sb.calls.length = 0));
const widgetRequests = () => env.sandbox.requests.length;

/** Every listener the page's own scripts put on window or anywhere in the document (DevTools protocol). */
async function listeners(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  // Playwright adds listeners of its own from injected scripts: keep only those of scripts the page loaded.
  const scripts = new Map<string, string>();
  cdp.on('Debugger.scriptParsed', (e) => scripts.set(e.scriptId, e.url));
  await cdp.send('Debugger.enable');
  const origin = new URL(page.url()).origin;
  const found: string[] = [];
  for (const target of ['window', 'document']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: target });
    const { listeners: list } = await cdp.send('DOMDebugger.getEventListeners', {
      objectId: result.objectId!,
      depth: -1,
      pierce: true,
    });
    for (const l of list) {
      const url = scripts.get(l.scriptId) ?? '';
      if (url.startsWith(origin))
        found.push(`${l.type}@${target}:${l.backendNodeId ?? ''} ${url.slice(origin.length).split('?')[0]}`);
    }
  }
  await cdp.detach();
  return found.sort();
}

test('script.js is one anonymous define that RequireJS loads, and the block shows the lead', async () => {
  const script = await (await fetch(`${env.sandbox.url}widgets/${env.sandbox.widgetCode}/script.js`)).text();
  expect(script.startsWith('define([ "jquery", "require" ]') || script.startsWith('define(["jquery","require"]')).toBe(true);
  await openCard(env.page, 1001);
  const mount = env.page.locator(`#${env.sandbox.widgetCode}-lead-panel`);
  await expect(mount.locator('h3').textContent()).resolves.toBe('Поставка оборудования для «Северстали»');
  // The mount sits in the platform's block shell (§4a), under the caption with the widget's own logos.
  const block = env.page.locator(
    `#widgets_block .card-widgets__elements > .card-widgets__widget-${env.sandbox.widgetCode}`,
    {
      has: mount,
    },
  );
  await expect(block.getAttribute('data-code')).resolves.toBe(env.sandbox.widgetCode);
  await expect(block.locator('.card-widgets__widget__caption__logo').getAttribute('src')).resolves.toBe(
    `/widgets/${env.sandbox.widgetCode}/images/logo_medium.png`,
  );
  expect(env.errors).toEqual([]);
});

test('the first card runs render, init, bind_actions (all true); a card switch destroys, then calls render alone', async () => {
  // The test above opened the first card on the page's widget object.
  expect(await calls()).toEqual(['render:1001:true', 'init:1001:true', 'bind_actions:1001:true']);
  await clearCalls();
  await openCard(env.page, 1002);
  await openCard(env.page, 1003);
  // §4a: the widget object lives for the page; coming back to the card area on it is render() alone.
  expect(await calls()).toEqual([
    'destroy:1001:undefined',
    'render:1002:true',
    'destroy:1002:undefined',
    'render:1003:true',
  ]);
  expect(await env.page.locator('.lqa-mount').count()).toBe(1);
  expect(await env.page.locator('.lqa-panel h3').textContent()).toBe(
    env.sandbox.state().leads.find((l) => l.id === 1003)!.name,
  );
});

test.each([
  ['a new unsaved card', (sb: { openNewLead(): void }) => sb.openNewLead()],
  ['a list page', (sb: { openList(): void }) => sb.openList()],
])('%s renders nothing and requests nothing', async (_name, go) => {
  await openCard(env.page, 1004);
  await env.page.waitForTimeout(100);
  const before = widgetRequests();
  await hook(env.page, go as never);
  await env.page.waitForTimeout(300);
  expect(await env.page.locator('.lqa-mount, .lqa').count()).toBe(0);
  expect(widgetRequests()).toBe(before);
});

test('destroy leaves no widget DOM, no listener, no subscription; the widget never writes APP; one stylesheet link', async () => {
  await hook(env.page, (sb) => sb.openList());
  const before = await listeners(env.page);
  for (const id of [1005, 1006, 1007]) await openCard(env.page, id);
  // While mounted, the widget's own listeners are visible to this check (so it can fail).
  expect(
    (await listeners(env.page)).filter((l) => l.endsWith(`/widgets/${env.sandbox.widgetCode}/script.js`))
      .length,
  ).toBeGreaterThan(0);
  expect(await hook(env.page, (sb) => sb.subscriptions())).toBe(1);
  await hook(env.page, (sb) => sb.openList());
  expect(await env.page.locator('.lqa').count()).toBe(0);
  expect(
    await env.page.locator('#widgets_block .card-widgets__elements').evaluate((el) => el.childElementCount),
  ).toBe(0);
  expect(await listeners(env.page)).toEqual(before);
  expect(await hook(env.page, (sb) => sb.subscriptions())).toBe(0);
  expect(await hook(env.page, (sb) => sb.appWrites)).toEqual([]);
  const links = await env.page
    .locator('link[href*="style.css"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('href')));
  expect(links).toEqual([`/widgets/${env.sandbox.widgetCode}/style.css?v=${pkg.version}`]);
});

test('requests carry what the host jQuery sends (X-Requested-With) and stay same-origin', async () => {
  const start = env.sandbox.requests.length;
  await openCard(env.page, 1008);
  const fresh = env.sandbox.requests.slice(start);
  expect(fresh.length).toBeGreaterThan(0);
  expect(fresh.every((r) => r.xrw === 'XMLHttpRequest' && r.url.startsWith('/api/v4/'))).toBe(true);
});

test('the block passes an axe scan with no serious or critical violation, in light and dark themes', async () => {
  await openCard(env.page, 1001);
  for (const theme of ['light', 'dark']) {
    await hook(env.page, (sb, t) => sb.setTheme(t as string), theme);
    const result = await new AxeBuilder({ page: env.page }).include('.lqa-mount').analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${theme}: ${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);
  }
  await hook(env.page, (sb) => sb.setTheme('light'));
});

test("a language switch re-renders the panel in the user's language", async () => {
  await openCard(env.page, 1001);
  await hook(env.page, (sb) => sb.setLang('ru'));
  await env.page.getByRole('combobox', { name: 'Этап', exact: true }).waitFor();
  expect(await env.page.getByRole('button', { name: 'Следующий этап' }).count()).toBe(1);
  await hook(env.page, (sb) => sb.setLang('es'));
  await env.page.getByRole('textbox', { name: 'Presupuesto', exact: true }).waitFor();
  await hook(env.page, (sb) => sb.setLang('en'));
  await env.page.getByRole('combobox', { name: 'Stage', exact: true }).waitFor();
});

test('the sandbox does report a write to APP (so the "never writes" check above can fail)', async () => {
  const same = await env.page.evaluate(() => {
    const w = window as unknown as { APP: { data: { current_card: unknown } }; AMOCRM: unknown };
    w.APP.data.current_card = false;
    w.AMOCRM = {};
    return w.AMOCRM === w.APP;
  });
  expect(same).toBe(true);
  expect(await hook(env.page, (sb) => sb.appWrites)).toEqual(['APP.data.current_card', 'AMOCRM']);
});

test('the widget code comes from the platform: another code serves, mounts and links under that code', async () => {
  const { page, context, errors } = await openSandbox(
    env.browser,
    env.sandbox,
    'lang=en&view=none&code=zz_other_code_91',
  );
  try {
    await openCard(page, 1002);
    expect(await page.locator('#zz_other_code_91-lead-panel .lqa-panel').count()).toBe(1);
    expect(await page.locator(`[id^="${env.sandbox.widgetCode}"]`).count()).toBe(0);
    expect(await page.locator('link[href*="style.css"]').getAttribute('href')).toBe(
      `/widgets/zz_other_code_91/style.css?v=${pkg.version}`,
    );
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test("the page sees the same API requests the server logs, with jQuery's XHR", async () => {
  await hook(env.page, (sb) => void (sb.requests.length = 0));
  const start = env.sandbox.requests.length;
  await openCard(env.page, 1009);
  const seen = await hook(env.page, (sb) => sb.requests.map((r) => `${r.method} ${r.url} ${r.status}`));
  expect(seen).toEqual(env.sandbox.requests.slice(start).map((r) => `${r.method} ${r.url} ${r.status}`));
});
