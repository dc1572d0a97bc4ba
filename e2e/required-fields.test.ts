// Stage moves that respect the admin's required fields, and quick tags, in the sandbox: its mock serves the
// account's custom fields (pages of 50, `required_statuses`) and validates `custom_fields_values` as API.md says.
import type { Page } from 'playwright-core';
import { hook, openCard, useSandboxPage } from './browser';

const env = useSandboxPage();
afterEach(() => expect(env.errors).toEqual([]));

const role = (r: Parameters<Page['getByRole']>[0], name: string) => env.page.getByRole(r, { name, exact: true });
const lead = (id: number) => env.sandbox.state().leads.find((l) => l.id === id)!;
const patches = () => env.sandbox.requests.filter((r) => r.method === 'PATCH');
const settle = () =>
  env.page.waitForFunction(() => document.querySelector('.lqa-panel')?.getAttribute('aria-busy') === 'false');
const fieldValues = (id: number) =>
  (lead(id) as unknown as { custom_fields_values?: { field_id: number; values: unknown[] }[] | null })
    .custom_fields_values ?? [];

test('a card open reads no field rules; Next stage asks for the required text field and sends ONE PATCH with it', async () => {
  const before = env.sandbox.requests.length;
  await openCard(env.page, 1001);
  expect(env.sandbox.requests.slice(before).some((r) => r.url.includes('custom_fields'))).toBe(false);
  const n = patches().length;
  await role('button', 'Next stage').click();
  const box = role('textbox', 'Потребность клиента');
  await box.waitFor();
  expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
  // Every page of the account's fields was read (more than 50 fields: two pages).
  const pages = env.sandbox.requests.filter((r) => r.url.startsWith('/api/v4/leads/custom_fields'));
  expect(pages.map((r) => new URL(r.url, 'http://x').searchParams.get('page'))).toEqual(['1', '2']);
  expect(patches().length).toBe(n);
  await box.fill('Поставка 40 станков');
  await role('button', 'Save and move').click();
  await settle();
  const sent = patches().slice(n);
  expect(sent).toHaveLength(1);
  expect(sent[0].body).toEqual({
    status_id: lead(1001).status_id,
    pipeline_id: lead(1001).pipeline_id,
    custom_fields_values: [{ field_id: 701, values: [{ value: 'Поставка 40 станков' }] }],
  });
  expect(fieldValues(1001).find((f) => f.field_id === 701)?.values).toEqual([{ value: 'Поставка 40 станков' }]);
});

test('a required field already filled asks nothing: Next stage moves at once', async () => {
  await openCard(env.page, 1013);
  const n = patches().length;
  await role('button', 'Next stage').click();
  await settle();
  expect(await env.page.locator('.lqa-step').count()).toBe(0);
  expect(patches().slice(n).map((r) => Object.keys(r.body as object).sort())).toEqual([['pipeline_id', 'status_id']]);
});

test('Won asks for the required list field by name; Cancel sends nothing', async () => {
  await openCard(env.page, 1004);
  const n = patches().length;
  await role('button', 'Won').click();
  const list = role('combobox', 'Способ оплаты');
  await list.waitFor();
  await role('button', 'Cancel').click();
  expect(await list.count()).toBe(0);
  expect(patches().length).toBe(n);
  await role('button', 'Won').click();
  await list.selectOption({ label: 'Рассрочка' });
  await list.press('Enter');
  await settle();
  const body = patches().at(-1)!.body as { status_id: number; custom_fields_values: { field_id: number }[] };
  expect(body.status_id).toBe(142);
  expect(body.custom_fields_values.map((f) => f.field_id)).toEqual([704]);
  expect(lead(1004).status_id).toBe(142);
});

test('Lost shows the required field with the loss reason, and "Close as lost" sends all in one PATCH', async () => {
  await openCard(env.page, 1007);
  const n = patches().length;
  await role('button', 'Lost').click();
  await role('combobox', 'Loss reason').selectOption({ label: 'Выбрали конкурента' });
  await role('textbox', 'Комментарий к отказу').fill('Конкурент дал скидку 15%');
  await role('button', 'Close as lost').click();
  await settle();
  const sent = patches().slice(n);
  expect(sent).toHaveLength(1);
  expect(sent[0].body).toEqual({
    status_id: 143,
    pipeline_id: lead(1007).pipeline_id,
    loss_reason_id: 502,
    custom_fields_values: [{ field_id: 707, values: [{ value: 'Конкурент дал скидку 15%' }] }],
  });
});

test('a required file field blocks the move and names the field; nothing is sent', async () => {
  await openCard(env.page, 1003);
  const n = patches().length;
  await role('button', 'Next stage').click();
  const step = env.page.locator('.lqa-step');
  await step.getByRole('alert').waitFor();
  expect(await step.getByRole('alert').textContent()).toContain('Договор о пилоте (скан)');
  await role('button', 'Save and move').click();
  // Pressing it anyway only says again what blocks the move.
  await env.page.locator('.lqa-live--alert', { hasText: 'Договор о пилоте (скан)' }).waitFor();
  expect(patches().length).toBe(n);
  await env.page.keyboard.press('Escape');
  expect(await step.count()).toBe(0);
});

test('quick tags saved in the settings appear as "Add tag NAME" for the tags the deal lacks, and add one in a click', async () => {
  await hook(env.page, (sb) => sb.openSettings());
  const box = env.page.getByRole('textbox', { name: 'Quick tags' });
  await box.fill('Срочно, перезвонить, VIP , срочно');
  expect(await hook(env.page, (sb) => sb.saveSettings())).toMatchObject({ ok: true });
  await openCard(env.page, 1002);
  const carried = lead(1002).tags.map((t) => t.name.toLowerCase());
  for (const name of ['Срочно', 'перезвонить', 'VIP'])
    expect(await role('button', `Add tag ${name}`).count()).toBe(carried.includes(name.toLowerCase()) ? 0 : 1);
  const n = patches().length;
  await role('button', 'Add tag перезвонить').click();
  await settle();
  expect(patches().slice(n).map((r) => Object.keys(r.body as object))).toEqual([['tags_to_add']]);
  expect(lead(1002).tags.some((t) => t.name === 'перезвонить')).toBe(true);
  expect(await role('button', 'Add tag перезвонить').count()).toBe(0);
  expect(await role('button', 'Remove tag перезвонить').count()).toBe(1);
});
