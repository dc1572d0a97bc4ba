// The settings page as the settings modal (src/settings-modal.tsx, in settings.js) uses it: draw it into an
// element, show every message after a refused save, check settings without the page.
import { h, render } from 'preact';
import type { ApiClient } from '../api/types';
import type { Translate } from '../contracts/services';
import type { WidgetSettings } from '../contracts/settings';
import { SettingsPage } from './SettingsPage';

export { validateSettings } from './validate';

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

/** Draws the settings page into `el` (which the page owns until unmount). */
export function mountSettingsPage(
  el: HTMLElement,
  { onChange, ...options }: SettingsPageOptions,
): MountedSettingsPage {
  // Rendering again with the same component keeps the page's state: showErrors only adds the messages.
  const draw = (showErrors: boolean) =>
    render(h(SettingsPage, { ...options, showErrors, onChange: (json: string) => onChange(json) }), el);
  draw(false);
  return { showErrors: () => draw(true), unmount: () => render(null, el) };
}
