// The write pipeline of one deal: one PATCH in flight, later intents queued (for stage and budget only the LAST
// queued one survives), each shown at once; a success re-reads the deal, a failure rolls back everything
// unconfirmed. It also keeps the undo offer and the echoes our own writes will cause on the live channel.
import type { ApiClient } from '../../api/types';
import type { Clock } from '../../contracts/clock';
import { applyPatch, inversePatch } from '../../domain/patch';
import type { Lead, LeadPatch, Pipeline, Tag } from '../../domain/types';
import type { ActionKind, Message, MoveStep } from './types';

export const UNDO_MS = 6000;
/** A live event this soon after our own write is taken for its echo (the event carries nothing to tell). */
export const ECHO_MS = 3000;

export interface Action {
  kind: ActionKind;
  patch: LeadPatch;
  /** Announced when it lands. */
  done: Message;
  offerUndo: boolean;
  /** Prepares the PATCH just before sending (creates a new tag to learn its id). */
  prepare?: (signal: AbortSignal) => Promise<LeadPatch>;
  /** Next stage is locked while one is pending: a double click must not skip a stage. */
  fromNext?: boolean;
  /** What the user typed, given back when the action fails (a move step comes back with its values). */
  typed?: { budget?: string; tag?: string; step?: MoveStep };
}

export interface ActionQueueOptions {
  api: Pick<ApiClient, 'patchLead' | 'getLead'>;
  leadId: number;
  clock: Clock;
  /** Aborting it stops everything: nothing is sent, nothing reported after. */
  signal: AbortSignal;
  /** Tags known by id and name, so an added tag shows with its name and colour at once. */
  knownTags(): readonly Tag[];
  rememberTags(tags: readonly Tag[]): void;
  pipelines(): readonly Pipeline[];
  /** Anything the queue exposes changed (shown, confirmed, busy, undo). */
  onChange(): void;
  /** An action landed; `last` when nothing else is queued (the deal was re-read). */
  onLanded(action: Action): void;
  /** Everything unconfirmed was dropped: newest first, the failed action among them. */
  onFailed(dropped: readonly Action[], error: unknown): void;
  /** A change elsewhere arrived while busy: re-read now that the queue stopped on a failure. */
  onRefreshDue(): void;
}

const isAbort = (error: unknown) => (error as { kind?: string } | null)?.kind === 'aborted';

export class ActionQueue {
  private queue: Action[] = [];
  private inFlight: Action | null = null;
  private draining = false;
  private refreshWanted = false;
  private undoPatch: LeadPatch | null = null;
  private undoTimer: unknown = null;
  /** When our own writes landed, each expecting one echo on the live channel. */
  private echoes: number[] = [];
  private current: { confirmed: Lead; shown: Lead };
  private kindBusy: ActionKind | null = null;

  constructor(
    private readonly options: ActionQueueOptions,
    lead: Lead,
  ) {
    this.current = { confirmed: lead, shown: lead };
  }

  get confirmed(): Lead {
    return this.current.confirmed;
  }
  get shown(): Lead {
    return this.current.shown;
  }
  get busy(): ActionKind | null {
    return this.kindBusy;
  }
  get isDraining(): boolean {
    return this.draining;
  }
  get canUndo(): boolean {
    return this.undoPatch !== null;
  }
  /** A Next stage is queued or in flight. */
  get nextPending(): boolean {
    return Boolean(this.inFlight?.fromNext || this.queue.some((q) => q.fromNext));
  }

  private get stopped() {
    return this.options.signal.aborted;
  }

  /** A fresh read of the deal while idle (a change elsewhere): nothing of ours is unconfirmed. */
  reset(lead: Lead) {
    if (this.draining) return;
    this.current = { confirmed: lead, shown: lead };
    this.options.onChange();
  }

