// The panel's state and effects, without Preact: one way in (its methods), one way out (`state` + `subscribe`).
// Every action: minimal PATCH, shown at once, one PATCH in flight at a time (later intents queue; for stage and
// budget only the LAST queued intent survives), re-read after success, rollback + words + kept input on failure.
// State changes are plain partial updates (`set`): the bundle ships without a second copy of every transition.
import { ApiError } from '../api/errors';
import { budgetPatch, normalizeTagName, stagePatch, tagsPatch, type Built } from '../domain';
import type { Lead, LeadPatch, LossReason, Pipeline, Stage, Tag } from '../domain/types';
import type { CardContact, HostServices } from '../contracts/services';
import { applyPatch, closingStage, inversePatch, isLost, nextStage } from '../domain';

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

/** The PATCH that undoes the last action, offered for UNDO_MS. */
export interface UndoOffer {
  patch: LeadPatch;
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
  /** The card's contacts with names, as the host has them (to name the main contact without a request). */
  cardContacts: readonly CardContact[];
}

/** Where a refusal is shown: the panel's alert line, or next to the budget or tag field. */
type RefusalTarget = 'alert' | 'budgetError' | 'tagError';

export const UNDO_MS = 6000;
export const TAG_SEARCH_DEBOUNCE_MS = 300;
export const MAX_SUGGESTIONS = 10;
export const REFRESH_DEBOUNCE_MS = 300;
/** A live event this soon after our own write is taken for its echo (the event carries nothing to tell). */
export const ECHO_MS = 3000;

const nameKey = (name: string) => normalizeTagName(name).toLowerCase();

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
const messageOf = (error: unknown): Message =>
  error instanceof ApiError
    ? { key: error.messageKey, vars: error.messageVars }
    : { key: 'errors.malformed' };

/** Refusals that mean "nothing to do" (a double click, an unchanged value): silent, nothing sent. */
const NOTHING_TO_DO = ['errors.stage_same', 'errors.budget_same', 'errors.tag_nothing'];

