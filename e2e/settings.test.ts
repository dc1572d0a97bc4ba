import type { Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { hook, openCard, useSandboxPage } from './browser';

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
