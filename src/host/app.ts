import type { AmoApp, Widget } from '@amocrm/widget-types';

/** The host's `APP` global (or its deprecated alias `AMOCRM`), read only. */
export function readApp(scope: unknown = typeof window === 'undefined' ? undefined : window): AmoApp | undefined {
  if (typeof scope !== 'object' || scope === null) return undefined;
  const { APP, AMOCRM } = scope as { APP?: unknown; AMOCRM?: unknown };
  const app = APP ?? AMOCRM;
  return typeof app === 'object' && app !== null ? (app as AmoApp) : undefined;
}

/** Calls a host method defensively: the runtime is not ours and may lack it or throw. */
export function safeCall<T>(fn: () => T, fallback: T): T {
  try {
    const value = fn();
    return value === undefined ? fallback : value;
  } catch {
    return fallback;
  }
}

export interface CardContext {
  /** The saved lead shown in this card, or null: a new card (id 0), another entity, or no card at all. */
  leadId: number | null;
  area: string;
}

/** Decides whether this is a saved lead's card; every "no" means: render nothing, request nothing. */
export function readCardContext(widget: Pick<Widget, 'system'>, app: AmoApp | undefined): CardContext {
  const system = safeCall(() => widget.system(), { area: '' });
  const area = typeof system?.area === 'string' ? system.area : '';
  const card = app?.data?.current_card;
  // system().area decides when the host gives it; otherwise a card of an entity other than leads is refused.
  const entity = safeCall(() => app?.getBaseEntity?.(), '');
  const isLeadArea = area !== '' ? area === 'lcard' : !entity || entity === 'leads';
  if (!isLeadArea || !card || typeof card !== 'object') return { leadId: null, area };
  const id = typeof card.id === 'string' ? Number(card.id) : card.id;
  return { leadId: Number.isSafeInteger(id) && id > 0 ? id : null, area };
}
