// The panel's state and effects, without Preact. `reduce` is the pure state machine; `LeadPanelStore` is the
// effects layer around it: one way in (its methods), one way out (`state` + `subscribe`).
// Every action: minimal PATCH, shown at once, one PATCH in flight at a time (later intents queue; for stage and
// budget only the LAST queued intent survives), re-read after success, rollback + words + kept input on failure.
import { ApiError } from '../api/errors';
import { budgetPatch, normalizeTagName, stagePatch, tagsPatch, type Built } from '../api/payload';
import type { Lead, LeadPatch, LossReason, Pipeline, Stage, Tag } from '../api/types';
import type { HostServices } from '../host/services';
import { applyPatch, findStage, inversePatch, nextStage } from './optimistic';

export type Phase = 'loading' | 'ready' | 'not_found' | 'no_rights' | 'error';
export type ActionKind = 'stage' | 'budget' | 'tags' | 'undo';

export interface Message {
  key: string;
  vars?: Record<string, string | number>;
}

/** Lost asks for a reason first: `reasons` is null while they load. */
export interface LossPrompt {
  pipelineId: number;
  reasons: LossReason[] | null;
  selected: number | null;
}

export interface UndoOffer {
  patch: LeadPatch;
  label: Message;
}

export interface PanelState {
  phase: Phase;
  /** Why the deal could not be shown (phases no_rights and error). */
  loadError: Message | null;
  /** The server's state as last read or written. */
  confirmed: Lead | null;
  /** The lead as shown: `confirmed` plus the changes not yet confirmed. */
  lead: Lead | null;
  pipelines: Pipeline[];
  /** The kind of the PATCH in flight. */
  busy: ActionKind | null;
  /** Set when the user may not edit; the reason is shown. */
  readOnly: Message | null;
  status: Message | null;
  alert: Message | null;
  /** The budget text being edited (null = not editing). Kept on failure so nothing typed is lost. */
  budgetDraft: string | null;
  budgetError: Message | null;
  /** The budget changed elsewhere while the user was typing one. */
  budgetChangedElsewhere: boolean;
  tagDraft: string;
  tagError: Message | null;
  suggestions: Tag[];
  lossPrompt: LossPrompt | null;
  undo: UndoOffer | null;
  /** After our own write the card's own fields above are out of date. */
  cardStale: boolean;
}

export type PanelEvent =
  | { type: 'load_started' }
  | { type: 'loaded'; lead: Lead; pipelines: Pipeline[] }
  | { type: 'load_failed'; phase: 'not_found' | 'no_rights' | 'error'; message: Message | null }
  /** A re-read because the deal changed elsewhere: drafts stay. */
  | { type: 'refreshed'; lead: Lead }
  /** The deal disappeared while open. */
  | { type: 'gone' }
  /** An intent was accepted: shown at once. */
  | { type: 'applied'; patch: LeadPatch; knownTags: readonly Tag[] }
  | { type: 'sending'; kind: ActionKind }
  /** A PATCH succeeded; `lead` is the server's state, `pending` the intents still queued. */
  | {
      type: 'succeeded';
      lead: Lead;
      pending: LeadPatch[];
      knownTags: readonly Tag[];
      done: Message;
      undo: UndoOffer | null;
    }
  /** A PATCH failed: everything unconfirmed rolls back; what the user typed comes back. */
  | { type: 'failed'; message: Message; readOnly: boolean; budgetText: string | null; tagText: string | null }
  | { type: 'idle' }
  /** An intent refused before sending (invalid input, missing loss reason). */
  | { type: 'refused'; target: 'alert' | 'budget' | 'tag'; message: Message }
  | { type: 'budget_edited'; text: string }
  | { type: 'budget_closed' }
  | { type: 'tag_edited'; text: string; minQuery: number }
  | { type: 'tag_closed' }
  | { type: 'suggested'; tags: Tag[] }
  | { type: 'loss_prompt'; prompt: LossPrompt | null }
  | { type: 'loss_reason_selected'; id: number | null }
  | { type: 'undo_expired' };

