// Builds the HostServices object from the amoCRM runtime: the only place that reads APP for the UI.
import type { AmoApp, Widget } from '@amocrm/widget-types';
import type { PanelOptions } from '../contracts/settings';
import { createTranslate } from '../contracts/translate';
import { safeCall } from './app';
import { readLeadRights } from './rights';
import type { CardContact, HostServices } from '../contracts/services';

// amoCRM's listenSocketChannel takes `keys` as a FILTER PATH into the message (PLATFORM.md §4a): ['*'] would
// match nothing. [] hears every message of the lead's channel; the payload's shape is documented only by an
// example, so any message means "the deal changed" and the panel re-reads it.
const LEAD_EVENT_KEYS: string[] = [];
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

const asId = (value: unknown): number | null => {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
};
const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** `get_current_card_contacts_data()` narrowed to id + a name (a missing name: first and last name joined). */
export async function readCardContacts(widget: Pick<Widget, 'get_current_card_contacts_data'>): Promise<CardContact[]> {
  try {
    const list: unknown = await widget.get_current_card_contacts_data?.();
    if (!Array.isArray(list)) return [];
    return list.flatMap((raw: unknown) => {
      const c = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
      const id = asId(c.id);
      const name = text(c.name) || [text(c.first_name), text(c.last_name)].filter(Boolean).join(' ');
      return id === null || name === '' ? [] : [{ id, name }];
    });
  } catch {
    return [];
  }
}

/** A user's name (`title`) from `APP.constant('managers')`, keyed by user id. */
export function readUserName(app: AmoApp | undefined, userId: number): string | null {
  const managers = safeCall(() => app?.constant?.('managers'), undefined);
  if (typeof managers !== 'object' || managers === null) return null;
  const user = (managers as Record<string, unknown>)[String(userId)];
  const title = typeof user === 'object' && user !== null ? text((user as { title?: unknown }).title) : '';
  return title || null;
}

export interface HostServicesInput {
  widget: Widget;
  app: AmoApp | undefined;
  /** The page session's API client (the host passes it through; it never calls it). */
  api: HostServices['api'];
  settings: { panel: PanelOptions };
  reload: () => void;
  /** move-step.js through the host's RequireJS. */
  loadMoveStep: () => Promise<unknown>;
}

export function createHostServices({
  widget,
  app,
  api,
  settings,
  reload,
  loadMoveStep,
}: HostServicesInput): HostServices {
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
    cardContacts: () => readCardContacts(widget),
    userName: (userId) => readUserName(app, userId),
    loadMoveStep,
  };
}
