// The sandbox's host surface itself, point by point of PLATFORM.md §4a, driven through the widget object the
// sandbox built (sandbox/peer-widget is loaded; the tests call the Widget base class's methods directly).
import path from 'path';
import { control, hook, useSandboxPage } from './browser';

const env = useSandboxPage({ widgetDir: path.resolve(__dirname, '../sandbox/peer-widget') });
const code = () => env.sandbox.widgetCode;
const lead = (id: number) => env.sandbox.state().leads.find((l) => l.id === id)!;
const column = () => env.page.locator('#widgets_block .card-widgets__elements');

async function openCard(id: number) {
  await hook(env.page, (sb, leadId) => sb.openLead(leadId as number), id);
  await env.page.locator('.peer-hello', { hasText: `lead ${id}` }).waitFor();
}

afterEach(() => expect(env.errors).toEqual([]));

test('params before any callback: saved settings plus the loader keys; get_settings() is this.params', async () => {
  await openCard(1001);
  const seen = await hook(env.page, (sb) => {
    const w = sb.widget();
    return { same: w.get_settings() === w.params, params: JSON.parse(JSON.stringify(w.params)) };
  });
  expect(seen.same).toBe(true);
  expect(seen.params).toEqual({
    ...env.sandbox.state().settings, // the saved settings, as the account keeps them
    id: expect.any(Number),
    status: 'installed',
    widget_code: code(),
    path: `/widgets/${code()}`,
    version: '0.2.0',
    oauth_client_uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
    widget_active: 'Y',
    images_path: `/widgets/${code()}/images`,
    support: { link: 'https://peer.example.com', email: 'peer@example.com' },
  });
});

test('render_template: twig renders `render` with the 2nd argument, then `body`; inserted synchronously; event after', async () => {
  await openCard(1002);
  const result = await hook(env.page, (sb) => {
    const jq = (window as unknown as { jQuery: (d: unknown) => { one(e: string, f: () => void): void } })
      .jQuery;
    const blocks = () => document.querySelectorAll('#widgets_block .card-widgets__widget').length;
    let atEvent = -1;
    jq(document).one('widget:render-template', () => (atEvent = blocks()));
    const before = blocks();
    sb.widget().render_template(
      {
        caption: { class_name: 'probe-caption' },
        body: '<i class="probe-body">body</i>',
        render: '<b class="probe-render">{{ who }}|{{ widget_code }}</b>',
      },
      { who: 'twig' },
    );
    const after = blocks();
    const first = document.querySelector('#widgets_block .card-widgets__widget')!;
    return {
      before,
      after,
      atEvent,
      html: first.querySelector('.card-widgets__widget__body')!.innerHTML,
      caption: first.querySelector('.card-widgets__widget__caption')!.className,
    };
  });
  expect(result.after).toBe(result.before + 1);
  expect(result.atEvent).toBe(result.after);
  // The second argument is twig's data (widget params are not: widget_code renders empty).
  expect(result.html).toBe('<b class="probe-render">twig|</b><i class="probe-body">body</i>');
  expect(result.caption).toBe('js-widget-caption-block card-widgets__widget__caption probe-caption');
});

test('blocks go in widget-code order among other widgets; a second block of the same code lands above the first', async () => {
  await openCard(1003);
  const codes = await hook(env.page, (sb) => {
    sb.addNeighbourBlock('aaa_first_widget', '<p>a</p>');
    sb.addNeighbourBlock('zzz_last_widget', '<p>z</p>');
    sb.widget().render_template({ caption: {}, body: '<p class="probe-second">second</p>', render: '' });
    return Array.from(document.querySelectorAll('#widgets_block .card-widgets__elements > *')).map(
      (el) => `${el.getAttribute('data-code')}${el.querySelector('.probe-second') ? ':second' : ''}`,
    );
  });
  expect(codes).toEqual(['aaa_first_widget', `${code()}:second`, code(), 'zzz_last_widget']);
  // Leaving the card takes every block with it; the widget's own go by the destroy steps.
  await hook(env.page, (sb) => sb.openList());
  expect(await column().evaluate((el) => el.childElementCount)).toBe(0);
});

