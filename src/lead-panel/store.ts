// The panel's state and effects, without Preact: one way in (methods), one way out (subscribe).
// Every action: minimal PATCH, shown at once, one in flight at a time (later intents queue; for stage and
// budget only the LAST queued intent survives), re-read after success, rollback + words + kept input on failure.
import { ApiError } from '../api/errors';
import { budgetPatch, normalizeTagName, stagePatch, tagsPatch, type Built } from '../api/payload';
import type { Lead, LeadPatch, LossReason, Pipeline, Stage, Tag } from '../api/types';
import type { HostServices } from '../host/services';
import { applyPatch, findStage, inversePatch, nextStage } from './optimistic';

export type ActionKind = 'stage' | 'budget' | 'tags' | 'undo';
export interface Message {
  key: string;
  vars?: Record<string, string | number>;
}

export interface PanelState {
  phase: 'loading' | 'ready' | 'not_found' | 'error';
  /** Why loading failed (phase 'error'). */
  loadError: Message | null;
  /** The lead as shown: the server's state plus the optimistic change in flight. */
  lead: Lead | null;
  pipelines: Pipeline[];
  busy: ActionKind | null;
  /** Set when the user may not edit; the reason is shown. */
  readOnly: Message | null;
  status: Message | null;
  alert: Message | null;
  /** The budget text being edited (null = not editing). Kept on failure so nothing typed is lost. */
  budgetDraft: string | null;
  budgetError: Message | null;
  tagDraft: string;
  tagError: Message | null;
  suggestions: Tag[];
  /** Lost asks for a reason first: the reasons, or null while they load. */
  lossPrompt: { reasons: LossReason[] | null; pipelineId: number; selected: number | null } | null;
  undo: { patch: LeadPatch; label: Message } | null;
  /** After our own write the card's own fields above are out of date. */
  cardStale: boolean;
  /** The budget changed elsewhere while the user was typing one. */
  budgetChangedElsewhere: boolean;
}

interface Intent {
  kind: Exclude<ActionKind, 'undo'> | 'undo';
  patch: LeadPatch;
  done: Message;
  /** Prepares the PATCH just before sending (e.g. creates a new tag to get its id). */
  prepare?: (signal: AbortSignal) => Promise<LeadPatch>;
  offerUndo: boolean;
}

export const UNDO_MS = 6000;
export const TAG_SEARCH_DEBOUNCE_MS = 300;
const REFRESH_DEBOUNCE_MS = 300;

type Timer = ReturnType<typeof setTimeout>;

export class LeadPanelStore {
  state: PanelState = {
    phase: 'loading', loadError: null, lead: null, pipelines: [], busy: null, readOnly: null, status: null, alert: null,
    budgetDraft: null, budgetError: null, tagDraft: '', tagError: null, suggestions: [], lossPrompt: null, undo: null,
    cardStale: false, budgetChangedElsewhere: false,
  };
  private listeners = new Set<() => void>();
  private controller = new AbortController();
  private confirmed: Lead | null = null;
  private queue: Intent[] = [];
  private timers = new Set<Timer>();
  private undoTimer: Timer | null = null;
  private searchTimer: Timer | null = null;
  private refreshTimer: Timer | null = null;
  private searchController: AbortController | null = null;
  private knownTags: Tag[] = [];
  private unsubscribe: (() => void) | null = null;
  private disposed = false;
  private refreshWanted = false;

