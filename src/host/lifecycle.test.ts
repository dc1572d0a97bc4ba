import type { AmoApp, Widget } from '@amocrm/widget-types';
import { createLeadCardLifecycle, panelMountId } from './lifecycle';

function setup(opts: { area?: string; card?: AmoApp['data']['current_card']; code?: string; placeBlock?: 'sync' | 'late' | 'never' } = {}) {
  document.head.innerHTML = '';
  document.body.innerHTML = '<div id="widgets-column"></div>';
  const code = opts.code ?? 'wq_' + Math.random().toString(36).slice(2, 8);
  const app: AmoApp = { data: { current_card: opts.card === undefined ? { id: 101 } : opts.card } };
  const placed: string[] = [];
  const column = document.getElementById('widgets-column')!;
  const placeBlock = opts.placeBlock ?? 'sync';
  const widget = {
    params: { widget_code: code, path: '/widgets/' + code, version: '1.2.3' },
    system: () => ({ area: opts.area ?? 'lcard' }),
    // As amoCRM: the twig `render` string, then `body`, inserted at once (§4a).
    render_template: jest.fn((o: { body: string; render: string }) => {
      placed.push(o.render + o.body);
      if (placeBlock === 'sync') column.insertAdjacentHTML('beforeend', `<div class="host-block">${o.render}${o.body}</div>`);
    }),
    get_settings: () => ({ widget_code: code, path: '/widgets/' + code, version: '1.2.3' }),
    get_version: () => '1.2.3',
    listenSocketChannel: jest.fn(),
  } as unknown as Widget;
  const mounts: { leadId: number; el: HTMLElement }[] = [];
  const unmounts: number[] = [];
  const lifecycle = createLeadCardLifecycle({
    widget,
    getApp: () => app,
    doc: document,
    mountPanel: (el, leadId) => {
      mounts.push({ leadId, el });
      el.textContent = `panel ${leadId}`;
      return () => {
        unmounts.push(leadId);
        el.textContent = '';
      };
    },
  });
  return { lifecycle, widget, app, code, mounts, unmounts, placed, column };
}

const links = () => document.head.querySelectorAll('link[rel="stylesheet"]');

