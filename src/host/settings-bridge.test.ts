import { waitFor } from '@testing-library/preact';
import { PIPELINES } from '../lead-panel/test-utils';
import { createTranslate } from '../ui/i18n';
import en from '../../i18n/en.json';
import { createSettingsBridge } from './settings-bridge';
import type { HostJQuery, JQueryLike } from '@amocrm/widget-types';

function modal(code: string, saved: string) {
  document.body.innerHTML = `<div class="modal-body"><input type="hidden" id="${code}_custom" name="custom" value='${saved}'><div id="${code}_custom_content"></div></div>`;
  const body = document.querySelector('.modal-body') as HTMLElement;
  return { length: 1, 0: body, find: () => ({}) as JQueryLike, trigger: () => ({}) as JQueryLike } as unknown as JQueryLike;
}

function bridgeFor(code: string, saved = '') {
  const changes: string[] = [];
  const $ = ((el: HTMLInputElement) => ({ trigger: (name: string) => name === 'change' && changes.push(el.value) })) as unknown as HostJQuery;
  const bridge = createSettingsBridge({
    doc: document,
    $,
    t: createTranslate(en),
    api: { getPipelines: async () => PIPELINES },
    widgetCode: () => code,
    savedValue: () => saved,
    accountHost: () => 'acme.amocrm.ru',
  });
  return { bridge, changes };
}

describe('settings bridge', () => {
  it('renders into the content div, restores the saved JSON, writes the hidden input and fires change', async () => {
    const saved = JSON.stringify({ linking: { siteUrl: 'https://a.example', hiddenField: 'vid' } });
    const body = modal('w_x1', saved);
    const { bridge, changes } = bridgeFor('w_x1', saved);
    expect(bridge.open(body)).toBe(true);
    const site = document.getElementById('lqa-set-site') as HTMLInputElement;
    expect(site.value).toBe('https://a.example');
    site.value = 'https://b.example';
    site.dispatchEvent(new Event('input', { bubbles: true }));
    await waitFor(() => expect(changes.length).toBe(1));
    const input = document.getElementById('w_x1_custom') as HTMLInputElement;
    expect(JSON.parse(input.value).linking.siteUrl).toBe('https://b.example');
    expect(bridge.save({ fields: { custom: input.value }, active: 'Y' })).toBe(true);
  });

  it('blocks an invalid save with a rejected promise and shows the messages', async () => {
    const body = modal('w_x2', '');
    const { bridge } = bridgeFor('w_x2');
    bridge.open(body);
    const bad = JSON.stringify({ linking: { hiddenField: 'no spaces allowed' } });
    await expect(bridge.save({ fields: { custom: bad }, active: 'Y' })).rejects.toThrow('Some settings need fixing');
    await expect(bridge.save({ fields: { custom: '{not json' }, active: 'Y' })).rejects.toThrow('damaged');
    expect(bridge.save({ fields: { custom: bad }, active: 'N' })).toBe(true);
    bridge.close();
    expect(document.querySelector('.lqa-settings')).toBeNull();
  });
});
