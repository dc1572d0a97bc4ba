// The panel's state as the UI reads it: nested by concern and read-only outside the store.
import type { CardContact, Message } from '../../contracts/services';
import type { Lead, LossReason, Pipeline, Stage, Tag } from '../../domain/types';

export type Phase = 'loading' | 'ready' | 'not_found' | 'no_rights' | 'error';
export type ActionKind = 'stage' | 'budget' | 'tags' | 'undo';

export type { Message };

/** The deal: the server's state as last read or written, and as shown (plus changes not yet confirmed). */
export interface DealView {
  confirmed: Lead;
  shown: Lead;
  pipelines: readonly Pipeline[];
}

/** A stage move that needs the user first: lost asks for a reason (`reasons` null while they load). */
export interface MoveStep {
  target: Stage;
  reasons: readonly LossReason[] | null;
  selectedReason: number | null;
}

export interface ActivityView {
  /** The kind of the PATCH in flight. */
  busy: ActionKind | null;
  status: Message | null;
  alert: Message | null;
  /** "Undo" is offered for the last action. */
  canUndo: boolean;
  /** After our own write the card's own fields are out of date. */
  cardStale: boolean;
}

export interface BudgetView {
  /** The text being edited (null = not editing). Kept on failure so nothing typed is lost. */
  draft: string | null;
  error: Message | null;
  /** The budget changed elsewhere while the user was typing one. */
  changedElsewhere: boolean;
}

export interface TagsView {
  draft: string;
  error: Message | null;
  suggestions: readonly Tag[];
}

export interface PanelState {
  phase: Phase;
  /** Why the deal could not be shown (phases no_rights and error). */
  loadError: Message | null;
  deal: DealView | null;
  /** The card's contacts with names, as the host has them (to name the main contact without a request). */
  contacts: readonly CardContact[];
  /** Set when the user may not edit; the reason is shown. */
  readOnly: Message | null;
  activity: ActivityView;
  budget: BudgetView;
  tags: TagsView;
  step: MoveStep | null;
}

export type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type PanelView = DeepReadonly<PanelState>;
