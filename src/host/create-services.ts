// Builds the HostServices object from the amoCRM runtime: the only place that reads APP for the UI.
import type { AmoApp, Widget } from '@amocrm/widget-types';
import type { ApiClient } from '../api/types';
import type { WidgetSettings } from '../settings/schema';
import { createTranslate } from '../ui/i18n';
import { safeCall } from './app';
import { readLeadRights } from './rights';
import type { HostServices } from './services';

// The keys argument of listenSocketChannel is not documented beyond the channel name (UNCONFIRMED):
// we ask for every event of the lead's channel and treat any message as "the deal changed".
const LEAD_EVENT_KEYS = ['*'];
const LOCALES = ['ru', 'en', 'es', 'pt'];

export function readLocale(app: AmoApp | undefined): string {
  const lang = typeof app?.lang_id === 'string' ? app.lang_id.toLowerCase() : '';
  return LOCALES.includes(lang) ? lang : 'en';
}

export function readCurrency(app: AmoApp | undefined): string | null {
  const account = safeCall(() => app?.constant?.('account'), undefined);
  if (typeof account !== 'object' || account === null) return null;
  const { currency } = account as { currency?: unknown };
  return typeof currency === 'string' && /^[A-Za-z]{3}$/.test(currency) ? currency.toUpperCase() : null;
}

/** `t` over the locale object amoCRM gave the widget; falls back to `self.i18n(key)` when langs is absent. */
export function createWidgetTranslate(widget: Pick<Widget, 'langs' | 'i18n'>) {
  if (widget.langs && typeof widget.langs === 'object') return createTranslate(widget.langs);
  const proxy = new Proxy(
    {},
    {
      get: (_target, key) => (typeof key === 'string' ? safeCall(() => widget.i18n(key), undefined) : undefined),
    },
  );
  return createTranslate(proxy);
}

export interface HostServicesInput {
  widget: Widget;
  app: AmoApp | undefined;
  api: ApiClient;
  settings: WidgetSettings;
  reload: () => void;
}

export function createHostServices({ widget, app, api, settings, reload }: HostServicesInput): HostServices {
  return {
    t: createWidgetTranslate(widget),
    locale: readLocale(app),
    api,
    currency: readCurrency(app),
    settings,
    rights: readLeadRights(safeCall(() => app?.constant?.('user_rights'), undefined)),
    subscribeLead(leadId, onChange) {
      const unsubscribe = safeCall(
        () => widget.listenSocketChannel(`leads:card:${leadId}`, LEAD_EVENT_KEYS, () => onChange()),
        undefined,
      );
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        if (typeof unsubscribe === 'function') unsubscribe();
      };
    },
    reloadCard: reload,
  };
}
