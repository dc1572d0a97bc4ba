// The settings modal across settings.js's late arrival: script.js's shell with fake loaders that resolve late,
// reject, or hand over something else, and the real settings module (src/settings-modal.tsx) when they resolve.
import { screen, waitFor } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import type { HostJQuery, JQueryLike } from '@amocrm/widget-types';
import { PIPELINES } from './lead-panel/test-utils';
import { createTranslate } from './contracts/translate';
import { createSettingsShell } from './settings-shell';
import settingsModule from './settings-modal';
import en from '../i18n/en.json';
import ru from '../i18n/ru.json';
import es from '../i18n/es.json';
import pt from '../i18n/pt.json';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const CODE = 'w_set1';
const VALID = JSON.stringify({ linking: { siteUrl: 'https://a.example', hiddenField: 'vid' } });
const INVALID = JSON.stringify({ linking: { hiddenField: 'two words' } });

/** The platform's modal with our custom field holding `saved`, and a modal controller over `loadModule`. */
function setup(loadModule: () => Promise<unknown>, saved = VALID) {
  document.body.innerHTML = `<div class="modal-body"><input type="hidden" id="${CODE}_custom" value=""><div id="${CODE}_custom_content"></div></div>`;
  const input = document.getElementById(`${CODE}_custom`) as HTMLInputElement;
  input.value = saved;
  const body = { length: 1, 0: document.querySelector('.modal-body') } as unknown as JQueryLike;
  const changes: string[] = [];
  const $ = ((el: HTMLInputElement) => ({
    trigger: (name: string) => name === 'change' && changes.push(el.value),
  })) as unknown as HostJQuery;
  const load = jest.fn(loadModule);
  const modal = createSettingsShell({
    loadModule: load,
    host: {
      doc: document,
      $,
      widgetCode: () => CODE,
      savedValue: () => '',
      t: createTranslate(en),
      api: { getPipelines: async () => PIPELINES },
      accountHost: () => 'acme.amocrm.ru',
    },
  });
  return { modal, body, input, changes, load };
}

const siteBox = () => screen.queryByRole('textbox', { name: 'Site address' }) as HTMLInputElement | null;

