// What script.js asks of settings.js, the settings modal's own AMD module. script.js loads it through RequireJS
// only when the settings modal opens or a save needs it (src/settings-shell.tsx), so the module arrives at run
// time from another file: it is checked against this shape where it enters (isSettingsModule), and a stale or
// foreign file fails visibly instead of half-working. Everything the modal does once it is here — finding our
// field, drawing the page, checking a save — is settings.js's (src/settings-modal.tsx).
import type { HostJQuery, JQueryLike, SaveEvent } from '@amocrm/widget-types';
import type { ApiClient } from '../api/types';
import type { Translate } from './services';

/** What script.js hands settings.js: the host's parts the modal needs (settings.js never reads APP or the widget). */
export interface SettingsModalHost {
  doc: Document;
  $: HostJQuery;
  /** The widget's code (the `custom` field's ids derive from it); null when the host did not give it. */
  widgetCode(): string | null;
  /** The saved `custom` value as the host gave it (params / get_settings). */
  savedValue(): unknown;
  t: Translate;
  api: Pick<ApiClient, 'getPipelines'>;
  /** The account's domain: it picks the pixel (amoCRM or Kommo) and the API address of the snippets. */
  accountHost(): string;
}

/** The settings modal once settings.js is here. */
export interface SettingsModal {
  /** The `settings` callback: draws the page into our field (replacing a page drawn before). */
  open($modalBody?: JQueryLike): void;
  /** The `onSave` callback (not for disabling): true when the settings may be saved; throws the reason to show. */
  save(event: SaveEvent): true;
  close(): void;
}

export interface SettingsModule {
  createSettingsModal(host: SettingsModalHost): SettingsModal;
}

export function isSettingsModule(value: unknown): value is SettingsModule {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<Record<keyof SettingsModule, unknown>>).createSettingsModal === 'function'
  );
}
