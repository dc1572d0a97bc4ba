// A widget written for the real amoCRM by someone else (sandbox/peer-widget) runs in the sandbox unchanged:
// the sandbox emulates the platform, not our widget.
import path from 'path';
import { hook, useSandboxPage } from './browser';

const env = useSandboxPage({ widgetDir: path.resolve(__dirname, '../sandbox/peer-widget') });
const hello = () => env.page.locator('.peer-hello');
const modal = () => env.page.locator('#sb-settings-modal');

test('it renders its block in the card with render_template, i18n, get_settings and APP.data.current_card', async () => {
  await hook(env.page, (sb) => sb.openLead(1002));
  await hello().waitFor();
  expect(await hello().textContent()).toBe('Hello from the peer widget, lead 1002');
  expect(await hello().getAttribute('data-code')).toBe(env.sandbox.widgetCode);
  expect(await env.page.locator('.sb-widget__caption.peer-caption img').getAttribute('src')).toBe(
    `/widgets/${env.sandbox.widgetCode}/images/logo_medium.png`,
  );
  await hello().click();
  expect(await env.page.locator('.peer-hello.peer-clicked').count()).toBe(1);
  await hook(env.page, (sb) => sb.openList());
  expect(await hello().count()).toBe(0);
  expect(await hook(env.page, (sb) => sb.calls.map((c) => `${c.name}:${c.returned}`))).toEqual([
    'render:true',
    'init:true',
    'bind_actions:true',
    'destroy:undefined',
    'render:true',
    'init:true',
    'bind_actions:true',
  ]);
  expect(env.errors).toEqual([]);
});

test('its text setting is drawn by the platform form, refused or saved through onSave, and read back', async () => {
  await hook(env.page, (sb) => sb.openSettings());
  const greeting = modal().getByRole('textbox', { name: 'Greeting' });
  expect(await greeting.getAttribute('placeholder')).toBe('Hello from the peer widget, lead');
  await greeting.fill('<b>Hi</b>');
  expect(await hook(env.page, (sb) => sb.saveSettings())).toEqual({
    ok: false,
    error: 'No markup in the greeting, please',
  });
  expect(await modal().getByRole('alert').textContent()).toBe('No markup in the greeting, please');
  await greeting.fill('Добрый день, сделка');
  expect(await hook(env.page, (sb) => sb.saveSettings())).toMatchObject({
    ok: true,
    fields: { greeting: 'Добрый день, сделка' },
  });
  expect(env.sandbox.state().settings).toEqual({ greeting: 'Добрый день, сделка' });
  await hook(env.page, (sb) => sb.openLead(1003));
  expect(await hello().textContent()).toBe('Добрый день, сделка 1003');
});

test('Disable calls onSave with active "N" and destroy; the card then runs no callback until it is saved again', async () => {
  await hook(env.page, (sb) => sb.openSettings());
  await hook(env.page, (sb) => void (sb.calls.length = 0));
  await hook(env.page, (sb) => sb.disableWidget());
  await hook(env.page, (sb) => sb.openLead(1004));
  expect(await hello().count()).toBe(0);
  const calls = await hook(env.page, (sb) => sb.calls.map((c) => [c.name, c.arg ?? null]));
  expect(calls).toEqual([
    ['onSave', { fields: { greeting: 'Добрый день, сделка' }, active: 'N' }],
    ['destroy', null],
  ]);
  await hook(env.page, (sb) => sb.openSettings());
  await hook(env.page, (sb) => sb.saveSettings());
  await hook(env.page, (sb) => sb.openLead(1004));
  expect(await hello().textContent()).toBe('Добрый день, сделка 1004');
});
