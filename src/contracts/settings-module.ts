// What script.js asks of settings.js, the settings page's own AMD module. script.js loads it through RequireJS
// only when the settings modal opens or a save needs it, so the module arrives at run time from another file:
// it is checked against this shape where it enters (isSettingsModule), and a stale or foreign file fails
// visibly instead of half-working.
import type { ApiClient } from '../api/types';
import type { Translate } from './services';
import type { WidgetSettings } from './settings';

export interface SettingsPageOptions {
  t: Translate;
  api: Pick<ApiClient, 'getPipelines'>;
  /** The saved settings the page starts from; later edits live in the page until the host saves them. */
  initial: WidgetSettings;
  /** The account's domain: it picks the pixel (amoCRM or Kommo) and the API address of the snippets. */
  accountHost: string;
  /** Every edit, as the JSON string the `custom` field stores. */
  onChange(json: string): void;
}

export interface MountedSettingsPage {
  /** After a refused save: every invalid field shows its message, edited or not. */
  showErrors(): void;
  unmount(): void;
}

export interface SettingsModule {
  /** Draws the settings page into `el` (which the page owns until unmount). */
  mountSettingsPage(el: HTMLElement, options: SettingsPageOptions): MountedSettingsPage;
  /** i18n keys of what blocks saving these settings, by field; empty when they can be saved. */
  validateSettings(settings: WidgetSettings): Partial<Record<string, string>>;
}

export function isSettingsModule(value: unknown): value is SettingsModule {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof SettingsModule, unknown>>;
  return (
    typeof candidate.mountSettingsPage === 'function' && typeof candidate.validateSettings === 'function'
  );
}
