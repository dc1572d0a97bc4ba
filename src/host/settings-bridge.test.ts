import type { HostJQuery, JQueryLike } from '@amocrm/widget-types';
import { createSettingsForm, isDisabling } from './settings-bridge';

function modal(html: string) {
  document.body.innerHTML = `<div class="modal-body">${html}</div>`;
  const body = document.querySelector('.modal-body') as HTMLElement;
  return { length: 1, 0: body } as unknown as JQueryLike;
}

function formFor(code: string | null, saved: unknown = '') {
  const changes: string[] = [];
  const $ = ((el: HTMLInputElement) => ({
    trigger: (name: string) => name === 'change' && changes.push(el.value),
  })) as unknown as HostJQuery;
  const form = createSettingsForm({ doc: document, $, widgetCode: () => code, savedValue: () => saved });
  return { form, changes };
}

describe('settings form (the amoCRM side of the settings modal)', () => {
  it('finds our hidden input and content div by the widget code, never a fixed name', () => {
    const body = modal('<input type="hidden" id="w_1_custom" value=""><div id="w_1_custom_content"></div>');
    const slot = formFor('w_1').form.find(body);
    expect(slot?.content.id).toBe('w_1_custom_content');
    expect(slot?.input?.id).toBe('w_1_custom');
    expect(formFor('w_2').form.find(body)?.input ?? null).toBeNull();
  });

  it('gives the page a place right after the input when the host rendered only the input', () => {
    const body = modal('<input type="hidden" id="w_3_custom" value=""><p>after</p>');
    const slot = formFor('w_3').form.find(body)!;
    expect(slot.content.previousElementSibling).toBe(slot.input);
    expect(slot.content.id).toBe('w_3_custom_content');
  });

  it('without a widget code, or with neither element nor modal body, there is no slot', () => {
    modal('');
    expect(formFor(null).form.find(modal('<div id="x_custom_content"></div>'))).toBeNull();
    document.body.innerHTML = '';
    expect(formFor('w_4').form.find(undefined)).toBeNull();
  });

  it('starts from what the input holds, else from what the host saved', () => {
    const body = modal('<input type="hidden" id="w_5_custom" value=""><div id="w_5_custom_content"></div>');
    const { form } = formFor('w_5', '{"saved":1}');
    const slot = form.find(body)!;
    expect(form.startValue(slot)).toBe('{"saved":1}');
    slot.input!.value = '{"typed":1}';
    expect(form.startValue(slot)).toBe('{"typed":1}');
  });

  it('a save is about the fields the platform hands over, else the input, else the saved value', () => {
    const body = modal(
      '<input type="hidden" id="w_6_custom" value="{&quot;input&quot;:1}"><div id="w_6_custom_content"></div>',
    );
    const { form } = formFor('w_6', 'saved');
    const slot = form.find(body)!;
    expect(form.saveValue({ fields: { custom: 'given' } }, slot)).toBe('given');
    expect(form.saveValue({ fields: {} }, slot)).toBe('{"input":1}');
    expect(form.saveValue({ fields: {} }, null)).toBe('saved');
  });

  it('writes the JSON into the hidden input and triggers change so the form notices', () => {
    const body = modal('<input type="hidden" id="w_7_custom" value=""><div id="w_7_custom_content"></div>');
    const { form, changes } = formFor('w_7');
    const slot = form.find(body)!;
    form.write(slot, '{"a":1}');
    expect(slot.input!.value).toBe('{"a":1}');
    expect(changes).toEqual(['{"a":1}']);
  });

  it('knows a disabling save in each of the shapes hosts send', () => {
    for (const active of ['N', false, 'false']) expect(isDisabling(active)).toBe(true);
    for (const active of ['Y', true, undefined]) expect(isDisabling(active)).toBe(false);
  });
});