test('render_template without `render` fails inside twig, as it does on amoCRM', async () => {
  await openCard(1004);
  const message = await hook(env.page, (sb) => {
    try {
      sb.widget().render_template({ caption: {}, body: '<p>only body</p>' });
      return 'no error';
    } catch (error) {
      return (error as Error).constructor.name;
    }
  });
  expect(message).toBe('TypeError');
});

test('listenSocketChannel checks its arguments synchronously and returns the unsubscribe function', async () => {
  const results = await hook(env.page, (sb) => {
    const w = sb.widget();
    const attempt = (fn: () => unknown) => {
      try {
        return typeof fn();
      } catch (error) {
        return `${(error as Error).constructor.name}: ${(error as Error).message}`;
      }
    };
    const ok = () => undefined;
    const unsubscribers: (() => void)[] = [];
    const out = [
      attempt(() => w.listenSocketChannel('leads:card:1', [], 'not a function')),
      attempt(() => w.listenSocketChannel(42, [], ok)),
      attempt(() => w.listenSocketChannel('leads:card:1', null, ok)),
      attempt(() => w.listenSocketChannel('leads:card:1', 'body', ok)),
      attempt(() => {
        const off = w.listenSocketChannel('leads:card:1', undefined, ok);
        unsubscribers.push(off);
        return off;
      }),
    ];
    const count = sb.subscriptions();
    unsubscribers.forEach((off) => off());
    return { out, count, after: sb.subscriptions() };
  });
  expect(results.out).toEqual([
    'TypeError: Callback is not a function.',
    'TypeError: channel_name must be string',
    'TypeError: array_keys must be array',
    'TypeError: array_keys must be array',
    'function',
  ]);
  expect(results.after).toBe(results.count - 1);
});

test('a pushed message reaches a subscription only on its channel and, with keys, only when it has that key path', async () => {
  await openCard(1005);
  await hook(env.page, (sb) => {
    const w = sb.widget();
    const got: Record<string, unknown[]> = {};
    const listen = (name: string, channel: string, keys: unknown) =>
      w.listenSocketChannel(
        channel,
        keys,
        (payload: unknown) => (got[name] = [...(got[name] || []), payload]),
      );
    (window as unknown as { probe: unknown }).probe = {
      got,
      off: [
        listen('all', 'leads:card:1005', []),
        listen('docsPath', 'leads:card:1005', ['body', 'payload', 'data', 'params']),
        listen('star', 'leads:card:1005', ['*']),
        listen('missingPath', 'leads:card:1005', ['body', 'payload', 'nope']),
        listen('otherCard', 'leads:card:1006', []),
      ],
    };
  });
  const got = () =>
    env.page.evaluate(() => (window as unknown as { probe: { got: Record<string, unknown[]> } }).probe.got);
  // A message without the docs' path, then a real change of the deal (the server's docs-shaped event).
  env.sandbox.notify({ body: { channel: 'leads:card:1005', payload: { note: 'no params here' } } });
  await env.page.waitForFunction(() =>
    Boolean((window as unknown as { probe: { got: { all?: unknown[] } } }).probe.got.all),
  );
  const was = lead(1005).price;
  await control(env.sandbox).editLead(1005, { price: was + 5 });
  await env.page.waitForFunction(
    () => ((window as unknown as { probe: { got: { all?: unknown[] } } }).probe.got.all || []).length === 2,
  );
  const change = {
    entity: 'leads',
    id: 1005,
    updated_at: lead(1005).updated_at,
    data: { params: { old_value: { price: was }, new_value: { price: was + 5 } } },
  };
  // The callback receives message.body.payload; keys ['*'] hear nothing, [] hear everything.
  expect(await got()).toEqual({ all: [{ note: 'no params here' }, change], docsPath: [change] });
  // The peer widget's own subscription ([] too) showed it.
  await env.page.locator('.peer-live', { hasText: `price ${was} → ${was + 5}` }).waitFor();
  await env.page.evaluate(() =>
    (window as unknown as { probe: { off: (() => void)[] } }).probe.off.forEach((off) => off()),
  );
});