describe('lead card lifecycle', () => {
  it('mounts one panel for the saved lead, and all callbacks return true', () => {
    const { lifecycle, mounts, code } = setup();
    expect(lifecycle.render()).toBe(true);
    expect(lifecycle.init()).toBe(true);
    expect(lifecycle.bindActions()).toBe(true);
    expect(mounts).toHaveLength(1);
    expect(mounts[0].leadId).toBe(101);
    expect(document.getElementById(panelMountId(code))?.textContent).toBe('panel 101');
  });

  it('takes the widget code from params, never a fixed name', () => {
    const { lifecycle, widget } = setup({ code: 'zz_random_42' });
    lifecycle.render();
    expect(document.getElementById('zz_random_42-lead-panel')).not.toBeNull();
    expect((widget.render_template as jest.Mock).mock.calls[0][0].caption.class_name).toBe('zz_random_42-caption');
  });

  it('render twice for the same card mounts once and places one block', () => {
    const { lifecycle, mounts, widget } = setup();
    lifecycle.render();
    lifecycle.init();
    lifecycle.render();
    lifecycle.bindActions();
    expect(mounts).toHaveLength(1);
    expect(widget.render_template).toHaveBeenCalledTimes(1);
    expect(document.querySelectorAll('.lqa-mount')).toHaveLength(1);
  });

  it('links the stylesheet once from params.path with ?v=version', () => {
    const { lifecycle, app, code } = setup();
    lifecycle.render();
    lifecycle.destroy();
    app.data.current_card = { id: 202 };
    lifecycle.render();
    lifecycle.render();
    expect(links()).toHaveLength(1);
    expect(links()[0].getAttribute('href')).toBe(`/widgets/${code}/style.css?v=1.2.3`);
  });

  it('destroy without render is harmless', () => {
    const { lifecycle, mounts, unmounts } = setup();
    expect(() => lifecycle.destroy()).not.toThrow();
    lifecycle.destroy();
    expect(mounts).toHaveLength(0);
    expect(unmounts).toHaveLength(0);
  });

  it('destroy unmounts and leaves none of our DOM', () => {
    const { lifecycle, unmounts, code } = setup();
    lifecycle.render();
    lifecycle.destroy();
    expect(unmounts).toEqual([101]);
    expect(document.getElementById(panelMountId(code))).toBeNull();
    expect(lifecycle.mountedLeadId()).toBeNull();
  });

  it('switching to another lead remounts for it (with or without destroy in between)', () => {
    const { lifecycle, app, mounts, unmounts } = setup();
    lifecycle.render();
    app.data.current_card = { id: 202 };
    lifecycle.destroy();
    lifecycle.render();
    app.data.current_card = { id: 303 };
    lifecycle.render();
    expect(mounts.map((m) => m.leadId)).toEqual([101, 202, 303]);
    expect(unmounts).toEqual([101, 202]);
    expect(document.querySelectorAll('.lqa-mount')).toHaveLength(1);
    expect(lifecycle.mountedLeadId()).toBe(303);
  });

  it.each([
    ['a new unsaved card (id 0)', { card: { id: 0 } }],
    ['no card at all', { card: false as const }],
    ['a contact card', { area: 'ccard', card: { id: 5 } }],
    ['a list page', { area: 'llist', card: false as const }],
  ])('%s renders nothing and still returns true', (_name, opts) => {
    const { lifecycle, mounts, widget } = setup(opts);
    expect(lifecycle.render()).toBe(true);
    expect(lifecycle.init()).toBe(true);
    expect(lifecycle.bindActions()).toBe(true);
    expect(mounts).toHaveLength(0);
    expect(widget.render_template).not.toHaveBeenCalled();
    expect(links()).toHaveLength(0);
  });

  it('leaving a saved card for a new card unmounts the old panel', () => {
    const { lifecycle, app, unmounts } = setup();
    lifecycle.render();
    app.data.current_card = { id: 0 };
    lifecycle.render();
    expect(unmounts).toEqual([101]);
  });

  it('mounts in the same render call: amoCRM inserts the block synchronously', () => {
    const { lifecycle, mounts } = setup();
    lifecycle.render();
    expect(mounts).toHaveLength(1);
  });

  it('a block placed only after render is mounted by bind_actions (which amoCRM may call before init)', () => {
    const { lifecycle, mounts, placed, column } = setup({ placeBlock: 'late' });
    lifecycle.render();
    expect(mounts).toHaveLength(0);
    column.insertAdjacentHTML('beforeend', placed[0]);
    lifecycle.bindActions();
    lifecycle.init();
    expect(mounts).toHaveLength(1);
  });

  it('a block that never appears mounts nothing, and destroy forgets it', () => {
    const { lifecycle, mounts, placed, column } = setup({ placeBlock: 'never' });
    lifecycle.render();
    lifecycle.destroy();
    column.insertAdjacentHTML('beforeend', placed[0]);
    lifecycle.init();
    lifecycle.bindActions();
    expect(mounts).toHaveLength(0);
    expect(lifecycle.mountedLeadId()).toBeNull();
  });

  it('accepts a string lead id from the host', () => {
    const { lifecycle, mounts } = setup({ card: { id: '777' } });
    lifecycle.render();
    expect(mounts[0].leadId).toBe(777);
  });

  it('without system().area it falls back to the base entity, and still needs a saved lead', () => {
    const { lifecycle, widget, mounts, app } = setup();
    (widget as unknown as { system: () => object }).system = () => ({});
    app.getBaseEntity = () => 'contacts';
    lifecycle.render();
    expect(mounts).toHaveLength(0);
    app.getBaseEntity = () => 'leads';
    lifecycle.render();
    expect(mounts).toHaveLength(1);
  });

  it('mounts without params.path, only skipping the stylesheet', () => {
    const { lifecycle, widget, mounts } = setup();
    (widget as unknown as { params: object }).params = { widget_code: 'abc_1' };
    (widget as unknown as { get_settings: () => object }).get_settings = () => ({});
    lifecycle.render();
    expect(mounts).toHaveLength(1);
    expect(links()).toHaveLength(0);
  });

  it('passes the markup once, in body, with an empty twig render (amoCRM shows both)', () => {
    const { lifecycle, widget, code } = setup();
    lifecycle.render();
    const options = (widget.render_template as jest.Mock).mock.calls[0][0];
    expect(options.render).toBe('');
    expect(options.body).toBe(`<div id="${panelMountId(code)}" class="lqa-mount"></div>`);
    expect(document.querySelectorAll('.lqa-mount')).toHaveLength(1);
  });

  it('a repeated render alone (the area re-entered on a live instance) after destroy mounts the new card', () => {
    const { lifecycle, app, mounts, widget } = setup();
    lifecycle.render();
    lifecycle.init();
    lifecycle.bindActions();
    lifecycle.destroy();
    // The host removes the block after destroy (§4a).
    document.getElementById('widgets-column')!.innerHTML = '';
    app.data.current_card = { id: 202 };
    lifecycle.render();
    expect(mounts.map((m) => m.leadId)).toEqual([101, 202]);
    expect(widget.render_template).toHaveBeenCalledTimes(2);
    expect(document.querySelectorAll('.lqa-mount')).toHaveLength(1);
  });

  it('renders nothing without a widget code', () => {
    const { lifecycle, widget, mounts } = setup();
    (widget as unknown as { params: object }).params = { path: '/x', version: '1' };
    (widget as unknown as { get_settings: () => object }).get_settings = () => ({});
    expect(lifecycle.render()).toBe(true);
    expect(mounts).toHaveLength(0);
  });
});