export const UNDO_MS = 6000;
export const TAG_SEARCH_DEBOUNCE_MS = 300;
/** One character already narrows a tag directory enough; the debounce keeps it to one request per pause. */
export const TAG_QUERY_MIN = 1;
export const MAX_SUGGESTIONS = 10;
export const REFRESH_DEBOUNCE_MS = 300;
/** A live event this soon after our own write is taken for its echo (the event carries nothing to tell). */
export const ECHO_MS = 3000;

export function initialState(readOnly: Message | null = null): PanelState {
  return {
    phase: 'loading',
    loadError: null,
    confirmed: null,
    lead: null,
    pipelines: [],
    busy: null,
    readOnly,
    status: null,
    alert: null,
    budgetDraft: null,
    budgetError: null,
    budgetChangedElsewhere: false,
    tagDraft: '',
    tagError: null,
    suggestions: [],
    lossPrompt: null,
    undo: null,
    cardStale: false,
  };
}

const nameKey = (name: string) => normalizeTagName(name).toLowerCase();

function suggestible(tags: readonly Tag[], lead: Lead | null, text: string): Tag[] {
  const onLead = new Set(lead?.tags.map((t) => t.id));
  const query = nameKey(text);
  return tags.filter((t) => !onLead.has(t.id) && nameKey(t.name).includes(query)).slice(0, MAX_SUGGESTIONS);
}

export function reduce(state: PanelState, event: PanelEvent): PanelState {
  switch (event.type) {
    case 'load_started':
      return { ...state, phase: 'loading', loadError: null };
    case 'loaded':
      return {
        ...state,
        phase: 'ready',
        loadError: null,
        confirmed: event.lead,
        lead: event.lead,
        pipelines: event.pipelines,
      };
    case 'load_failed':
      return { ...state, phase: event.phase, loadError: event.message };
    case 'refreshed': {
      const before = state.confirmed;
      const underEdit = state.budgetDraft !== null && before !== null && before.price !== event.lead.price;
      return {
        ...state,
        confirmed: event.lead,
        lead: event.lead,
        budgetChangedElsewhere: state.budgetChangedElsewhere || underEdit,
        suggestions: state.suggestions.filter((t) => !event.lead.tags.some((x) => x.id === t.id)),
      };
    }
    case 'gone':
      return { ...state, phase: 'not_found', loadError: null, busy: null, lossPrompt: null, undo: null };
    case 'applied':
      if (!state.lead) return state;
      return {
        ...state,
        lead: applyPatch(state.lead, event.patch, event.knownTags),
        status: null,
        alert: null,
        undo: null,
      };
    case 'sending':
      return { ...state, busy: event.kind };
    case 'succeeded':
      return {
        ...state,
        confirmed: event.lead,
        lead: event.pending.reduce((lead, patch) => applyPatch(lead, patch, event.knownTags), event.lead),
        status: event.done,
        cardStale: true,
        undo: event.undo,
      };
    case 'failed': {
      const next: PanelState = {
        ...state,
        busy: null,
        lead: state.confirmed,
        alert: event.message,
        status: null,
        undo: null,
      };
      if (event.readOnly) next.readOnly = event.message;
      // The user's words come back unless they already typed something new.
      if (event.budgetText !== null && state.budgetDraft === null) {
        next.budgetDraft = event.budgetText;
        next.budgetError = event.message;
      }
      if (event.tagText !== null && state.tagDraft === '') {
        next.tagDraft = event.tagText;
        next.tagError = event.message;
      }
      return next;
    }
    case 'idle':
      return { ...state, busy: null };
    case 'refused':
      if (event.target === 'budget') return { ...state, budgetError: event.message };
      if (event.target === 'tag') return { ...state, tagError: event.message };
      return { ...state, alert: event.message, status: null };
    case 'budget_edited':
      return { ...state, budgetDraft: event.text, budgetError: null };
    case 'budget_closed':
      return { ...state, budgetDraft: null, budgetError: null, budgetChangedElsewhere: false };
    case 'tag_edited': {
      // Suggestions already shown narrow as the user types; the search answer replaces them later.
      const short = [...normalizeTagName(event.text)].length < event.minQuery;
      return {
        ...state,
        tagDraft: event.text,
        tagError: null,
        suggestions: short ? [] : suggestible(state.suggestions, state.lead, event.text),
      };
    }
    case 'tag_closed':
      return { ...state, tagDraft: '', tagError: null, suggestions: [] };
    case 'suggested':
      return { ...state, suggestions: suggestible(event.tags, state.lead, '') };
    case 'loss_prompt':
      return { ...state, lossPrompt: event.prompt, alert: event.prompt ? null : state.alert };
    case 'loss_reason_selected':
      return state.lossPrompt
        ? { ...state, lossPrompt: { ...state.lossPrompt, selected: event.id }, alert: null }
        : state;
    case 'undo_expired':
      return { ...state, undo: null };
  }
}