  constructor(
    readonly leadId: number,
    private readonly services: HostServices,
  ) {
    const rights = services.rights;
    if (rights && !rights.canEdit) this.state.readOnly = { key: rights.reasonKey ?? 'panel.rights_no_edit' };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<PanelState>) {
    if (this.disposed) return;
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((l) => l());
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

  private t(error: unknown): Message {
    if (error instanceof ApiError) return { key: error.messageKey, vars: error.messageVars };
    return { key: 'errors.malformed' };
  }

  // ---- loading -------------------------------------------------------------------------------

  start() {
    this.unsubscribe = this.services.subscribeLead(this.leadId, () => this.onRemoteChange());
    void this.load();
  }

  async load() {
    this.set({ phase: 'loading', loadError: null });
    try {
      const [lead, pipelines] = await Promise.all([
        this.services.api.getLead(this.leadId, this.signal),
        this.services.api.getPipelines(this.signal),
      ]);
      this.confirmed = lead;
      this.set({ phase: 'ready', lead, pipelines });
    } catch (error) {
      if (this.disposed || (error instanceof ApiError && error.kind === 'aborted')) return;
      if (error instanceof ApiError && error.kind === 'not_found') return this.set({ phase: 'not_found' });
      if (error instanceof ApiError && (error.kind === 'forbidden' || error.kind === 'no_rights'))
        return this.set({ phase: 'error', loadError: { key: 'panel.no_rights_view' } });
      this.set({ phase: 'error', loadError: this.t(error) });
    }
  }

  retry() {
    void this.load();
  }

  private onRemoteChange() {
    this.cancel(this.refreshTimer);
    this.refreshTimer = this.later(() => {
      this.refreshTimer = null;
      if (this.state.busy) this.refreshWanted = true;
      else void this.reread();
    }, REFRESH_DEBOUNCE_MS);
  }

  /** Re-reads the deal; an edit in progress (the budget being typed) is kept. */
  private async reread() {
    if (this.state.phase !== 'ready') return this.load();
    try {
      const lead = await this.services.api.getLead(this.leadId, this.signal);
      if (this.state.busy) return;
      const before = this.confirmed;
      this.confirmed = lead;
      this.set({
        lead,
        budgetChangedElsewhere: this.state.budgetDraft !== null && before !== null && before.price !== lead.price,
      });
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'not_found') this.set({ phase: 'not_found' });
      // Other failures keep what is shown; the next change or action reads again.
    }
  }

  // ---- the action pipeline ---------------------------------------------------------------------

  private submit(built: Built, intent: Omit<Intent, 'patch'>, onRefused?: (m: Message) => void): boolean {
    if (this.state.readOnly || !this.state.lead) return false;
    if (!built.ok) {
      onRefused?.({ key: built.errorKey });
      return false;
    }
    const full: Intent = { ...intent, patch: built.patch };
    // Last intent wins for stage and budget: a queued older one of the same kind is dropped.
    if (full.kind === 'stage' || full.kind === 'budget') this.queue = this.queue.filter((q) => q.kind !== full.kind);
    this.queue.push(full);
    this.set({ lead: applyPatch(this.state.lead, built.patch, this.knownTags), alert: null, status: null, undo: null });
    if (!this.state.busy) void this.drain();
    return true;
  }

  private async drain() {
    while (this.queue.length && !this.disposed) {
      const intent = this.queue.shift()!;
      const before = this.confirmed!;
      this.set({ busy: intent.kind });
      try {
        const patch = intent.prepare ? await intent.prepare(this.signal) : intent.patch;
        await this.services.api.patchLead(this.leadId, patch, this.signal);
        const fresh = await this.services.api.getLead(this.leadId, this.signal).catch(() => applyPatch(before, patch, this.knownTags));
        this.confirmed = fresh;
        const shown = this.queue.reduce((lead, q) => applyPatch(lead, q.patch, this.knownTags), fresh);
        this.set({
          lead: shown,
          status: intent.done,
          cardStale: true,
          undo: intent.offerUndo ? { patch: inversePatch(before, patch), label: intent.done } : null,
        });
        if (intent.offerUndo) this.armUndo();
      } catch (error) {
        if (this.disposed || (error instanceof ApiError && error.kind === 'aborted')) return;
        this.failed(intent, error);
        return;
      }
    }
    this.set({ busy: null });
    if (this.refreshWanted) {
      this.refreshWanted = false;
      void this.reread();
    }
  }

  private failed(intent: Intent, error: unknown) {
    const message = this.t(error);
    const dropped = this.queue;
    this.queue = [];
    const restore: Partial<PanelState> = { busy: null, lead: this.confirmed, alert: message, status: null };
    if (error instanceof ApiError && (error.kind === 'forbidden' || error.kind === 'no_rights')) restore.readOnly = message;
    // Keep what the user typed so they can retry: the budget draft and the tag name come back.
    const lastBudget = [intent, ...dropped].reverse().find((q) => q.kind === 'budget');
    if (lastBudget && lastBudget.patch.price !== undefined && this.state.budgetDraft === null) {
      restore.budgetDraft = String(lastBudget.patch.price);
      restore.budgetError = message;
    }
    if (intent.kind === 'tags' && intent.patch.tags_to_add && !this.state.tagDraft) {
      const ref = intent.patch.tags_to_add[0];
      restore.tagDraft = 'name' in ref ? ref.name : (this.knownTags.find((t) => t.id === ref.id)?.name ?? '');
      restore.tagError = message;
    }
    this.set(restore);
  }

