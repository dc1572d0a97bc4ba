// The settings modal (PLATFORM.md §2): our page renders into `#<code>_custom_content`, and the value lives
// in the hidden input `#<code>_custom` as a JSON string; `change` is triggered so the form notices.
import { h, render } from 'preact';
import type { HostJQuery, JQueryLike, SaveEvent } from '@amocrm/widget-types';
import type { ApiClient } from '../api/types';
import { SettingsPage, validateSettings } from '../settings';
import { parseSettings, type WidgetSettings } from '../contracts/settings';
import type { Translate } from '../contracts/services';

export interface SettingsBridgeOptions {
  doc: Document;
  $: HostJQuery;
  t: Translate;
  api: Pick<ApiClient, 'getPipelines'>;
  widgetCode: () => string | null;
  /** The saved `custom` value as the host gave it (params / get_settings). */
  savedValue: () => unknown;
  accountHost: () => string;
}

export interface SettingsBridge {
  open($modalBody?: JQueryLike): boolean;
  save(event: SaveEvent): boolean | Promise<boolean>;
  close(): void;
}

function findIn(root: ParentNode | null, doc: Document, id: string): HTMLElement | null {
  const escaped = typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(id) : id;
  return (root?.querySelector(`#${escaped}`) as HTMLElement | null) ?? doc.getElementById(id);
}

function isDisabling(active: SaveEvent['active']): boolean {
  return active === 'N' || active === false || active === 'false';
}

export function createSettingsBridge(options: SettingsBridgeOptions): SettingsBridge {
  const { doc, $, t, api } = options;
  let mounted: { el: HTMLElement; input: HTMLInputElement | null; settings: WidgetSettings } | null = null;

  const draw = (showErrors: boolean) => {
    if (!mounted) return;
    const current = mounted;
    render(
      h(SettingsPage, {
        t,
        api,
        initial: current.settings,
        accountHost: options.accountHost(),
        showErrors,
        onChange: (json: string, settings: WidgetSettings) => {
          current.settings = settings;
          if (current.input) {
            current.input.value = json;
            ($(current.input) as { trigger?: (name: string) => unknown }).trigger?.('change');
          }
        },
      }),
      current.el,
    );
  };

  return {
    open($modalBody) {
      const code = options.widgetCode();
      if (!code) return true;
      const root = $modalBody && $modalBody.length ? ($modalBody[0] as ParentNode) : null;
      const input = findIn(root, doc, `${code}_custom`) as HTMLInputElement | null;
      let el = findIn(root, doc, `${code}_custom_content`);
      if (!el) {
        // Some hosts render only the input: give the page a place right after it (or in the modal body).
        el = doc.createElement('div');
        el.id = `${code}_custom_content`;
        if (input?.parentNode) input.parentNode.insertBefore(el, input.nextSibling);
        else if (root instanceof HTMLElement) root.appendChild(el);
        else return true;
      }
      if (mounted && mounted.el !== el) render(null, mounted.el);
      const raw = input && input.value.trim() !== '' ? input.value : options.savedValue();
      mounted = { el, input, settings: parseSettings(raw) };
      draw(false);
      return true;
    },
    save(event) {
      if (isDisabling(event?.active)) return true;
      const raw = event?.fields?.custom ?? mounted?.input?.value ?? options.savedValue();
      if (typeof raw === 'string' && raw.trim() !== '') {
        try {
          JSON.parse(raw);
        } catch {
          return Promise.reject(new Error(t('host.settings_corrupt')));
        }
      }
      const errors = validateSettings(parseSettings(raw));
      if (Object.keys(errors).length > 0) {
        draw(true);
        return Promise.reject(new Error(t('host.settings_blocked')));
      }
      return true;
    },
    close() {
      if (mounted) {
        render(null, mounted.el);
        mounted = null;
      }
    },
  };
}