export class LeadPanelStore {
  state: PanelState;
  private listeners = new Set<() => void>();
  /** Aborts everything of this panel on destroy. */
  private controller = new AbortController();
  private queue: Intent[] = [];
  private inFlight: Intent | null = null;
  private draining = false;
  private timers: Partial<Record<'undo' | 'search' | 'refresh', Timer>> = {};
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
    readonly services: HostServices,
  ) {
    const rights = services.rights;
    this.state = {
      phase: 'loading',
      loadError: null,
      confirmed: null,
      lead: null,
      pipelines: [],
      busy: null,
      readOnly: rights && !rights.canEdit ? { key: rights.reasonKey ?? 'panel.rights_no_edit' } : null,
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
      cardContacts: [],
    };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(change: Partial<PanelState>) {
    if (this.disposed) return;
    this.state = { ...this.state, ...change };
    this.listeners.forEach((listener) => listener());
  }

  /** One timer per purpose: setting it again replaces the pending one. */
  private after(name: keyof LeadPanelStore['timers'], fn: () => void, ms: number) {
    this.stopTimer(name);
    if (this.disposed) return;
    this.timers[name] = setTimeout(() => {
      delete this.timers[name];
      fn();
    }, ms);
  }

  private stopTimer(name: keyof LeadPanelStore['timers']) {
    clearTimeout(this.timers[name]);
    delete this.timers[name];
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

  /** Tags that match `text`, minus those the deal already has. */
  private suggestible(tags: readonly Tag[], text = '') {
    const onLead = new Set(this.state.lead?.tags.map((t) => t.id));
    const query = nameKey(text);
    return tags.filter((t) => !onLead.has(t.id) && nameKey(t.name).includes(query)).slice(0, MAX_SUGGESTIONS);
  }

  private refuse(target: RefusalTarget, key: string) {
    this.set(target === 'alert' ? { alert: { key }, status: null } : { [target]: { key } });
  }

  // ---- loading and living with the card ----------------------------------------------------------

  start() {
    if (this.disposed || this.unsubscribe) return;
    this.unsubscribe = this.services.subscribeLead(this.leadId, () => this.onRemoteChange());
    void this.load();
    void this.services.cardContacts().then((cardContacts) => this.set({ cardContacts }));
  }

  /** The deal and the pipelines in parallel: the only two requests of a card (pipelines are cached). */
  async load() {
    this.set({ phase: 'loading', loadError: null });
    try {
      const [lead, pipelines] = await Promise.all([
        this.api.getLead(this.leadId, this.signal),
        this.api.getPipelines(this.signal),
      ]);
      this.remember(lead.tags);
      this.set({ phase: 'ready', loadError: null, confirmed: lead, lead, pipelines });
    } catch (error) {
      if (isAbort(error)) return;
      const kind = error instanceof ApiError ? error.kind : null;
      if (kind === 'not_found') this.set({ phase: 'not_found', loadError: { key: 'errors.not_found' } });
      else if (kind === 'forbidden')
        this.set({ phase: 'no_rights', loadError: { key: 'panel.no_rights_view' } });
      else this.set({ phase: isForbidden(error) ? 'no_rights' : 'error', loadError: messageOf(error) });
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
    this.after(
      'refresh',
      () => {
        if (this.draining) this.refreshWanted = true;
        else void this.reread();
      },
      REFRESH_DEBOUNCE_MS,
    );
  }

  /** Re-reads the deal after a change elsewhere; the budget being typed stays. */
  private async reread() {
    if (this.state.phase !== 'ready') return;
    try {
      const lead = await this.api.getLead(this.leadId, this.signal);
      // An action started meanwhile re-reads by itself when it is done.
      if (this.draining) return;
      this.remember(lead.tags);
      const { budgetDraft, confirmed, budgetChangedElsewhere, suggestions } = this.state;
      this.set({
        confirmed: lead,
        lead,
        budgetChangedElsewhere:
          budgetChangedElsewhere ||
          (budgetDraft !== null && confirmed !== null && confirmed.price !== lead.price),
        suggestions: suggestions.filter((t) => !lead.tags.some((x) => x.id === t.id)),
      });
    } catch (error) {
      // The deal disappeared while open. Other failures keep what is shown; the next change reads again.
      if (error instanceof ApiError && error.kind === 'not_found')
        this.set({ phase: 'not_found', loadError: null, busy: null, lossPrompt: null, undo: null });
    }
  }

  // ---- the action pipeline -----------------------------------------------------------------------

  private submit(built: Built, intent: Omit<Intent, 'patch'>, target: RefusalTarget): boolean {
    const { phase, readOnly, lead } = this.state;
    if (this.disposed || phase !== 'ready' || readOnly || !lead) return false;
    if (!built.ok) {
      if (!NOTHING_TO_DO.includes(built.errorKey)) this.refuse(target, built.errorKey);
      return false;
    }
    const next: Intent = { ...intent, patch: built.patch };
    // Last intent wins: a queued, unsent stage or budget change gives way to the newer one.
    if (next.kind === 'stage' || next.kind === 'budget')
      this.queue = this.queue.filter((q) => q.kind !== next.kind);
    this.queue.push(next);
    this.set({ lead: applyPatch(lead, built.patch, this.knownTags), status: null, alert: null, undo: null });
    if (!this.draining) void this.drain();
    return true;
  }

  private async drain() {
    this.draining = true;
    while (this.queue.length > 0) {
      const intent = this.queue.shift()!;
      this.inFlight = intent;
      const before = this.state.confirmed!;
      this.set({ busy: intent.kind });
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
      } catch (error) {
        if (!this.disposed && !isAbort(error)) this.fail(intent, error);
        return;
      } finally {
        this.inFlight = null;
      }
      if (this.disposed) return;
      const undoPatch =
        intent.offerUndo && this.queue.length === 0
          ? inversePatch(before, patch, this.state.pipelines)
          : null;
      this.set({
        confirmed: fresh,
        lead: this.queue.reduce((lead, q) => applyPatch(lead, q.patch, this.knownTags), fresh),
        status: intent.done,
        cardStale: true,
        undo: undoPatch ? { patch: undoPatch } : null,
      });
      if (undoPatch) this.after('undo', () => this.set({ undo: null }), UNDO_MS);
    }
    this.draining = false;
    this.refreshWanted = false;
    this.set({ busy: null });
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

  /** Everything unconfirmed rolls back; what the user typed comes back unless they typed something new. */
  private fail(intent: Intent, error: unknown) {
    const dropped = [intent, ...this.queue].reverse();
    this.queue = [];
    this.draining = false;
    const message = messageOf(error);
    const { confirmed, budgetDraft, tagDraft } = this.state;
    const change: Partial<PanelState> = {
      busy: null,
      lead: confirmed,
      alert: message,
      status: null,
      undo: null,
    };
    if (isForbidden(error)) change.readOnly = message;
    const budgetText = dropped.find((q) => q.budgetText !== undefined)?.budgetText;
    const tagText = dropped.find((q) => q.tagText !== undefined)?.tagText;
    if (budgetText !== undefined && budgetDraft === null) {
      change.budgetDraft = budgetText;
      change.budgetError = message;
    }
    if (tagText !== undefined && tagDraft === '') {
      change.tagDraft = tagText;
      change.tagError = message;
    }
    this.set(change);
    if (this.refreshWanted) {
      this.refreshWanted = false;
      void this.reread();
    }
  }

  /** Applies the inverse of the last successful action (offered for UNDO_MS). */
  undoLast() {
    const undo = this.state.undo;
    if (!undo || this.draining) return;
    this.stopTimer('undo');
    this.submit(
      { ok: true, patch: undo.patch },
      { kind: 'undo', done: { key: 'panel.undone' }, offerUndo: false },
      'alert',
    );
  }

  // ---- stage ---------------------------------------------------------------------------------------

  /** Moves to a stage chosen in the picker; a lost stage goes through the loss reason first. */
  moveTo(stage: Stage) {
    if (stage.kind === 'lost') void this.lost(stage.pipelineId);
    else this.moveToStage(stage, false);
  }

  private moveToStage(stage: Stage | undefined, fromNext: boolean) {
    const lead = this.state.lead;
    if (!lead || !stage) return;
    const key = stage.kind === 'won' ? 'panel.done_won' : 'panel.done_stage';
    this.submit(
      stagePatch(lead, stage),
      { kind: 'stage', done: { key, vars: { stage: stage.name } }, offerUndo: true, fromNext },
      'alert',
    );
  }

  next() {
    const lead = this.state.lead;
    if (lead && !this.inFlight?.fromNext && !this.queue.some((q) => q.fromNext))
      this.moveToStage(nextStage(this.state.pipelines, lead), true);
  }

  won() {
    const lead = this.state.lead;
    if (lead) this.moveToStage(closingStage(this.state.pipelines, lead.pipelineId, 'won'), false);
  }

  private async lossReasonNeeded(): Promise<boolean> {
    const policy = this.services.settings.panel.lossReason;
    if (policy !== 'account') return policy === 'always';
    return (await this.api.getAccount(this.signal)).isLossReasonEnabled;
  }

  /** Lost: the account and its loss reasons are read only now, never on card open (request budget). */
  async lost(pipelineId = this.state.lead?.pipelineId) {
    const { lead, readOnly, lossPrompt, pipelines } = this.state;
    if (!lead || pipelineId === undefined || readOnly || lossPrompt) return;
    if (isLost(lead.statusId) && lead.pipelineId === pipelineId) return;
    if (!closingStage(pipelines, pipelineId, 'lost')) return;
    this.set({ lossPrompt: { pipelineId, reasons: null, selected: null }, alert: null });
    try {
      const needed = await this.lossReasonNeeded();
      if (this.disposed) return;
      const reasons = needed ? await this.api.getLossReasons(this.signal) : [];
      if (this.disposed) return;
      if (reasons.length === 0) {
        this.set({ lossPrompt: null });
        return this.closeAsLost(null, pipelineId);
      }
      this.set({
        lossPrompt: { pipelineId, reasons: [...reasons].sort((a, b) => a.sort - b.sort), selected: null },
      });
    } catch (error) {
      if (!isAbort(error)) this.set({ lossPrompt: null, alert: messageOf(error), status: null });
    }
  }

  selectLossReason(id: number | null) {
    const prompt = this.state.lossPrompt;
    if (prompt) this.set({ lossPrompt: { ...prompt, selected: id }, alert: null });
  }

  cancelLost() {
    this.set({ lossPrompt: null });
  }

  /** Sends lost with its pipeline, and the reason only with it. */
  closeAsLost(
    reasonId: number | null = this.state.lossPrompt?.selected ?? null,
    pipelineId = this.state.lossPrompt?.pipelineId,
  ) {
    const { lead, lossPrompt, pipelines } = this.state;
    if (!lead || pipelineId === undefined) return;
    if (lossPrompt?.reasons?.length && reasonId === null)
      return this.refuse('alert', 'panel.loss_reason_required');
    const stage = closingStage(pipelines, pipelineId, 'lost');
    if (!stage) return;
    const sent = this.submit(
      stagePatch(lead, stage, reasonId),
      { kind: 'stage', done: { key: 'panel.done_lost', vars: { stage: stage.name } }, offerUndo: true },
      'alert',
    );
    if (sent) this.set({ lossPrompt: null });
  }

  // ---- budget --------------------------------------------------------------------------------------

  setBudgetDraft(text: string) {
    this.set({ budgetDraft: text, budgetError: null });
  }

  cancelBudget() {
    this.set({ budgetDraft: null, budgetError: null, budgetChangedElsewhere: false });
  }

  /** Saves what was typed; invalid input is explained at the field and never sent. */
  saveBudget(text = this.state.budgetDraft ?? '') {
    const lead = this.state.lead;
    if (!lead || this.state.readOnly) return;
    const built = budgetPatch(lead, text);
    if (!built.ok && built.errorKey === 'errors.budget_same') return this.cancelBudget();
    if (!built.ok) this.setBudgetDraft(text);
    const sent = this.submit(
      built,
      { kind: 'budget', done: { key: 'panel.done_budget' }, offerUndo: true, budgetText: text },
      'budgetError',
    );
    if (sent) this.cancelBudget();
  }

  // ---- tags ----------------------------------------------------------------------------------------

  private stopSearch() {
    this.stopTimer('search');
    this.searchController?.abort();
    this.searchController = null;
  }

  /** Typing in "Add tag": suggestions after a pause, never one request per keystroke. */
  setTagDraft(text: string) {
    const query = normalizeTagName(text);
    // Suggestions already shown narrow as the user types; the search answer replaces them later.
    this.set({
      tagDraft: text,
      tagError: null,
      suggestions: query ? this.suggestible(this.state.suggestions, text) : [],
    });
    this.stopSearch();
    if (!query) return;
    const cached = this.searchCache.get(query.toLowerCase());
    if (cached) return this.set({ suggestions: this.suggestible(cached) });
    this.after('search', () => void this.searchTags(query), TAG_SEARCH_DEBOUNCE_MS);
  }

  private async searchTags(query: string) {
    const controller = new AbortController();
    this.searchController = controller;
    let found: Tag[] = [];
    try {
      found = await this.api.searchTags(query, controller.signal);
      this.remember(found);
      if (this.searchCache.size >= 20) this.searchCache.delete(this.searchCache.keys().next().value!);
      this.searchCache.set(query.toLowerCase(), found);
    } catch {
      // A failed lookup is not the user's error: typing a new name and Enter still works.
    }
    // A late answer to an older query is dropped: the user typed on.
    if (this.searchController !== controller) return;
    this.searchController = null;
    this.set({ suggestions: this.suggestible(found) });
  }

  closeSuggestions() {
    this.set({ suggestions: [] });
  }

  /**
   * Adds a chosen suggestion (by id) or a typed name. A new name is created first with POST /api/v4/leads/tags
   * (which answers the existing id for a known name), then added by id: whether `tags_to_add [{name}]` creates
   * a tag is UNCONFIRMED (API.md), an id is not.
   */
  addTag(input: string | Tag = this.state.tagDraft) {
    const lead = this.state.lead;
    if (!lead || this.state.readOnly) return;
    const typed = typeof input === 'string' ? input : input.name;
    const name = normalizeTagName(typed);
    const key = nameKey(name);
    if (name && lead.tags.some((t) => nameKey(t.name) === key))
      return this.refuse('tagError', 'errors.tag_duplicate');
    const known = typeof input === 'string' ? this.knownTags.find((t) => nameKey(t.name) === key) : input;
    if (known) this.remember([known]);
    const sent = this.submit(
      tagsPatch(lead, { add: [known ? { id: known.id } : { name }] }),
      {
        kind: 'tags',
        done: { key: 'panel.done_tag_added', vars: { tag: known?.name ?? name } },
        offerUndo: true,
        prepare: known
          ? undefined
          : async (signal) => {
              const tag = await this.api.createTag(name, signal);
              this.remember([tag]);
              return { tags_to_add: [{ id: tag.id }] };
            },
        tagText: typed,
      },
      'tagError',
    );
    if (sent) {
      this.stopSearch();
      this.set({ tagDraft: '', tagError: null, suggestions: [] });
    }
  }

  removeTag(tag: Tag) {
    const lead = this.state.lead;
    if (!lead) return;
    // A chip not created yet has no id: the API also deletes by name.
    this.submit(
      tagsPatch(lead, { remove: [tag.id > 0 ? { id: tag.id } : { name: tag.name }] }),
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
    this.stopSearch();
    Object.values(this.timers).forEach(clearTimeout);
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.listeners.clear();
    this.queue = [];
  }
}
