// Our widget in the sandbox's emulation of amoCRM's production host (PLATFORM.md §4a): live messages in amoCRM's
// raw shape, "Reload card" through page:reload, names from the page's own data, the real callback order.
import { hook, openCard, useSandboxPage } from './browser';

const env = useSandboxPage();
afterEach(() => expect(env.errors).toEqual([]));

const lead = (id: number) => env.sandbox.state().leads.find((l) => l.id === id)!;
type Seeded = {
  contacts: { id: number; name: string }[];
  users: { id: number; name: string }[];
  leads: { id: number; responsible_user_id: number; contacts: { id: number; is_main: boolean }[] }[];
};
const seeded = () => env.sandbox.state() as unknown as Seeded;
const panelText = () => env.page.locator('.lqa-panel').innerText();

test('a socket message in amoCRM shape (an edit made elsewhere) reaches the panel, which shows the new budget', async () => {
  await openCard(env.page, 1003);
  const price = lead(1003).price + 4321;
  await fetch(`${env.sandbox.url}__sandbox/lead/1003`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ price }),
  });
  await env.page.getByText(new Intl.NumberFormat('en').format(price), { exact: false }).first().waitFor();
  expect(await env.page.getByRole('textbox', { name: 'Budget', exact: true }).inputValue()).toBe(String(price));
});

test('"Reload card" after a write re-opens the card through page:reload: no browser reload, a new widget, one block', async () => {
  await openCard(env.page, 1006);
  const before = await hook(env.page, (sb) => ({ id: sb.pageLoadId, reloads: sb.pageReloads, instances: sb.instances }));
  const budget = env.page.getByRole('textbox', { name: 'Budget', exact: true });
  await budget.fill(String(lead(1006).price + 10));
  await budget.press('Enter');
  await env.page.getByRole('button', { name: 'Reload card' }).click({ timeout: 5000 });
  await env.page.waitForFunction((n) => (window as unknown as { __sandbox: { pageReloads: number } }).__sandbox.pageReloads > n, before.reloads);
  await env.page.locator('.lqa-panel[data-state="ready"]').waitFor();
  const after = await hook(env.page, (sb) => ({ id: sb.pageLoadId, reloads: sb.pageReloads, instances: sb.instances }));
  expect(after).toEqual({ id: before.id, reloads: before.reloads + 1, instances: before.instances + 1 });
  expect(await env.page.locator(`.card-widgets__widget-${env.sandbox.widgetCode}`).count()).toBe(1);
  expect(await env.page.locator('.lqa-mount').count()).toBe(1);
  // The card's own fields were read again: they show the budget just written.
  expect(await env.page.locator('#sb-card-fields').innerText()).toContain(
    new Intl.NumberFormat('ru-RU').format(lead(1006).price),
  );
  // The re-opened card is a fresh panel: nothing stale, nothing to reload.
  expect(await env.page.getByRole('button', { name: 'Reload card' }).count()).toBe(0);
});

test('the main contact and the responsible user appear by name, with no request for either and no raw id', async () => {
  await openCard(env.page, 1001);
  const n = env.sandbox.requests.length;
  await openCard(env.page, 1002);
  const { contacts, users, leads } = seeded();
  const deal = leads.find((l) => l.id === 1002)!;
  const main = contacts.find((c) => c.id === deal.contacts.find((x) => x.is_main)!.id)!;
  const responsible = users.find((u) => u.id === deal.responsible_user_id)!;
  await env.page.getByRole('link', { name: main.name }).waitFor();
  expect(await env.page.getByRole('link', { name: main.name }).getAttribute('href')).toBe(`/contacts/detail/${main.id}`);
  expect(await panelText()).toContain(`Responsible: ${responsible.name}`);
  expect(env.sandbox.requests.slice(n).map((r) => r.url)).toEqual(['/api/v4/leads/1002?with=contacts,loss_reason,source_id']);
  expect(await panelText()).not.toMatch(/#\s?\d{3,}|№\s?\d/);
});

test('render, init and bind_actions in amoCRM order on a new card; a card switch calls render alone and still mounts', async () => {
  await hook(env.page, (sb) => void (sb.calls.length = 0));
  await openCard(env.page, 1004);
  await openCard(env.page, 1005);
  const names = await hook(env.page, (sb) => sb.calls.filter((c) => c.name !== 'destroy').map((c) => `${c.name}:${c.leadId}`));
  expect(names).toEqual(['render:1004', 'render:1005']);
  expect(await env.page.locator('.lqa-panel h3').textContent()).toBe(lead(1005).name);
  await hook(env.page, (sb) => sb.setReentry('page'));
  await hook(env.page, (sb) => void (sb.calls.length = 0));
  await openCard(env.page, 1007);
  expect(await hook(env.page, (sb) => sb.calls.filter((c) => c.name !== 'destroy').map((c) => `${c.name}:${c.returned}`))).toEqual([
    'render:true',
    'init:true',
    'bind_actions:true',
  ]);
  await hook(env.page, (sb) => sb.setReentry('render'));
});