interface Intent {
  kind: ActionKind;
  patch: LeadPatch;
  done: Message;
  offerUndo: boolean;
  /** Prepares the PATCH just before sending (creates a new tag to learn its id). */
  prepare?: (signal: AbortSignal) => Promise<LeadPatch>;
  /** Next stage is locked while one is pending: a double click must not skip a stage. */
  fromNext?: boolean;
  /** What the user typed, given back when the action fails. */
  budgetText?: string;
  tagText?: string;
}

type Timer = ReturnType<typeof setTimeout>;

const isAbort = (error: unknown) => error instanceof ApiError && error.kind === 'aborted';
const isForbidden = (error: unknown) =>
  error instanceof ApiError && (error.kind === 'forbidden' || error.kind === 'no_rights');

function messageOf(error: unknown): Message {
  if (error instanceof ApiError) return { key: error.messageKey, vars: error.messageVars };
  return { key: 'errors.malformed' };
}

/** Refusals that mean "nothing to do" (a double click, an unchanged value): silent, nothing sent. */
const NOTHING_TO_DO = new Set(['errors.stage_same', 'errors.budget_same', 'errors.tag_nothing']);

export class LeadPanelStore {
  state: PanelState;
  private listeners = new Set<() => void>();
  /** Aborts everything of this panel on destroy. */
  private controller = new AbortController();
  private queue: Intent[] = [];
  private inFlight: Intent | null = null;
  private draining = false;
  private timers = new Set<Timer>();
  private undoTimer: Timer | null = null;
  private searchTimer: Timer | null = null;
  private refreshTimer: Timer | null = null;
  private searchController: AbortController | null = null;
  private searchCache = new Map<string, Tag[]>();
  private knownTags: Tag[] = [];
  private unsubscribe: (() => void) | null = null;
  private disposed = false;
  private refreshWanted = false;
  /** When our own writes landed, each expecting one echo on the live channel. */
  private echoes: number[] = [];