  submit(action: Action) {
    if (this.stopped) return;
    // Last intent wins: a queued, unsent stage or budget change gives way to the newer one.
    if (action.kind === 'stage' || action.kind === 'budget')
      this.queue = this.queue.filter((q) => q.kind !== action.kind);
    this.queue.push(action);
    this.dropUndo();
    this.current = { ...this.current, shown: this.project(this.current.shown, [action]) };
    this.options.onChange();
    if (!this.draining) void this.drain();
  }

  /** The inverse of the last action while it is offered and nothing is in flight (submit it to undo). */
  takeUndo(): LeadPatch | null {
    const patch = this.draining ? null : this.undoPatch;
    if (patch) this.dropUndo();
    return patch;
  }

  /** A live message this soon after one of our writes is its echo: each write expects one. */
  isOwnEcho(): boolean {
    const now = this.options.clock.now();
    this.echoes = this.echoes.filter((at) => now - at < ECHO_MS);
    return this.echoes.shift() !== undefined;
  }

  /** True when a re-read may run now; while busy it is remembered, as the last write re-reads (or a failure). */
  refreshNowOrLater(): boolean {
    if (!this.draining) return true;
    this.refreshWanted = true;
    return false;
  }

  private project(lead: Lead, actions: readonly Action[]) {
    return actions.reduce((l, a) => applyPatch(l, a.patch, this.options.knownTags()), lead);
  }

  private dropUndo() {
    this.options.clock.clearTimeout(this.undoTimer);
    this.undoTimer = null;
    this.undoPatch = null;
  }

  private async drain() {
    const { api, leadId, signal } = this.options;
    this.draining = true;
    while (this.queue.length > 0) {
      const action = this.queue.shift()!;
      this.inFlight = action;
      const before = this.current.confirmed;
      this.kindBusy = action.kind;
      this.options.onChange();
      let patch = action.patch;
      let fresh: Lead;
      try {
        if (action.prepare) patch = await action.prepare(signal);
        if (this.stopped) return;
        await api.patchLead(leadId, patch, signal);
        if (this.stopped) return;
        this.echoes.push(this.options.clock.now());
        fresh = applyPatch(before, patch, this.options.knownTags());
        // Only the last of a burst is re-read: the states in between are about to change again.
        if (this.queue.length === 0) fresh = await this.rereadAfterWrite(fresh);
      } catch (error) {
        if (!this.stopped && !isAbort(error)) this.fail(action, error);
        return;
      } finally {
        this.inFlight = null;
      }
      if (this.stopped) return;
      const undoPatch =
        action.offerUndo && this.queue.length === 0
          ? inversePatch(before, patch, this.options.pipelines())
          : null;
      this.current = { confirmed: fresh, shown: this.project(fresh, this.queue) };
      this.undoPatch = undoPatch;
      if (undoPatch)
        this.undoTimer = this.options.clock.setTimeout(() => {
          this.dropUndo();
          this.options.onChange();
        }, UNDO_MS);
      this.options.onLanded(action);
    }
    this.draining = false;
    this.refreshWanted = false;
    this.kindBusy = null;
    this.options.onChange();
  }

  /** The write landed; a failed re-read keeps what we know it wrote. */
  private async rereadAfterWrite(computed: Lead): Promise<Lead> {
    try {
      const lead = await this.options.api.getLead(this.options.leadId, this.options.signal);
      this.options.rememberTags(lead.tags);
      return lead;
    } catch (error) {
      if (isAbort(error)) throw error;
      return computed;
    }
  }

  private fail(action: Action, error: unknown) {
    const dropped = [action, ...this.queue].reverse();
    this.queue = [];
    this.draining = false;
    this.kindBusy = null;
    this.dropUndo();
    this.current = { ...this.current, shown: this.current.confirmed };
    this.options.onFailed(dropped, error);
    if (this.refreshWanted) {
      this.refreshWanted = false;
      this.options.onRefreshDue();
    }
  }

  /** Nothing is sent or reported after this (the owner aborts the signal too). */
  dispose() {
    this.queue = [];
    this.dropUndo();
  }
}
