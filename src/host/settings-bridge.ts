// The settings modal's amoCRM side (PLATFORM.md §2): the manifest's one `custom` field gives a hidden input
// `#<code>_custom` that holds our settings as a JSON string, and an empty div `#<code>_custom_content` for our
// page. This file only finds them, reads the value and writes it back (triggering `change` so the form notices).
// What is drawn there and how a save is checked belong to the settings module; src/root.ts wires the two.
import type { HostJQuery, JQueryLike, SaveEvent } from '@amocrm/widget-types';

export interface SettingsFormOptions {
  doc: Document;
  $: HostJQuery;
  widgetCode: () => string | null;
  /** The saved `custom` value as the host gave it (params / get_settings). */
  savedValue: () => unknown;
}

/** Our field in the open modal: the div our page is drawn into, and the hidden input when the host rendered one. */
export interface SettingsFormSlot {
  content: HTMLElement;
  input: HTMLInputElement | null;
}

export interface SettingsForm {
  /** Our field in the modal; null when the modal has neither the div nor the input (or the code is unknown). */
  find($modalBody?: JQueryLike): SettingsFormSlot | null;
  /** The value the page starts from: what the input holds, else what the host saved. */
  startValue(slot: SettingsFormSlot): unknown;
  /** The value a save is about: what the platform hands onSave, else the input, else what the host saved. */
  saveValue(event: SaveEvent | undefined, slot: SettingsFormSlot | null): unknown;
  /** Puts the settings JSON into the hidden input and tells the platform's form it changed. */
  write(slot: SettingsFormSlot, json: string): void;
}

function findIn(root: ParentNode | null, doc: Document, id: string): HTMLElement | null {
  const escaped = typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(id) : id;
  return (root?.querySelector(`#${escaped}`) as HTMLElement | null) ?? doc.getElementById(id);
}

/** onSave also runs when the widget is being disabled; then nothing is to be checked. */
export function isDisabling(active: SaveEvent['active']): boolean {
  return active === 'N' || active === false || active === 'false';
}

export function createSettingsForm(options: SettingsFormOptions): SettingsForm {
  const { doc, $ } = options;
  return {
    find($modalBody) {
      const code = options.widgetCode();
      if (!code) return null;
      const root = $modalBody && $modalBody.length ? ($modalBody[0] as ParentNode) : null;
      const input = findIn(root, doc, `${code}_custom`) as HTMLInputElement | null;
      let content = findIn(root, doc, `${code}_custom_content`);
      if (!content) {
        // Some hosts render only the input: give the page a place right after it (or in the modal body).
        content = doc.createElement('div');
        content.id = `${code}_custom_content`;
        if (input?.parentNode) input.parentNode.insertBefore(content, input.nextSibling);
        else if (root instanceof HTMLElement) root.appendChild(content);
        else return null;
      }
      return { content, input };
    },
    startValue(slot) {
      return slot.input && slot.input.value.trim() !== '' ? slot.input.value : options.savedValue();
    },
    saveValue(event, slot) {
      return event?.fields?.custom ?? slot?.input?.value ?? options.savedValue();
    },
    write(slot, json) {
      if (!slot.input) return;
      slot.input.value = json;
      ($(slot.input) as { trigger?: (name: string) => unknown }).trigger?.('change');
    },
  };
}
