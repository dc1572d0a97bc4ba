// The composition root with a fake amoCRM: the settings page is loaded only by the settings modal (or a save),
// also when the modal is the first thing the widget does on the page.
import { screen, waitFor } from '@testing-library/preact';
import type { HostJQuery, JQueryLike, Widget } from '@amocrm/widget-types';
import { createCallbacks } from './root';
import settingsModule from './settings-modal';
import en from '../i18n/en.json';

const PIPELINES_JSON = JSON.stringify({
  _embedded: {
    pipelines: [{ id: 7, name: 'Sales', _embedded: { statuses: [{ id: 71, name: 'New', sort: 10 }] } }],
  },
});

/** jQuery as the host gives it: `$.ajax` answering every GET with the pipelines, `$(el).trigger`. */
function fakeJQuery() {
  const $ = ((target: unknown) => ({ trigger: () => target })) as unknown as HostJQuery & { ajax: jest.Mock };
  $.ajax = jest.fn((settings: { complete(xhr: unknown, status: string): void }) => {
    setTimeout(() =>
      settings.complete(
        { status: 200, responseText: PIPELINES_JSON, getResponseHeader: () => 'application/json' },
        'success',
      ),
    );
    return { abort: () => undefined };
  });
  return $;
}

function fakeWidget(code: string, area: string) {
  return {
    params: { widget_code: code, path: `/widgets/${code}`, version: '2.0.1', custom: '' },
    system: () => ({ area }),
    get_settings: () => ({ widget_code: code, path: `/widgets/${code}`, version: '2.0.1' }),
    get_version: () => '2.0.1',
    langs: en,
    i18n: () => undefined,
    render_template: jest.fn(),
    listenSocketChannel: jest.fn(() => () => undefined),
  } as unknown as Widget;
}

function settingsModal(code: string) {
  document.body.innerHTML = `<div class="modal-body"><input type="hidden" id="${code}_custom" value=""><div id="${code}_custom_content"></div></div>`;
  return { length: 1, 0: document.querySelector('.modal-body') } as unknown as JQueryLike;
}

afterEach(() => {
  delete (window as { APP?: unknown }).APP;
  document.head.innerHTML = '';
});

describe('composition root and settings.js', () => {
  it('the settings modal as the first thing on the page (no card opened before): loads ./settings.js and draws the page', async () => {
    (window as { APP?: unknown }).APP = { data: { current_card: false } };
    const loadModule = jest.fn(async () => settingsModule);
    const callbacks = createCallbacks(fakeWidget('w_root1', 'settings'), fakeJQuery(), { loadModule });
    expect(callbacks.render()).toBe(true);
    expect(loadModule).not.toHaveBeenCalled();
    callbacks.settings!(settingsModal('w_root1'));
    expect(loadModule).toHaveBeenCalledWith('./settings.js', '2.0.1');
    expect(document.head.querySelector('link[rel="stylesheet"]')?.getAttribute('href')).toBe(
      '/widgets/w_root1/style.css?v=2.0.1',
    );
    await waitFor(() => expect(screen.getByRole('checkbox', { name: 'Sales' })).toBeInTheDocument());
    await expect(
      callbacks.onSave({ fields: { custom: '{"linking":{"hiddenField":"a b"}}' }, active: 'Y' }),
    ).rejects.toThrow('Some settings need fixing');
    callbacks.destroy();
    expect(document.querySelector('.lqa-settings')).toBeNull();
  });

  it('a lead card never loads the settings module', () => {
    (window as { APP?: unknown }).APP = { data: { current_card: { id: 5 } } };
    const loadModule = jest.fn(async () => settingsModule);
    const widget = fakeWidget('w_root2', 'lcard');
    const callbacks = createCallbacks(widget, fakeJQuery(), { loadModule });
    callbacks.render();
    callbacks.init();
    callbacks.bind_actions();
    callbacks.destroy();
    expect(widget.render_template).toHaveBeenCalled();
    expect(loadModule).not.toHaveBeenCalled();
  });

  it('a save with the modal never drawn still waits for the module and validates', async () => {
    const loadModule = jest.fn(async () => settingsModule);
    const callbacks = createCallbacks(fakeWidget('w_root3', 'settings'), fakeJQuery(), { loadModule });
    await expect(
      callbacks.onSave({ fields: { custom: '{"linking":{"siteUrl":"https://x.example"}}' }, active: 'Y' }),
    ).resolves.toBe(true);
    expect(loadModule).toHaveBeenCalledTimes(1);
  });
});