describe('settings modal with settings.js loaded on demand', () => {
  it('says it is loading until the module arrives, then draws the saved settings; edits reach the hidden input', async () => {
    const arrival = deferred<unknown>();
    const { modal, body, input, changes } = setup(() => arrival.promise);
    expect(modal.open(body)).toBe(true);
    expect(screen.getByRole('status')).toHaveTextContent('Loading the settings…');
    expect(siteBox()).toBeNull();
    arrival.resolve(settingsModule);
    await waitFor(() => expect(siteBox()).toHaveValue('https://a.example'));
    expect(screen.queryByText('Loading the settings…')).toBeNull();
    await userEvent.clear(siteBox()!);
    await userEvent.type(siteBox()!, 'b.example');
    expect(JSON.parse(input.value).linking.siteUrl).toBe('b.example');
    expect(JSON.parse(changes.at(-1)!).linking.siteUrl).toBe('b.example');
  });

  it('a Save before the module arrives waits for it, then refuses invalid settings and shows why', async () => {
    const arrival = deferred<unknown>();
    const { modal, body } = setup(() => arrival.promise, INVALID);
    modal.open(body);
    const saving = modal.save({ fields: { custom: INVALID }, active: 'Y' });
    expect(saving).toBeInstanceOf(Promise);
    arrival.resolve(settingsModule);
    await expect(saving).rejects.toThrow('Some settings need fixing');
    // The page shows the message of a field nobody edited, as after any refused save.
    await waitFor(() =>
      expect(screen.getByRole('textbox', { name: 'Hidden field name' })).toHaveAccessibleDescription(
        /Use field names of letters/,
      ),
    );
  });

  it('a Save before the module arrives resolves true for valid settings; damaged JSON is refused as before', async () => {
    const arrival = deferred<unknown>();
    const { modal, body } = setup(() => arrival.promise);
    modal.open(body);
    const valid = modal.save({ fields: { custom: VALID }, active: 'Y' });
    const damaged = modal.save({ fields: { custom: '{not json' }, active: 'Y' });
    arrival.resolve(settingsModule);
    await expect(valid).resolves.toBe(true);
    await expect(damaged).rejects.toThrow('damaged');
  });

  it('a save with no modal open (nothing drawn) still validates what the platform hands over', async () => {
    const { modal } = setup(async () => settingsModule);
    await expect(modal.save({ fields: { custom: INVALID }, active: 'Y' })).rejects.toThrow(
      'Some settings need fixing',
    );
    await expect(modal.save({ fields: { custom: VALID }, active: 'Y' })).resolves.toBe(true);
  });

  it('disabling the widget never waits for (or loads) the module', () => {
    const { modal, load } = setup(() => new Promise(() => undefined));
    expect(modal.save({ fields: { custom: '{not json' }, active: 'N' })).toBe(true);
    expect(load).not.toHaveBeenCalled();
  });

  it('a module that fails to load: a clear message, the save refused with the reason, the value kept; Retry draws the page', async () => {
    let fail = true;
    const { modal, body, input, load } = setup(() =>
      fail ? Promise.reject(new Error('Script error')) : Promise.resolve(settingsModule),
    );
    const typedBefore = input.value;
    modal.open(body);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The settings page could not be loaded. Your saved settings are kept');
    await expect(modal.save({ fields: { custom: input.value }, active: 'Y' })).rejects.toThrow(
      'The settings could not be checked because the settings page did not load',
    );
    expect(input.value).toBe(typedBefore);
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(siteBox()).toHaveValue('https://a.example'));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(load).toHaveBeenCalledTimes(3);
    await expect(modal.save({ fields: { custom: input.value }, active: 'Y' })).resolves.toBe(true);
  });

  it('a file that is not the settings module counts as a failed load', async () => {
    const { modal, body } = setup(async () => ({ default: settingsModule }));
    modal.open(body);
    expect(await screen.findByRole('alert')).toHaveTextContent('could not be loaded');
  });

  it('is loaded once for every open and save of the page session', async () => {
    const { modal, body, load } = setup(async () => settingsModule);
    modal.open(body);
    await waitFor(() => expect(siteBox()).not.toBeNull());
    await modal.save({ fields: { custom: VALID }, active: 'Y' });
    modal.close();
    modal.open(body);
    await waitFor(() => expect(siteBox()).not.toBeNull());
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('closed before the module arrives: nothing is drawn later; close removes everything it drew', async () => {
    const arrival = deferred<unknown>();
    const { modal, body } = setup(() => arrival.promise);
    modal.open(body);
    modal.close();
    arrival.resolve(settingsModule);
    await arrival.promise;
    await new Promise((r) => setTimeout(r, 0));
    expect(document.getElementById(`${CODE}_custom_content`)!.childElementCount).toBe(0);
    modal.open(body);
    await waitFor(() => expect(siteBox()).not.toBeNull());
    modal.close();
    expect(document.getElementById(`${CODE}_custom_content`)!.innerHTML).toBe('');
  });

  it('opening again replaces the page instead of adding a second one', async () => {
    const { modal, body } = setup(async () => settingsModule);
    modal.open(body);
    modal.open(body);
    await waitFor(() => expect(siteBox()).not.toBeNull());
    expect(document.querySelectorAll('.lqa-settings')).toHaveLength(1);
  });

  it("the modal's own messages exist in all four locales", () => {
    for (const locale of [en, ru, es, pt]) {
      const t = createTranslate(locale);
      for (const key of ['settings_loading', 'settings_unavailable', 'settings_retry', 'settings_unchecked'])
        expect(t(`host.${key}`)).not.toBe(`host.${key}`);
    }
  });
});