  private armUndo() {
    this.cancel(this.undoTimer);
    this.undoTimer = this.later(() => this.set({ undo: null }), UNDO_MS);
  }

  undoLast() {
    const undo = this.state.undo;
    if (!undo || this.state.busy) return;
    this.cancel(this.undoTimer);
    this.set({ undo: null });
    this.submit({ ok: true, patch: undo.patch }, { kind: 'undo', done: { key: 'panel.undone' }, offerUndo: false });
  }

  // ---- stage -----------------------------------------------------------------------------------

  private lossPolicyNeedsReason = async (): Promise<boolean> => {
    const policy = this.services.settings.panel.lossReason;
    if (policy === 'never') return false;
    if (policy === 'always') return true;
    const account = await this.services.api.getAccount(this.signal);
    return account.isLossReasonEnabled;
  };

  moveTo(stage: Stage) {
    if (stage.kind === 'lost') return void this.lost(stage.pipelineId);
    const lead = this.state.lead;
    if (!lead) return;
    const name = stage.kind === 'won' ? 'panel.done_won' : 'panel.done_stage';
    this.submit(stagePatch(lead, stage), { kind: 'stage', done: { key: name, vars: { stage: stage.name } }, offerUndo: true }, (m) =>
      this.set({ alert: m }),
    );
  }

  next() {
    const lead = this.state.lead;
    const stage = lead && nextStage(this.state.pipelines, lead);
    if (stage) this.moveTo(stage);
  }

  won() {
    const lead = this.state.lead;
    const stage = lead && findStage(this.state.pipelines, lead.pipelineId, 142);
    if (stage) this.moveTo(stage);
  }

  /** Lost: asks for a reason first when the policy and the account say so. */
  async lost(pipelineId = this.state.lead?.pipelineId) {
    const lead = this.state.lead;
    if (!lead || pipelineId === undefined || this.state.readOnly) return;
    const stage = findStage(this.state.pipelines, pipelineId, 143);
    if (!stage) return;
    this.set({ lossPrompt: { reasons: null, pipelineId, selected: null }, alert: null });
    try {
      const needs = await this.lossPolicyNeedsReason();
      const reasons = needs ? await this.services.api.getLossReasons(this.signal) : [];
      if (!needs || reasons.length === 0) {
        this.set({ lossPrompt: null });
        return void this.closeAsLost(null, pipelineId);
      }
      this.set({ lossPrompt: { reasons, pipelineId, selected: null } });
    } catch (error) {
      if (this.disposed || (error instanceof ApiError && error.kind === 'aborted')) return;
      this.set({ lossPrompt: null, alert: this.t(error) });
    }
  }

  selectLossReason(id: number | null) {
    if (this.state.lossPrompt) this.set({ lossPrompt: { ...this.state.lossPrompt, selected: id } });
  }

  cancelLost() {
    this.set({ lossPrompt: null });
  }

  closeAsLost(reasonId: number | null = this.state.lossPrompt?.selected ?? null, pipelineId = this.state.lossPrompt?.pipelineId) {
    const lead = this.state.lead;
    if (!lead || pipelineId === undefined) return;
    const prompt = this.state.lossPrompt;
    if (prompt && prompt.reasons && prompt.reasons.length > 0 && reasonId === null) {
      return this.set({ alert: { key: 'panel.loss_reason_required' } });
    }
    const stage = findStage(this.state.pipelines, pipelineId, 143);
    if (!stage) return;
    const reason = prompt?.reasons?.find((r) => r.id === reasonId);
    const sent = this.submit(
      stagePatch(lead, stage, reasonId),
      { kind: 'stage', done: { key: 'panel.done_lost', vars: { stage: stage.name } }, offerUndo: true },
      (m) => this.set({ alert: m }),
    );
    if (sent) {
      this.set({ lossPrompt: null, lead: reason ? { ...this.state.lead!, lossReason: reason } : this.state.lead });
    }
  }

  // ---- budget ------------------------------------------------------------------------------------

  editBudget() {
    if (this.state.readOnly || !this.state.lead) return;
    this.set({ budgetDraft: String(this.state.lead.price), budgetError: null, budgetChangedElsewhere: false });
  }

