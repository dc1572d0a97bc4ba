// The panel's state as the UI reads it: nested by concern and read-only outside the store.
import type { CardContact, Message } from '../../contracts/services';
import type { FieldControl, FieldDraft } from '../../domain/required-fields';
import type { CustomField, Lead, LossReason, Pipeline, Stage, Tag } from '../../domain/types';

export type Phase = 'loading' | 'ready' | 'not_found' | 'no_rights' | 'error';
export type ActionKind = 'stage' | 'budget' | 'tags' | 'undo';

export type { Message };

/** The deal: the server's state as last read or written, and as shown (plus changes not yet confirmed). */
export interface DealView {
  confirmed: Lead;
  shown: Lead;
  pipelines: readonly Pipeline[];
}

/** A required field asked in a move step: what was typed, and why it cannot go (next to the control). */
export interface FieldAsk {
  field: CustomField;
  /** null: the panel cannot edit this type; the move is blocked until it is filled in the card. */
  control: FieldControl | null;
  draft: FieldDraft;
  error: Message | null;
}

/**
 * A stage move that needs the user first: lost asks for a reason (`reasons` null while they load, [] when none
 * is asked), and any move asks for the fields the admin requires for the target that are empty on the deal
 * (`fields` null while the account's rules load).
 */
export interface MoveStep {
  target: Stage;
  reasons: readonly LossReason[] | null;
  selectedReason: number | null;
  fields: readonly FieldAsk[] | null;
  /** The step came from Next stage (a second click must not skip a stage). */
  fromNext: boolean;
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