test('get_current_card_contacts_data and APP: contacts without a request, managers, current_card, formats, areas', async () => {
  await openCard(1007);
  const requestsBefore = env.sandbox.requests.length;
  const seen = await hook(env.page, async (sb) => {
    const app = (window as unknown as { APP: Record<string, any> }).APP; // eslint-disable-line @typescript-eslint/no-explicit-any
    const w = sb.widget();
    return {
      contacts: await w.get_current_card_contacts_data(),
      managers: JSON.parse(JSON.stringify(app.constant('managers'))),
      card: {
        id: app.data.current_card.id,
        main_user: app.data.current_card.main_user,
        element_type: app.data.current_card.element_type,
      },
      entity: app.data.current_entity,
      area: [app.widgets.system.area, w.system().area],
      sameSystem: w.system() === app.widgets.system,
      formats: JSON.parse(JSON.stringify(app.system.format.date)),
      cfTypes: [app.cf_types.date, app.cf_types.birthday, app.cf_types.date_time],
      elementTypes: [app.element_types.contacts, app.element_types.leads],
      pageRequests: sb.requests.length,
    };
  });
  const state = env.sandbox.state();
  expect(seen.contacts).toEqual(
    lead(1007).contacts.map((link) => {
      const c = state.contacts.find((x) => x.id === link.id)!;
      return {
        id: c.id,
        name: c.name,
        first_name: c.first_name,
        last_name: c.last_name,
        phones: c.phones,
        emails: c.emails,
      };
    }),
  );
  expect(seen.contacts.length).toBeGreaterThan(1);
  expect(env.sandbox.requests.length).toBe(requestsBefore);
  expect(seen.pageRequests).toBe(0);
  for (const u of state.users)
    expect(seen.managers[u.id]).toMatchObject({
      id: u.id,
      title: u.name,
      option: u.name,
      login: u.email,
      active: u.is_active,
      is_admin: u.is_admin ? 'Y' : 'N',
    });
  expect(seen.card).toEqual({ id: 1007, main_user: lead(1007).responsible_user_id, element_type: 2 });
  expect(seen.managers[seen.card.main_user].title).toBe(
    state.users.find((u) => u.id === lead(1007).responsible_user_id)!.name,
  );
  expect(seen.entity).toBe('leads');
  expect(seen.area).toEqual(['lcard', 'lcard']);
  expect(seen.sameSystem).toBe(true); // self.system() IS APP.widgets.system
  expect(seen.formats).toMatchObject({ date: 'DD.MM.YYYY', date_short: 'DD.MM', full: 'DD.MM.YYYY HH:mm' });
  expect(seen.cfTypes).toEqual([6, 14, 19]);
  expect(seen.elementTypes).toEqual([1, 2]);
  // Outside a card there are no card contacts.
  await hook(env.page, (sb) => sb.openList());
  expect(await hook(env.page, (sb) => sb.widget().get_current_card_contacts_data())).toEqual([]);
  expect(
    await env.page.evaluate(
      () => (window as unknown as { APP: { widgets: { system: { area: string } } } }).APP.widgets.system.area,
    ),
  ).toBe('llist');
});

test('the host modules a widget may define: jquery, underscore, backbone, moment, twigjs, text, modal; global Twig', async () => {
  const kinds = await env.page.evaluate(
    () =>
      new Promise<Record<string, string | boolean>>((resolve, reject) => {
        const req = (
          window as unknown as {
            requirejs: (ids: string[], ok: (...m: never[]) => void, fail: (e: Error) => void) => void;
          }
        ).requirejs;
        req(
          [
            'jquery',
            'underscore',
            'backbone',
            'moment',
            'twigjs',
            'text',
            'lib/components/base/modal',
            `text!/tmpl/controls/input.twig`,
          ],
          ((
            $: { fn: { jquery: string } },
            _: { escape(s: string): string },
            Backbone: { Model: unknown },
            moment: unknown,
            twig: (p: object) => { render(d: object): string },
            text: { load: unknown },
            Modal: { prototype: Record<string, unknown> },
            inputTemplate: string,
          ) =>
            resolve({
              jquery: $.fn.jquery,
              underscore: _.escape('<a>'),
              backbone: typeof Backbone.Model,
              moment: typeof moment,
              twig: twig({ data: '{{ a }}+{{ b }}' }).render({ a: 1, b: 2 }),
              text: typeof text.load,
              modal: ['destroy', 'showSuccess', 'showError'].every(
                (m) => typeof Modal.prototype[m] === 'function',
              ),
              textPlugin: inputTemplate.includes('text-input'),
              twigRegistry: typeof (window as unknown as { Twig: { Templates: { registry: object } } }).Twig
                .Templates.registry,
            })) as never,
          reject,
        );
      }),
  );
  expect(kinds).toEqual({
    jquery: '3.8.0',
    underscore: '&lt;a&gt;',
    backbone: 'function',
    moment: 'function',
    twig: '1+2',
    text: 'function',
    modal: true,
    textPlugin: true,
    twigRegistry: 'object',
  });
});