  constructor(
    readonly leadId: number,
    private readonly services: HostServices,
  ) {
    const rights = services.rights;
    this.state = initialState(
      rights && !rights.canEdit ? { key: rights.reasonKey ?? 'panel.rights_no_edit' } : null,
    );
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private dispatch(event: PanelEvent) {
    if (this.disposed) return;
    this.state = reduce(this.state, event);
    this.listeners.forEach((listener) => listener());
  }

  private later(fn: () => void, ms: number): Timer {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.disposed) fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private cancel(timer: Timer | null) {
    if (timer) {
      clearTimeout(timer);
      this.timers.delete(timer);
    }
  }

  private get signal() {
    return this.controller.signal;
  }

  private get api() {
    return this.services.api;
  }

  private remember(tags: readonly Tag[]) {
    const fresh = tags.filter((t) => t.id > 0);
    this.knownTags = [...fresh, ...this.knownTags.filter((t) => !fresh.some((f) => f.id === t.id))].slice(
      0,
      500,
    );
  }

  // ---- loading and living with the card ----------------------------------------------------------

  start() {
    if (this.disposed || this.unsubscribe) return;
    this.unsubscribe = this.services.subscribeLead(this.leadId, () => this.onRemoteChange());
    void this.load();
  }

  /** The deal and the pipelines in parallel: the only two requests of a card (pipelines are cached). */
  async load() {
    this.dispatch({ type: 'load_started' });
    try {
      const [lead, pipelines] = await Promise.all([
        this.api.getLead(this.leadId, this.signal),
        this.api.getPipelines(this.signal),
      ]);
      if (this.disposed) return;
      this.remember(lead.tags);
      this.dispatch({ type: 'loaded', lead, pipelines });
    } catch (error) {
      if (this.disposed || isAbort(error)) return;
      if (error instanceof ApiError && error.kind === 'not_found') {
        this.dispatch({ type: 'load_failed', phase: 'not_found', message: { key: 'errors.not_found' } });
      } else if (error instanceof ApiError && error.kind === 'forbidden') {
        this.dispatch({ type: 'load_failed', phase: 'no_rights', message: { key: 'panel.no_rights_view' } });
      } else {
        this.dispatch({
          type: 'load_failed',
          phase: isForbidden(error) ? 'no_rights' : 'error',
          message: messageOf(error),
        });
      }
    }
  }

  retry() {
    if (this.state.phase !== 'loading') void this.load();
  }

  private onRemoteChange() {
    if (this.disposed) return;
    const now = Date.now();
    this.echoes = this.echoes.filter((at) => now - at < ECHO_MS);
    if (this.echoes.length) {
      this.echoes.shift();
      return;
    }
    if (this.draining) {
      this.refreshWanted = true;
      return;
    }
    this.cancel(this.refreshTimer);
    this.refreshTimer = this.later(() => {
      this.refreshTimer = null;
      if (this.draining) this.refreshWanted = true;
      else void this.reread();
    }, REFRESH_DEBOUNCE_MS);
  }

  /** Re-reads the deal after a change elsewhere; the budget being typed stays. */
  private async reread() {
    if (this.state.phase !== 'ready') return;
    try {
      const lead = await this.api.getLead(this.leadId, this.signal);
      // An action started meanwhile re-reads by itself when it is done.
      if (this.disposed || this.draining) return;
      this.remember(lead.tags);
      this.dispatch({ type: 'refreshed', lead });
    } catch (error) {
      if (this.disposed || isAbort(error)) return;
      if (error instanceof ApiError && error.kind === 'not_found') this.dispatch({ type: 'gone' });
      // Other failures keep what is shown; the next change or action reads again.
    }
  }

  // ---- the action pipeline -----------------------------------------------------------------------

  private submit(built: Built, intent: Omit<Intent, 'patch'>, target: 'alert' | 'budget' | 'tag'): boolean {
    if (this.disposed || this.state.phase !== 'ready' || this.state.readOnly || !this.state.lead)
      return false;
    if (!built.ok) {
      if (!NOTHING_TO_DO.has(built.errorKey))
        this.dispatch({ type: 'refused', target, message: { key: built.errorKey } });
      return false;
    }
    const next: Intent = { ...intent, patch: built.patch };
    // Last intent wins: a queued, unsent stage or budget change gives way to the newer one.
    if (next.kind === 'stage' || next.kind === 'budget')
      this.queue = this.queue.filter((q) => q.kind !== next.kind);
    this.queue.push(next);
    this.dispatch({ type: 'applied', patch: built.patch, knownTags: this.knownTags });
    if (!this.draining) void this.drain();
    return true;
  }

  private async drain() {
    this.draining = true;
    while (this.queue.length > 0) {
      if (this.disposed) return;
      const intent = this.queue.shift()!;
      this.inFlight = intent;
      const before = this.state.confirmed!;
      this.dispatch({ type: 'sending', kind: intent.kind });
      let patch = intent.patch;
      let fresh: Lead;
      try {
        if (intent.prepare) patch = await intent.prepare(this.signal);
        if (this.disposed) return;
        await this.api.patchLead(this.leadId, patch, this.signal);
        if (this.disposed) return;
        this.echoes.push(Date.now());
        fresh = applyPatch(before, patch, this.knownTags);
        // Only the last of a burst is re-read: the states in between are about to change again.
        if (this.queue.length === 0) fresh = await this.reReadAfterWrite(fresh);
        if (this.disposed) return;
      } catch (error) {
        if (this.disposed || isAbort(error)) return;
        this.fail(intent, error);
        return;
      } finally {
        this.inFlight = null;
      }
      const undoPatch =
        intent.offerUndo && this.queue.length === 0
          ? inversePatch(before, patch, this.state.pipelines)
          : null;
      this.dispatch({
        type: 'succeeded',
        lead: fresh,
        pending: this.queue.map((q) => q.patch),
        knownTags: this.knownTags,
        done: intent.done,
        undo: undoPatch ? { patch: undoPatch, label: intent.done } : null,
      });
      if (undoPatch) this.armUndo();
    }
    this.draining = false;
    this.refreshWanted = false;
    this.dispatch({ type: 'idle' });
  }

  /** The write landed; a failed re-read keeps what we know it wrote. */
  private async reReadAfterWrite(computed: Lead): Promise<Lead> {
    try {
      const lead = await this.api.getLead(this.leadId, this.signal);
      this.remember(lead.tags);
      return lead;
    } catch (error) {
      if (isAbort(error)) throw error;
      return computed;
    }
  }

  private fail(intent: Intent, error: unknown) {
    const dropped = [intent, ...this.queue];
    this.queue = [];
    this.draining = false;
    const lastTyped = (field: 'budgetText' | 'tagText') =>
      [...dropped].reverse().find((q) => q[field] !== undefined)?.[field] ?? null;
    this.dispatch({
      type: 'failed',
      message: messageOf(error),
      readOnly: isForbidden(error),
      budgetText: lastTyped('budgetText'),
      tagText: lastTyped('tagText'),
    });
    if (this.refreshWanted) {
      this.refreshWanted = false;
      void this.reread();
    }
  }

  private armUndo() {
    this.cancel(this.undoTimer);
    this.undoTimer = this.later(() => {
      this.undoTimer = null;
      this.dispatch({ type: 'undo_expired' });
    }, UNDO_MS);
  }

  /** Applies the inverse of the last successful action (offered for UNDO_MS). */
  undoLast() {
    const undo = this.state.undo;
    if (!undo || this.draining) return;
    this.cancel(this.undoTimer);
    this.undoTimer = null;
    this.submit(
      { ok: true, patch: undo.patch },
      { kind: 'undo', done: { key: 'panel.undone' }, offerUndo: false },
      'alert',
    );
  }

  // ---- stage ---------------------------------------------------------------------------------------

  /** Moves to a stage chosen in the picker; a lost stage goes through the loss reason first. */
  moveTo(stage: Stage) {
    const lead = this.state.lead;
    if (!lead) return;
    if (stage.kind === 'lost') return void this.lost(stage.pipelineId);
    this.moveToStage(lead, stage, false);
  }

  private moveToStage(lead: Lead, stage: Stage, fromNext: boolean) {
    const key = stage.kind === 'won' ? 'panel.done_won' : 'panel.done_stage';
    this.submit(
      stagePatch(lead, stage),
      { kind: 'stage', done: { key, vars: { stage: stage.name } }, offerUndo: true, fromNext },
      'alert',
    );
  }

  next() {
    const lead = this.state.lead;
    if (!lead || this.inFlight?.fromNext || this.queue.some((q) => q.fromNext)) return;
    const stage = nextStage(this.state.pipelines, lead);
    if (stage) this.moveToStage(lead, stage, true);
  }

  won() {
    const lead = this.state.lead;
    const stage = lead && findStage(this.state.pipelines, lead.pipelineId, 142);
    if (lead && stage) this.moveToStage(lead, stage, false);
  }

  private async lossReasonNeeded(): Promise<boolean> {
    const policy = this.services.settings.panel.lossReason;
    if (policy === 'never') return false;
    if (policy === 'always') return true;
    const account = await this.api.getAccount(this.signal);
    return account.isLossReasonEnabled;
  }

  /** Lost: the account and its loss reasons are read only now, never on card open (request budget). */
  async lost(pipelineId = this.state.lead?.pipelineId) {
    const lead = this.state.lead;
    if (!lead || pipelineId === undefined || this.state.readOnly || this.state.lossPrompt) return;
    if (lead.statusId === 143 && lead.pipelineId === pipelineId) return;
    if (!findStage(this.state.pipelines, pipelineId, 143)) return;
    this.dispatch({ type: 'loss_prompt', prompt: { pipelineId, reasons: null, selected: null } });
    try {
      const needed = await this.lossReasonNeeded();
      if (this.disposed) return;
      const reasons = needed ? await this.api.getLossReasons(this.signal) : [];
      if (this.disposed) return;
      if (reasons.length === 0) {
        this.dispatch({ type: 'loss_prompt', prompt: null });
        return this.closeAsLost(null, pipelineId);
      }
      this.dispatch({
        type: 'loss_prompt',
        prompt: { pipelineId, reasons: [...reasons].sort((a, b) => a.sort - b.sort), selected: null },
      });
    } catch (error) {
      if (this.disposed || isAbort(error)) return;
      this.dispatch({ type: 'loss_prompt', prompt: null });
      this.dispatch({ type: 'refused', target: 'alert', message: messageOf(error) });
    }
  }

  selectLossReason(id: number | null) {
    this.dispatch({ type: 'loss_reason_selected', id });
  }

  cancelLost() {
    this.dispatch({ type: 'loss_prompt', prompt: null });
  }

  /** Sends 143 with its pipeline, and the reason only with it. */
  closeAsLost(
    reasonId: number | null = this.state.lossPrompt?.selected ?? null,
    pipelineId = this.state.lossPrompt?.pipelineId,
  ) {
    const lead = this.state.lead;
    const prompt = this.state.lossPrompt;
    if (!lead || pipelineId === undefined) return;
    if (prompt?.reasons && prompt.reasons.length > 0 && reasonId === null) {
      return this.dispatch({
        type: 'refused',
        target: 'alert',
        message: { key: 'panel.loss_reason_required' },
      });
    }
    const stage = findStage(this.state.pipelines, pipelineId, 143);
    if (!stage) return;
    const sent = this.submit(
      stagePatch(lead, stage, reasonId),
      { kind: 'stage', done: { key: 'panel.done_lost', vars: { stage: stage.name } }, offerUndo: true },
      'alert',
    );
    if (sent) this.dispatch({ type: 'loss_prompt', prompt: null });
  }

  // ---- budget --------------------------------------------------------------------------------------

  setBudgetDraft(text: string) {
    this.dispatch({ type: 'budget_edited', text });
  }

  cancelBudget() {
    this.dispatch({ type: 'budget_closed' });
  }

  /** Saves what was typed; invalid input is explained at the field and never sent. */
  saveBudget(text = this.state.budgetDraft ?? '') {
    const lead = this.state.lead;
    if (!lead || this.state.readOnly) return;
    const built = budgetPatch(lead, text);
    if (!built.ok && built.errorKey === 'errors.budget_same') return this.cancelBudget();
    if (!built.ok) this.dispatch({ type: 'budget_edited', text });
    const sent = this.submit(
      built,
      { kind: 'budget', done: { key: 'panel.done_budget' }, offerUndo: true, budgetText: text },
      'budget',
    );
    if (sent) this.dispatch({ type: 'budget_closed' });
  }

  // ---- tags ----------------------------------------------------------------------------------------

  /** Typing in "Add tag": suggestions after a pause, never one request per keystroke. */
  setTagDraft(text: string) {
    this.dispatch({ type: 'tag_edited', text, minQuery: TAG_QUERY_MIN });
    this.cancel(this.searchTimer);
    this.searchTimer = null;
    this.searchController?.abort();
    this.searchController = null;
    const query = normalizeTagName(text);
    if ([...query].length < TAG_QUERY_MIN) return;
    const cached = this.searchCache.get(query.toLowerCase());
    if (cached) return this.dispatch({ type: 'suggested', tags: cached });
    this.searchTimer = this.later(() => {
      this.searchTimer = null;
      void this.searchTags(query);
    }, TAG_SEARCH_DEBOUNCE_MS);
  }

  private async searchTags(query: string) {
    const controller = new AbortController();
    this.searchController = controller;
    const abortWithPanel = () => controller.abort();
    this.signal.addEventListener('abort', abortWithPanel, { once: true });
    try {
      const found = await this.api.searchTags(query, controller.signal);
      // A late answer to an older query is dropped: the user typed on.
      if (this.disposed || controller.signal.aborted || this.searchController !== controller) return;
      this.remember(found);
      if (this.searchCache.size >= 20) this.searchCache.delete(this.searchCache.keys().next().value!);
      this.searchCache.set(query.toLowerCase(), found);
      this.dispatch({ type: 'suggested', tags: found });
    } catch {
      // A failed lookup is not the user's error: typing a new name and Enter still works.
      if (this.searchController === controller) this.dispatch({ type: 'suggested', tags: [] });
    } finally {
      if (this.searchController === controller) this.searchController = null;
      this.signal.removeEventListener('abort', abortWithPanel);
    }
  }

  closeSuggestions() {
    this.dispatch({ type: 'suggested', tags: [] });
  }

  /**
   * Adds a chosen suggestion (by id) or a typed name. A new name is created first with POST /api/v4/leads/tags
   * (which answers the existing id for a known name), then added by id: whether `tags_to_add [{name}]` creates
   * a tag is UNCONFIRMED (API.md), an id is not.
   */
  addTag(input: string | Tag = this.state.tagDraft) {
    const lead = this.state.lead;
    if (!lead || this.state.readOnly) return;
    const name = normalizeTagName(typeof input === 'string' ? input : input.name);
    const typed = typeof input === 'string' ? input : input.name;
    if (name !== '' && lead.tags.some((t) => nameKey(t.name) === nameKey(name))) {
      return this.dispatch({ type: 'refused', target: 'tag', message: { key: 'errors.tag_duplicate' } });
    }
    const known =
      typeof input === 'string' ? this.knownTags.find((t) => nameKey(t.name) === nameKey(name)) : input;
    if (known) this.remember([known]);
    const built = known ? tagsPatch(lead, { add: [{ id: known.id }] }) : tagsPatch(lead, { add: [{ name }] });
    const prepare = known
      ? undefined
      : async (signal: AbortSignal): Promise<LeadPatch> => {
          const tag = await this.api.createTag(name, signal);
          this.remember([tag]);
          return { tags_to_add: [{ id: tag.id }] };
        };
    const label = known?.name ?? name;
    const sent = this.submit(
      built,
      {
        kind: 'tags',
        done: { key: 'panel.done_tag_added', vars: { tag: label } },
        offerUndo: true,
        prepare,
        tagText: typed,
      },
      'tag',
    );
    if (sent) {
      this.cancel(this.searchTimer);
      this.searchTimer = null;
      this.searchController?.abort();
      this.searchController = null;
      this.dispatch({ type: 'tag_closed' });
    }
  }

  removeTag(tag: Tag) {
    const lead = this.state.lead;
    if (!lead) return;
    // A chip not created yet has no id: the API also deletes by name.
    const ref = tag.id > 0 ? { id: tag.id } : { name: tag.name };
    this.submit(
      tagsPatch(lead, { remove: [ref] }),
      { kind: 'tags', done: { key: 'panel.done_tag_removed', vars: { tag: tag.name } }, offerUndo: true },
      'alert',
    );
  }

  reloadCard() {
    this.services.reloadCard();
  }

  /** Nothing happens after this: requests aborted, timers cleared, live events unsubscribed. */
  destroy() {
    if (this.disposed) return;
    this.disposed = true;
    this.controller.abort();
    this.searchController?.abort();
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.listeners.clear();
    this.queue = [];
  }
}
