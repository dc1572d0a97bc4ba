import type { Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { hook, openCard, openSandbox, useSandboxPage } from './browser';

const env = useSandboxPage();

const modal = () => env.page.locator('#sb-settings-modal');
const byRole = (role: Parameters<Page['getByRole']>[0], name: string) => modal().getByRole(role, { name, exact: true });

test('fill, save, reopen: values restored, JSON in the custom field, and the panel honours the options', async () => {
  await hook(env.page, (sb) => sb.openSettings());
  await byRole('textbox', 'Site address').fill('https://shop.example');
  await byRole('textbox', 'Hidden field name').fill('visitor_uid, uid_copy');
  await byRole('combobox', 'Pipeline').selectOption({ label: 'Опт' });
  await byRole('combobox', 'Stage').selectOption({ label: 'Запрос цены' });
  await modal().getByRole('checkbox', { name: 'Tags' }).uncheck();
  await modal().getByRole('checkbox', { name: 'Продажи' }).check();
  const custom = await env.page.locator(`#${env.sandbox.widgetCode}_custom`).inputValue();
  expect(JSON.parse(custom)).toMatchObject({ linking: { siteUrl: 'https://shop.example', hiddenField: 'visitor_uid, uid_copy', pipelineId: 3002, stageId: 10101 }, panel: { showTags: false, pipelineIds: [3001] } });
  expect(await byRole('button', 'Copy browser snippet').isVisible()).toBe(true);
  expect(await modal().locator('code', { hasText: 'uid_copy' }).count()).toBeGreaterThan(0);
  const saved = await hook(env.page, (sb) => sb.saveSettings());
  expect(saved).toMatchObject({ ok: true });
  expect(await modal().count()).toBe(0);

  await hook(env.page, (sb) => sb.openSettings());
  expect(await byRole('textbox', 'Site address').inputValue()).toBe('https://shop.example');
  expect(await byRole('combobox', 'Stage').inputValue()).toBe('10101');
  await hook(env.page, (sb) => sb.closeSettings());

  await openCard(env.page, 1001);
  expect(await env.page.getByRole('textbox', { name: 'Add tag' }).count()).toBe(0);
  const groups = await env.page.locator('.lqa-panel select optgroup').evaluateAll((els) => els.map((e) => e.getAttribute('label')));
  expect(groups).toEqual(['Продажи']);
  expect(env.errors).toEqual([]);
});

test('invalid settings block the save with a message next to the field', async () => {
  await hook(env.page, (sb) => sb.openSettings());
  await byRole('textbox', 'Hidden field name').fill('two words');
  const result = await hook(env.page, (sb) => sb.saveSettings());
  expect(result).toMatchObject({ ok: false, error: expect.stringContaining('Some settings need fixing') });
  expect(await modal().count()).toBe(1);
  await modal().getByText('Use field names of letters').waitFor();
  await byRole('textbox', 'Hidden field name').fill('visitor_uid');
  expect(await hook(env.page, (sb) => sb.saveSettings())).toMatchObject({ ok: true });
});

test('the settings page links the stylesheet itself and passes an axe scan with no serious or critical violation', async () => {
  await env.page.goto(`${env.sandbox.url}?lang=en&view=list`);
  await env.page.evaluate(() => (window as unknown as { __sandbox: { ready: Promise<boolean> } }).__sandbox.ready);
  await hook(env.page, (sb) => sb.openSettings());
  expect(await env.page.locator('link[href*="style.css"]').count()).toBe(1);
  await env.page.locator('.lqa-settings').waitFor();
  const result = await new AxeBuilder({ page: env.page }).include('.lqa-settings').analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);
  await hook(env.page, (sb) => sb.closeSettings());
});

// settings.js is the settings page's own AMD module: script.js requires it through RequireJS only for the modal.
/** The widget's settings module (the sandbox page has a host/settings.js of its own). */
const isSettingsJs = (url: string | URL) => /^\/widgets\/[^/]+\/settings\.js$/.test(new URL(String(url)).pathname);