test('self.render renders the host control templates ({ref}) and a twig string ({data})', async () => {
  const html = await hook(env.page, (sb) => {
    const w = sb.widget();
    return {
      select: w.render(
        { ref: '/tmpl/controls/select.twig' },
        {
          id: 'probe-select',
          name: 'p[s]',
          class_name: 'probe',
          items: [
            { id: 1, option: 'One' },
            { id: 2, option: 'Two' },
          ],
          selected: 2,
        },
      ),
      button: w.render({ ref: '/tmpl/controls/button.twig' }, { id: 'probe-button', text: 'Go <now>' }),
      data: w.render({ data: '<i>{{ x }}</i>' }, { x: 'y' }),
    };
  });
  expect(html.select).toContain('<option value="2" selected>Two</option>');
  expect(html.select).toContain('name="p[s]"');
  expect(html.button).toContain('id="probe-button"');
  expect(html.button).toContain('Go &lt;now&gt;');
  expect(html.data).toBe('<i>y</i>');
});

test('self.render with {href, base_path} loads a template file of the widget (promised or with load)', async () => {
  const html = await hook(env.page, async (sb) => {
    const w = sb.widget();
    const base = { href: '/templates/card.twig', base_path: w.params.path };
    const promised = (
      await (w.render({ ...base, promised: true }, {}) as unknown as Promise<{
        render(d: object): string;
      }>)
    ).render({ greeting: 'Hi', lead_id: 1 });
    const loaded = await new Promise<string>((resolve) =>
      w.render({
        ...base,
        load: (t: { render(d: object): string }) => resolve(t.render({ greeting: 'Yo', lead_id: 2 })),
      }),
    );
    return [promised, loaded].map((h) => h.split('\n')[0]);
  });
  expect(html).toEqual([
    '<div class="peer-hello" data-code="">Hi 1</div>',
    '<div class="peer-hello" data-code="">Yo 2</div>',
  ]);
  expect(env.sandbox.failures).toEqual([]);
});

test('page:reload re-opens the card without a browser reload: destroy steps, a new widget object, fresh fields', async () => {
  await openCard(1006);
  const before = await hook(env.page, (sb) => ({
    id: sb.pageLoadId,
    instances: sb.instances,
    reloads: sb.pageReloads,
  }));
  await hook(env.page, (sb) => void (sb.calls.length = 0));
  // An edit the card's own fields do not show until the card is opened again.
  const oldName = lead(1006).name;
  await control(env.sandbox).editLead(1006, { name: 'Переименована на сервере' });
  await env.page.locator('.peer-live', { hasText: 'Переименована' }).waitFor();
  expect(await env.page.locator('#sb-card-fields h1').textContent()).toBe(oldName);
  await env.page.evaluate(() =>
    (window as unknown as { jQuery: (d: Document) => { trigger(e: string): void } })
      .jQuery(document)
      .trigger('page:reload'),
  );
  await env.page.locator('#sb-card-fields h1', { hasText: 'Переименована на сервере' }).waitFor();
  await env.page.locator('.peer-hello', { hasText: 'lead 1006' }).waitFor();
  const after = await hook(env.page, (sb) => ({
    id: sb.pageLoadId,
    instances: sb.instances,
    reloads: sb.pageReloads,
  }));
  expect(after).toEqual({ id: before.id, instances: before.instances + 1, reloads: before.reloads + 1 });
  expect(await env.page.locator('#sb-page-reloads').textContent()).toBe(
    `Card re-opened (page:reload) ×${after.reloads}`,
  );
  // The old object was destroyed (and its block removed); the new one got the whole sequence.
  expect(await hook(env.page, (sb) => sb.calls.map((c) => `${c.name}:${c.returned}`))).toEqual([
    'destroy:undefined',
    'render:promise',
    'bind_actions:true',
    'init:true',
  ]);
  expect(await env.page.locator(`.card-widgets__widget-${code()}`).count()).toBe(1);
});
