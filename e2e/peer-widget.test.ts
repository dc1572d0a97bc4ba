// A widget written for the real amoCRM by someone else (sandbox/peer-widget: plain AMD, no build) runs in the
// sandbox unchanged: the sandbox emulates the platform (PLATFORM.md §4a), not our widget.
import path from 'path';
import type { Page } from 'playwright-core';
import { control, hook, openSandbox, useSandboxPage } from './browser';

const env = useSandboxPage({ widgetDir: path.resolve(__dirname, '../sandbox/peer-widget') });
const code = () => env.sandbox.widgetCode;
const block = (page: Page = env.page) => page.locator(`#widgets_block .card-widgets__widget-${code()}`);
const hello = (page: Page = env.page) => page.locator('.peer-hello');
const modal = () => env.page.locator('#sb-settings-modal');
const calls = (page: Page = env.page) => hook(page, (sb) => sb.calls.map((c) => `${c.name}:${c.returned}`));
const clearCalls = () => hook(env.page, (sb) => void (sb.calls.length = 0));
const lead = (id: number) => env.sandbox.state().leads.find((l) => l.id === id)!;
const userName = (id: number) => env.sandbox.state().users.find((u) => u.id === id)!.name;
const contactNames = (id: number) =>
  lead(id)
    .contacts.map((c) => env.sandbox.state().contacts.find((x) => x.id === c.id)!.name)
    .join(', ');

/** How many of jQuery's handlers on document sit in the widget's `.widget:<code>` namespace. */
const namespacedHandlers = () =>
  env.page.evaluate((c) => {
    const jq = (window as unknown as { jQuery: { _data(el: unknown, key: string): unknown } }).jQuery;
    const events = (jq._data(document, 'events') || {}) as Record<string, { namespace: string }[]>;
    return Object.values(events)
      .flat()
      .filter((h) => h.namespace.split('.').includes(`widget:${c}`)).length;
  }, code());

afterEach(() => expect(env.errors).toEqual([]));

test('first card: render returns a promise, bind_actions runs at once, init once it resolves and draws the block', async () => {
  await hook(env.page, (sb) => sb.openLead(1002));
  await hello().waitFor();
  // §4a as amoCRM's loader does it: bind_actions right after render, init when render's promise resolves.
  expect(await calls()).toEqual(['render:promise', 'bind_actions:true', 'init:true']);
  expect(await hello().textContent()).toBe('Hello from the peer widget, lead 1002');
  expect(await hello().getAttribute('data-code')).toBe(code());
  // The block shell, with the widget's caption class and both logos.
  const caption = block().locator('.card-widgets__widget__caption.peer-caption');
  expect(await caption.locator('.card-widgets__widget__caption__logo').getAttribute('src')).toBe(
    `/widgets/${code()}/images/logo_medium.png`,
  );
  expect(await caption.locator('.card-widgets__widget__caption__logo_min').getAttribute('src')).toBe(
    `/widgets/${code()}/images/logo_min.png`,
  );
  // `render` (a text! template, rendered by the host's twig with render_template's 2nd argument) comes first,
  // then `body` (the widget's own twigjs output).
  const order = await block()
    .locator('.card-widgets__widget__body > *')
    .evaluateAll((els) => els.map((e) => e.className));
  expect(order).toEqual(['peer-hello', 'peer-people', 'peer-live', 'peer-meta', 'peer-details']);
  // People from the host: the card's contacts without a request, the responsible user from managers.
  expect(await block().locator('.peer-responsible').textContent()).toBe(
    `Responsible: ${userName(lead(1002).responsible_user_id)}`,
  );
  expect(await block().locator('.peer-contacts').textContent()).toBe(`Contacts: ${contactNames(1002)}`);
  expect(env.sandbox.requests).toEqual([]);
  await hello().click();
  expect(await env.page.locator('.peer-hello.peer-clicked').count()).toBe(1);
});

test('moment formats with APP.system.format.date; the host modal opens with underscore-built text and reports success', async () => {
  const expected = await env.page.evaluate(
    () =>
      new Promise<string>((resolve) =>
        (
          window as unknown as {
            requirejs: (ids: string[], cb: (m: (...a: unknown[]) => unknown) => void) => void;
          }
        ).requirejs(['moment'], (moment) =>
          resolve(
            (moment() as { format(p: string): string }).format(
              (window as unknown as { APP: { system: { format: { date: { date: string } } } } }).APP.system
                .format.date.date,
            ),
          ),
        ),
      ),
  );
  expect(expected).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
  expect(await block().locator('.peer-meta').textContent()).toBe(`Today: ${expected}`);
  await block().locator('.peer-details').click();
  const details = env.page.locator('.modal.peer-modal');
  await details.locator('.peer-modal-title').waitFor();
  const first = env.sandbox.state().contacts.find((c) => c.id === lead(1002).contacts[0].id)!;
  expect(await details.locator('.peer-modal-contacts li').first().textContent()).toBe(
    `${first.name}: ${first.phones.join(', ')}`,
  );
  await details.locator('.peer-say-hi').click();
  expect(await details.count()).toBe(0);
  await env.page.getByRole('status').getByText('Greeting sent').waitFor();
  await env.page.locator('.sb-host-modal--success').waitFor({ state: 'detached', timeout: 5000 });
});