test('a lead card never requests settings.js; the settings modal loads it once, as its own request', async () => {
  const { page, context, errors } = await openSandbox(env.browser, env.sandbox, 'lang=en&view=none');
  try {
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await openCard(page, 1001);
    await openCard(page, 1002);
    expect(requested.filter(isSettingsJs)).toEqual([]);
    await hook(page, (sb) => sb.openSettings());
    await page.locator('#sb-settings-modal .lqa-settings').waitFor();
    const version = JSON.parse(
      await (await fetch(`${env.sandbox.url}widgets/${env.sandbox.widgetCode}/manifest.json`)).text(),
    ).widget.version;
    expect(requested.filter(isSettingsJs).map((u) => new URL(u).search)).toEqual([`?v=${version}`]);
    await hook(page, (sb) => sb.closeSettings());
    await hook(page, (sb) => sb.openSettings());
    await page.locator('#sb-settings-modal .lqa-settings').waitFor();
    expect(requested.filter(isSettingsJs)).toHaveLength(1);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('the settings modal as the first thing on the page (?view=settings) loads settings.js, validates and saves', async () => {
  const { page, context, errors } = await openSandbox(env.browser, env.sandbox, 'lang=en&view=settings');
  try {
    const box = page
      .locator('#sb-settings-modal')
      .getByRole('textbox', { name: 'Hidden field name', exact: true });
    await box.waitFor();
    const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(resources.filter(isSettingsJs)).toHaveLength(1);
    // The settings area is an area like any other: render, init and bind_actions first (§4a), then settings.
    expect(await hook(page, (sb) => sb.calls.map((c) => c.name))).toEqual(['render', 'init', 'bind_actions', 'settings']);
    await box.fill('two words');
    expect(await hook(page, (sb) => sb.saveSettings())).toMatchObject({
      ok: false,
      error: expect.stringContaining('Some settings need fixing'),
    });
    await box.fill('first_visit');
    const saved = await hook(page, (sb) => sb.saveSettings());
    expect(saved).toMatchObject({ ok: true });
    expect(JSON.parse((saved as unknown as { custom: string }).custom).linking.hiddenField).toBe('first_visit');
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('settings.js failing to load: a clear message, the save refused with the reason, the value kept; Retry loads it', async () => {
  const { page, context, errors } = await openSandbox(env.browser, env.sandbox, 'lang=en&view=none');
  try {
    await page.route(isSettingsJs, (route) => route.abort());
    await hook(page, (sb) => sb.openSettings());
    const ours = page.locator('#sb-settings-modal .lqa');
    await ours.getByRole('alert').filter({ hasText: 'The settings page could not be loaded' }).waitFor();
    const input = page.locator(`#${env.sandbox.widgetCode}_custom`);
    const kept = await input.inputValue();
    const refused = await hook(page, (sb) => sb.saveSettings());
    expect(refused).toMatchObject({
      ok: false,
      error: expect.stringContaining('the settings page did not load'),
    });
    expect(await page.locator('#sb-settings-modal').count()).toBe(1);
    expect(await input.inputValue()).toBe(kept);
    await page.unroute(isSettingsJs);
    await ours.getByRole('button', { name: 'Retry' }).click();
    await page.locator('#sb-settings-modal .lqa-settings').waitFor();
    expect(await ours.getByRole('alert').count()).toBe(0);
    expect(await hook(page, (sb) => sb.saveSettings())).toMatchObject({ ok: true });
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a Save while settings.js is still on its way waits for it, then validates as before', async () => {
  const { page, context, errors } = await openSandbox(env.browser, env.sandbox, 'lang=en&view=none');
  try {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(isSettingsJs, async (route) => {
      await held;
      await route.continue();
    });
    await hook(page, (sb) => sb.openSettings());
    const ours = page.locator('#sb-settings-modal .lqa');
    await ours.getByRole('status').filter({ hasText: 'Loading the settings…' }).waitFor();
    // What the platform hands onSave: a value the settings page refuses (set by hand, as no page is drawn yet).
    await page
      .locator(`#${env.sandbox.widgetCode}_custom`)
      .evaluate((input) => ((input as HTMLInputElement).value = '{"linking":{"hiddenField":"two words"}}'));
    const saving = hook(page, (sb) => sb.saveSettings());
    await page.waitForTimeout(300);
    expect(await hook(page, (sb) => sb.calls.filter((c) => c.name === 'onSave').map((c) => c.returned))).toEqual(['promise']);
    // Still undecided while settings.js is held back.
    expect(await hook(page, (sb) => (sb as unknown as { lastSave?: unknown }).lastSave ?? null)).toBeNull();
    release();
    expect(await saving).toMatchObject({ ok: false, error: expect.stringContaining('Some settings need fixing') });
    await page.locator('#sb-settings-modal .lqa-settings').waitFor();
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