  setBudgetDraft(text: string) {
    this.set({ budgetDraft: text, budgetError: null });
  }

  cancelBudget() {
    this.set({ budgetDraft: null, budgetError: null, budgetChangedElsewhere: false });
  }

  saveBudget(text = this.state.budgetDraft ?? '') {
    const lead = this.state.lead;
    if (!lead) return;
    const built = budgetPatch(lead, text);
    if (!built.ok && built.errorKey === 'errors.budget_same') return this.cancelBudget();
    const sent = this.submit(built, { kind: 'budget', done: { key: 'panel.done_budget' }, offerUndo: true }, (m) =>
      this.set({ budgetError: m, budgetDraft: text }),
    );
    if (sent) this.set({ budgetDraft: null, budgetError: null, budgetChangedElsewhere: false });
  }

  // ---- tags --------------------------------------------------------------------------------------

  setTagDraft(text: string) {
    this.set({ tagDraft: text, tagError: null });
    this.cancel(this.searchTimer);
    this.searchController?.abort();
    const query = normalizeTagName(text);
    if (query.length < 1) return this.set({ suggestions: [] });
    this.searchTimer = this.later(() => void this.searchTags(query), TAG_SEARCH_DEBOUNCE_MS);
  }

  private async searchTags(query: string) {
    const controller = new AbortController();
    this.searchController = controller;
    const abortWithPanel = () => controller.abort();
    this.signal.addEventListener('abort', abortWithPanel, { once: true });
    try {
      const found = await this.services.api.searchTags(query, controller.signal);
      if (controller.signal.aborted || this.searchController !== controller) return;
      this.knownTags = [...found, ...this.knownTags.filter((t) => !found.some((f) => f.id === t.id))].slice(0, 500);
      const onLead = new Set(this.state.lead?.tags.map((t) => t.id));
      this.set({ suggestions: found.filter((t) => !onLead.has(t.id)).slice(0, 10) });
    } catch {
      // A failed suggestion lookup is not an error of the user's: typing a new name still works.
      if (this.searchController === controller) this.set({ suggestions: [] });
    } finally {
      this.signal.removeEventListener('abort', abortWithPanel);
    }
  }

  addTag(text = this.state.tagDraft) {
    const lead = this.state.lead;
    if (!lead) return;
    const name = normalizeTagName(text);
    const known = this.knownTags.find((t) => t.name.toLocaleLowerCase() === name.toLocaleLowerCase());
    const built = known ? tagsPatch(lead, { add: [{ id: known.id }] }) : tagsPatch(lead, { add: [{ name }] });
    if (built.ok && known && lead.tags.some((t) => t.name.toLocaleLowerCase() === name.toLocaleLowerCase())) {
      return this.set({ tagError: { key: 'errors.tag_duplicate' } });
    }
    // Whether tags_to_add with an unknown name creates the tag is UNCONFIRMED (API.md): a new name is created
    // first through POST /api/v4/leads/tags (which returns the existing id for a known name), then added by id.
    const prepare = known
      ? undefined
      : async (signal: AbortSignal): Promise<LeadPatch> => {
          const tag = await this.services.api.createTag(name, signal);
          this.knownTags = [tag, ...this.knownTags];
          return { tags_to_add: [{ id: tag.id }] };
        };
    const sent = this.submit(
      built,
      { kind: 'tags', done: { key: 'panel.done_tag_added', vars: { tag: name } }, offerUndo: true, prepare },
      (m) => this.set({ tagError: m }),
    );
    if (sent) {
      this.cancel(this.searchTimer);
      this.searchController?.abort();
      this.set({ tagDraft: '', tagError: null, suggestions: [] });
    }
  }

  removeTag(tag: Tag) {
    const lead = this.state.lead;
    if (!lead) return;
    const ref = tag.id > 0 ? { id: tag.id } : { name: tag.name };
    this.submit(tagsPatch(lead, { remove: [ref] }), { kind: 'tags', done: { key: 'panel.done_tag_removed', vars: { tag: tag.name } }, offerUndo: true }, (m) =>
      this.set({ alert: m }),
    );
  }

  dismissStale() {
    this.set({ cardStale: false });
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
    this.timers.forEach((t) => clearTimeout(t));
    this.timers.clear();
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.listeners.clear();
    this.queue = [];
  }
}