test('a card switch destroys, then calls render alone; the widget draws from render and binds its handlers again', async () => {
  await clearCalls();
  await hook(env.page, (sb) => sb.openLead(1003));
  await hello().filter({ hasText: 'lead 1003' }).waitFor();
  expect(await calls()).toEqual(['destroy:undefined', 'render:promise']);
  expect(await block().count()).toBe(1);
  await hello().click();
  expect(await env.page.locator('.peer-hello.peer-clicked').count()).toBe(1);
});

test('destroy runs while the block is in the page; then the host unbinds .widget:<code> on document and removes it', async () => {
  // The widget's handlers are there while the card is open (so the check below can fail)...
  expect(await namespacedHandlers()).toBeGreaterThan(0);
  await hook(env.page, (sb) => sb.openList());
  // ...the widget's destroy saw its own block, and does not unbind anything itself: the host did both.
  expect(await hook(env.page, (sb) => sb.widget().lastDestroySaw)).toBe(1);
  expect(await block().count()).toBe(0);
  expect(await namespacedHandlers()).toBe(0);
  expect(await hook(env.page, (sb) => sb.subscriptions())).toBe(0);
});

test('listenSocketChannel with keys [] shows a live change of the deal (the docs payload: data.params.old_value)', async () => {
  await hook(env.page, (sb) => sb.openLead(1004));
  await hello().waitFor();
  const was = lead(1004).price;
  await control(env.sandbox).editLead(1004, { price: 777 });
  await env.page.locator('.peer-live', { hasText: `Live: price ${was} → 777` }).waitFor();
});

test('?reentry=page: a card switch builds a new widget object that gets the whole sequence (init_once false)', async () => {
  const { page, context, errors } = await openSandbox(
    env.browser,
    env.sandbox,
    'lang=en&view=none&reentry=page',
  );
  try {
    await hook(page, (sb) => sb.openLead(1002));
    await hello(page).waitFor();
    const before = await hook(page, (sb) => sb.instances);
    await hook(page, (sb) => void (sb.calls.length = 0));
    await hook(page, (sb) => sb.openLead(1003));
    await hello(page).filter({ hasText: 'lead 1003' }).waitFor();
    expect(await calls(page)).toEqual([
      'destroy:undefined',
      'render:promise',
      'bind_actions:true',
      'init:true',
    ]);
    expect(await hook(page, (sb) => sb.instances)).toBe(before + 1);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a fresh widget on a new card: render returns false, bind_actions still runs, init does not', async () => {
  const { page, context, errors } = await openSandbox(env.browser, env.sandbox, 'lang=en&view=new');
  try {
    expect(await calls(page)).toEqual(['render:false', 'bind_actions:true']);
    expect(await block(page).count()).toBe(0);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('the user language the widget lacks (ru): en is used, the page says so, and no i18n/ru.json is asked for', async () => {
  const { page, context, errors } = await openSandbox(
    env.browser,
    env.sandbox,
    'lang=ru&view=card&lead=1005',
  );
  try {
    await hello(page).waitFor();
    expect(await hello(page).textContent()).toBe('Hello from the peer widget, lead 1005');
    expect(await page.locator('#sb-locale-notice').textContent()).toBe(
      'The widget has no ru locale; showing en',
    );
    expect(await hook(page, (sb) => sb.localeFallback)).toEqual({ wanted: 'ru', used: 'en' });
    await hook(page, (sb) => sb.setLang('es'));
    await hello(page).filter({ hasText: 'Hola desde el widget vecino, acuerdo 1005' }).waitFor();
    expect(await page.locator('#sb-locale-notice').isHidden()).toBe(true);
    expect(env.sandbox.failures).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
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
  await hello().waitFor();
  expect(await hello().textContent()).toBe('Добрый день, сделка 1003');
});

test('Disable calls onSave with active "N" and destroy; the card then runs no callback until it is saved again', async () => {
  await hook(env.page, (sb) => sb.openSettings());
  await clearCalls();
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
  await hello().waitFor();
  expect(await hello().textContent()).toBe('Добрый день, сделка 1004');
});
