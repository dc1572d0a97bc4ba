// What the host (amoCRM, through src/host/) gives the panel and the settings page.
// lead-panel/ and settings/ see only this object, never APP, window globals or the widget.
import type { ApiClient } from '../api/types';
import type { PanelOptions } from './settings';

/** Words for the user: an i18n key and its placeholders. */
export interface Message {
  key: string;
  vars?: Record<string, string | number>;
}

/** Translates a dotted key of the active locale; `{name}` placeholders are filled from vars. */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** What the current user may do with this lead, when the host tells (feature-detected). */
export interface LeadRights {
  canEdit: boolean;
  /** i18n key explaining why editing is off, when it is. */
  reasonKey?: string;
}

export interface HostServices {
  t: Translate;
  /** ru, en, es, pt. */
  locale: string;
  /** Shared by every card of the page session. */
  api: ApiClient;
  /** ISO currency of the account when the host knows it (APP.constant('account')). */
  currency: string | null;
  /** The saved settings a card reads: the lead panel's options (the rest is the settings page's). */
  settings: { panel: PanelOptions };
  /** null when the host does not say; then the API's 403 decides. */
  rights: LeadRights | null;
  /** Subscribes to `leads:card:<id>`; returns the unsubscribe function. */
  subscribeLead(leadId: number, onChange: () => void): () => void;
  /** Re-opens the card without a page reload (amoCRM rebuilds it and mounts the panel again), so the card's own
   * fields show the server's state. */
  reloadCard(): void;
  /** The open card's contacts with their names, as the host already has them (no request); [] when unknown. */
  cardContacts(): Promise<CardContact[]>;
  /** A user's name from the host's user list, or null when the host does not know the user. */
  userName(userId: number): string | null;
  /**
   * Loads move-step.js, the stage-move step's own module (the panel checks and starts what arrives); rejects when
   * it cannot be loaded. Asked only when a move may need a step, never on card open.
   */
  loadMoveStep(): Promise<unknown>;
}

export interface CardContact {
  id: number;
  name: string;
}
