// The panel of one deal, without Preact: one way in (its methods), one way out (`state` + `subscribe`).
// It composes the write pipeline (ActionQueue) and the tag lookup (TagSearch) with loading, the live channel and
// the steps a person goes through (lost with a reason, the budget being typed, the tag being typed). The move
// step's form and value checks are move-step.js's (loaded on approach): this store decides when a step is needed.
import { ApiError } from '../../api/errors';
import type { Clock } from '../../contracts/clock';
import { realClock } from '../../contracts/clock';
import type { HostServices } from '../../contracts/services';
import { budgetPatch, stagePatch, tagsPatch, type Built } from '../../domain/patch';
import { missingRequiredFields, type FieldDraft } from '../../domain/required-fields';
import { closingStage, isLost, nextStage } from '../../domain/stages';
import { normalizeTagName, tagNameKey } from '../../domain/tags';
import type { CustomField, FieldPatch, Lead, LossReason, Stage, Tag } from '../../domain/types';
import { ActionQueue, type Action } from './action-queue';
import { LoadOnce } from './load-once';
import { errorMessage } from '../../ui/error-message';
import { suggestionsFor, TagSearch } from './tag-search';
import type { MoveStepModule } from '../move-step/contract';
import type { MoveStep, PanelState, PanelView } from './types';

export const REFRESH_DEBOUNCE_MS = 300;

/** Where a refusal is shown: the panel's alert line, or next to the budget or tag field. */
type RefusalTarget = 'alert' | 'budget' | 'tags';

/** Refusals that mean "nothing to do" (a double click, an unchanged value): silent, nothing sent. */
const NOTHING_TO_DO = ['errors.stage_same', 'errors.budget_same', 'errors.tag_nothing'];

const isAbort = (error: unknown) => error instanceof ApiError && error.kind === 'aborted';
const isForbidden = (error: unknown) =>
  error instanceof ApiError && (error.kind === 'forbidden' || error.kind === 'no_rights');

export interface PanelStoreOptions {
  leadId: number;
  services: HostServices;
  /** move-step.js, started (LeadPanel gives it script.js's Preact); rejects when it cannot be loaded. */
  loadStep: () => Promise<MoveStepModule>;
  clock?: Clock;
}

export class PanelStore {
  readonly leadId: number;
  private readonly services: HostServices;
  private readonly clock: Clock;
  private current: PanelState;
  private listeners = new Set<() => void>();
  /** Aborts everything of this panel on destroy. */
  private controller = new AbortController();
  private queue: ActionQueue | null = null;
  private tags: TagSearch;
  private refreshTimer: unknown = null;
  /** The account's field rules (the client shares them between cards of the page session). */
  private rules: LoadOnce<readonly CustomField[]>;
  private stepModule: LoadOnce<MoveStepModule>;
  private unsubscribe: (() => void) | null = null;

  constructor({ leadId, services, loadStep, clock = realClock }: PanelStoreOptions) {
    this.leadId = leadId;
    this.services = services;
    this.clock = clock;
    this.rules = new LoadOnce(() => services.api.getCustomFields(this.controller.signal));
    this.stepModule = new LoadOnce(loadStep);
    const rights = services.rights;
    this.current = {
      phase: 'loading',
      loadError: null,
      deal: null,
      contacts: [],
      readOnly: rights && !rights.canEdit ? { key: rights.reasonKey ?? 'panel.rights_no_edit' } : null,
      activity: { busy: null, status: null, alert: null, canUndo: false, cardStale: false },
      budget: { draft: null, error: null, changedElsewhere: false },
      tags: { draft: '', error: null, suggestions: [] },
      step: null,
    };
    this.tags = new TagSearch({
      api: services.api,
      clock,
      onFound: (found) => this.setTags({ suggestions: this.suggestible(found) }),
    });
  }

  get state(): PanelView {
    return this.current;
  }

  /** The step's form, once move-step.js is here (a step is shown only then). */
  get stepForm(): MoveStepModule['MoveStepForm'] | null {
    return this.stepModule.value?.MoveStepForm ?? null;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private get disposed() {
    return this.controller.signal.aborted;
  }

  private set(change: Partial<PanelState>) {
    if (this.disposed) return;
    this.current = { ...this.current, ...change };
    this.listeners.forEach((listener) => listener());
  }
  private setActivity(change: Partial<PanelState['activity']>) {
    this.set({ activity: { ...this.current.activity, ...change } });
  }
  private setBudget(change: Partial<PanelState['budget']>) {
    this.set({ budget: { ...this.current.budget, ...change } });
  }
  private setTags(change: Partial<PanelState['tags']>) {
    this.set({ tags: { ...this.current.tags, ...change } });
  }

  private get api() {
    return this.services.api;
  }
  private get lead(): Lead | null {
    return this.current.deal?.shown ?? null;
  }
  private get pipelines() {
    return this.current.deal?.pipelines ?? [];
  }

  private suggestible(tags: readonly Tag[], text = '') {
    return suggestionsFor(tags, this.lead?.tags ?? [], text);
  }

  private refuse(target: RefusalTarget, key: string) {
    if (target === 'alert') this.setActivity({ alert: { key }, status: null });
    else if (target === 'budget') this.setBudget({ error: { key } });
    else this.setTags({ error: { key } });
  }

  /** Mirrors what the queue exposes into the state. */
  private syncDeal() {
    const queue = this.queue;
    const deal = this.current.deal;
    if (!queue || !deal) return;
    this.set({
      deal: { ...deal, confirmed: queue.confirmed, shown: queue.shown },
      activity: { ...this.current.activity, busy: queue.busy, canUndo: queue.canUndo },
    });
  }

  // ---- loading and living with the card ----------------------------------------------------------

  start() {
    if (this.disposed || this.unsubscribe) return;
    this.unsubscribe = this.services.subscribeLead(this.leadId, () => this.onRemoteChange());
    void this.load();
    void this.services.cardContacts().then((contacts) => this.set({ contacts }));
  }

  /** The deal and the pipelines in parallel: the only two requests of a card (pipelines are cached). */
  private async load() {
    this.set({ phase: 'loading', loadError: null });
    try {
      const signal = this.controller.signal;
      const [lead, pipelines] = await Promise.all([
        this.api.getLead(this.leadId, signal),
        this.api.getPipelines(signal),
      ]);
      if (this.disposed) return;
      this.tags.remember(lead.tags);
      this.queue = this.createQueue(lead);
      this.set({ phase: 'ready', loadError: null, deal: { confirmed: lead, shown: lead, pipelines } });
    } catch (error) {
      if (isAbort(error)) return;
      const kind = error instanceof ApiError ? error.kind : null;
      if (kind === 'not_found') this.set({ phase: 'not_found', loadError: { key: 'errors.not_found' } });
      else if (kind === 'forbidden')
        this.set({ phase: 'no_rights', loadError: { key: 'panel.no_rights_view' } });
      else this.set({ phase: isForbidden(error) ? 'no_rights' : 'error', loadError: errorMessage(error) });
    }
  }

  private createQueue(lead: Lead) {
    return new ActionQueue(
      {
        api: this.api,
        leadId: this.leadId,
        clock: this.clock,
        signal: this.controller.signal,
        knownTags: () => this.tags.knownTags,
        rememberTags: (tags) => this.tags.remember(tags),
        pipelines: () => this.pipelines,
        onChange: () => this.syncDeal(),
        onLanded: (action) => this.setActivity({ status: action.done, cardStale: true }),
        onFailed: (dropped, error) => this.onFailed(dropped, error),
        onRefreshDue: () => void this.reread(),
      },
      lead,
    );
  }

  retry() {
    if (this.current.phase !== 'loading') void this.load();
  }

  private onRemoteChange() {
    const queue = this.queue;
    if (this.disposed || !queue || queue.isOwnEcho() || !queue.refreshNowOrLater()) return;
    // A burst of messages (one per changed field) is read once, after a pause.
    this.clock.clearTimeout(this.refreshTimer);
    this.refreshTimer = this.clock.setTimeout(() => {
      if (queue.refreshNowOrLater()) void this.reread();
    }, REFRESH_DEBOUNCE_MS);
  }

  /** Re-reads the deal after a change elsewhere; the budget being typed stays. */
  private async reread() {
    if (this.current.phase !== 'ready' || !this.queue) return;
    try {
      const lead = await this.api.getLead(this.leadId, this.controller.signal);
      // An action started meanwhile re-reads by itself when it is done.
      if (this.disposed || this.queue.isDraining) return;
      this.tags.remember(lead.tags);
      const before = this.queue.confirmed;
      const { budget, tags } = this.current;
      this.queue.reset(lead);
      this.set({
        budget: {
          ...budget,
          changedElsewhere: budget.changedElsewhere || (budget.draft !== null && before.price !== lead.price),
        },
        tags: { ...tags, suggestions: tags.suggestions.filter((t) => !lead.tags.some((x) => x.id === t.id)) },
      });
    } catch (error) {
      // The deal disappeared while open. Other failures keep what is shown; the next change reads again.
      if (error instanceof ApiError && error.kind === 'not_found')
        this.set({
          phase: 'not_found',
          loadError: null,
          step: null,
          activity: { ...this.current.activity, busy: null, canUndo: false },
        });
    }
  }

  // ---- the action pipeline -----------------------------------------------------------------------

  private submit(built: Built, action: Omit<Action, 'patch'>, target: RefusalTarget): boolean {
    const { phase, readOnly } = this.current;
    if (this.disposed || phase !== 'ready' || readOnly || !this.queue) return false;
    if (!built.ok) {
      if (!NOTHING_TO_DO.includes(built.errorKey)) this.refuse(target, built.errorKey);
      return false;
    }
    this.setActivity({ status: null, alert: null });
    this.queue.submit({ ...action, patch: built.patch });
    return true;
  }

  /** Everything unconfirmed rolled back; what the user typed comes back unless they typed something new. */
  private onFailed(dropped: readonly Action[], error: unknown) {
    const message = errorMessage(error);
    const { budget, tags } = this.current;
    const budgetText = dropped.find((a) => a.typed?.budget !== undefined)?.typed?.budget;
    const tagText = dropped.find((a) => a.typed?.tag !== undefined)?.typed?.tag;
    const moved = dropped.find((a) => a.typed?.step !== undefined);
    const typedStep = moved?.typed?.step;
    const stepModule = this.stepModule.value;
    this.syncDeal();
    if (moved && typedStep && stepModule && this.current.step === null) {
      const sent = moved.patch.custom_fields_values ?? [];
      const problems = error instanceof ApiError ? error.problems : [];
      this.set({ step: stepModule.stepAfterRefusal(typedStep, sent, problems) });
    }
    this.set({
      activity: { ...this.current.activity, alert: message, status: null },
      readOnly: isForbidden(error) ? message : this.current.readOnly,
      budget:
        budgetText !== undefined && budget.draft === null
          ? { ...budget, draft: budgetText, error: message }
          : budget,
      tags: tagText !== undefined && tags.draft === '' ? { ...tags, draft: tagText, error: message } : tags,
    });
  }

  /** Applies the inverse of the last successful action (offered for a few seconds). */
  undoLast() {
    if (this.current.readOnly) return;
    const patch = this.queue?.takeUndo();
    if (patch)
      this.submit(
        { ok: true, patch },
        { kind: 'undo', done: { key: 'panel.undone' }, offerUndo: false },
        'alert',
      );
  }

  // ---- stage ---------------------------------------------------------------------------------------

  private get respectRules() {
    return this.services.settings.panel.respectRequiredFields;
  }

  /**
   * Reads the rules and loads the step's module before they are needed (the pointer or the focus reached the
   * stage controls), so the click decides at once. Never on card open: a card costs one request, one file.
   */
  prefetchRules() {
    if (this.current.phase !== 'ready' || this.current.readOnly) return;
    if (this.respectRules) this.rules.get().catch(() => undefined);
    this.stepModule.get().catch(() => undefined);
  }

  /** Moves to a stage chosen in the picker; a lost stage goes through the loss reason first. */
  moveTo(stage: Stage) {
    if (stage.kind === 'lost') void this.lost(stage.pipelineId);
    else void this.startMove(stage, false);
  }

  next() {
    const lead = this.lead;
    if (lead && !this.queue?.nextPending && !this.current.step?.fromNext)
      void this.startMove(nextStage(this.pipelines, lead), true);
  }

  won() {
    const lead = this.lead;
    if (lead) void this.startMove(closingStage(this.pipelines, lead.pipelineId, 'won'), false);
  }

  /**
   * Opens the step for the fields `rules` require that the deal lacks, or (nothing to ask) sends the move; the
   * live region says how many fields are asked. The step is move-step.js's: until it is here the step stays
   * "Checking…"; without it the deal does not move.
   */
  private async askOrSend(step: MoveStep, rules: readonly CustomField[]) {
    const { target } = step;
    const missing = missingRequiredFields(rules, this.lead!, {
      statusId: target.id,
      pipelineId: target.pipelineId,
    });
    if (missing.length === 0 && step.reasons?.length === 0) {
      this.set({ step: null });
      this.sendMove(target, step.fromNext, null, []);
      return;
    }
    let stepModule = this.stepModule.value;
    if (!stepModule) {
      this.set({ step: { ...step, fields: null } });
      try {
        stepModule = await this.stepModule.get();
      } catch {
        if (this.current.step?.target !== target) return;
        this.set({ step: null });
        return this.refuse('alert', 'fields.step_unavailable');
      }
      if (this.current.step?.target !== target) return;
    }
    this.set({ step: { ...step, fields: stepModule.askFields(missing) } });
    this.setActivity({
      alert: null,
      status: missing.length
        ? { key: 'fields.step_announce', vars: { count: missing.length, stage: target.name } }
        : null,
    });
  }

  /**
   * A step that needs data first (the field rules, the loss reasons): it shows as loading meanwhile. Without the
   * data the deal does not move: the rules are the point.
   */
  private async askAfterLoading(
    step: MoveStep,
    load: () => Promise<[readonly LossReason[], readonly CustomField[]]>,
  ) {
    this.set({ step });
    try {
      const [reasons, rules] = await load();
      if (this.disposed || this.current.step?.target !== step.target) return;
      await this.askOrSend({ ...step, reasons }, rules);
    } catch (error) {
      if (isAbort(error) || this.current.step?.target !== step.target) return;
      this.set({ step: null });
      this.setActivity({ alert: errorMessage(error), status: null });
    }
  }

  /** A move to an open or won stage: at once when the deal has what the stage requires, else through the step. */
  private async startMove(stage: Stage | undefined, fromNext: boolean) {
    const lead = this.lead;
    const { readOnly, phase } = this.current;
    if (!lead || !stage || readOnly || phase !== 'ready') return;
    if (stage.id === lead.statusId && stage.pipelineId === lead.pipelineId) return;
    if (!this.respectRules) return void this.sendMove(stage, fromNext, null, []);
    const step: MoveStep = { target: stage, reasons: [], selectedReason: null, fields: null, fromNext };
    // With the rules (and the step's module) at hand the decision is synchronous: the click shows its result in
    // the same frame.
    const known = this.rules.value;
    if (known) return this.askOrSend(step, known);
    return this.askAfterLoading(step, async () => [[], await this.rules.get()]);
  }

  private sendMove(
    stage: Stage,
    fromNext: boolean,
    reasonId: number | null,
    fields: readonly FieldPatch[],
    step?: MoveStep,
  ): boolean {
    const lead = this.lead;
    if (!lead) return false;
    const key =
      stage.kind === 'won'
        ? 'panel.done_won'
        : stage.kind === 'lost'
          ? 'panel.done_lost'
          : 'panel.done_stage';
    return this.submit(
      stagePatch(lead, stage, reasonId, fields),
      {
        kind: 'stage',
        done: { key, vars: { stage: stage.name } },
        offerUndo: true,
        fromNext,
        typed: { step },
      },
      'alert',
    );
  }

  private async lossReasonNeeded(): Promise<boolean> {
    const policy = this.services.settings.panel.lossReason;
    if (policy !== 'account') return policy === 'always';
    return (await this.api.getAccount(this.controller.signal)).isLossReasonEnabled;
  }

  private async lossReasons(): Promise<LossReason[]> {
    const needed = await this.lossReasonNeeded();
    const reasons = needed ? await this.api.getLossReasons(this.controller.signal) : [];
    return [...reasons].sort((a, b) => a.sort - b.sort);
  }

  /** Lost: the account, its loss reasons and the field rules are read only now, never on card open. */
  async lost(pipelineId = this.lead?.pipelineId) {
    const { readOnly, step, phase } = this.current;
    const lead = this.lead;
    if (!lead || pipelineId === undefined || readOnly || step || phase !== 'ready') return;
    if (isLost(lead.statusId) && lead.pipelineId === pipelineId) return;
    const target = closingStage(this.pipelines, pipelineId, 'lost');
    if (!target) return;
    this.setActivity({ alert: null });
    return this.askAfterLoading(
      { target, reasons: null, selectedReason: null, fields: null, fromNext: false },
      () => Promise.all([this.lossReasons(), this.respectRules ? this.rules.get() : Promise.resolve([])]),
    );
  }

  selectLossReason(id: number | null) {
    const step = this.current.step;
    if (step) this.set({ step: { ...step, selectedReason: id } });
    this.setActivity({ alert: null });
  }

  /** What the user typed or picked for a required field; its error goes until the next check. */
  setFieldDraft(fieldId: number, draft: FieldDraft) {
    const step = this.current.step;
    if (!step?.fields) return;
    this.set({
      step: {
        ...step,
        fields: step.fields.map((f) => (f.field.id === fieldId ? { ...f, draft, error: null } : f)),
      },
    });
  }

  cancelStep() {
    if (this.current.step) this.set({ step: null });
    this.setActivity({ status: null });
  }

  /**
   * "Save and move" / "Close as lost": every asked value is checked (move-step.js); anything wrong is explained
   * at its control and kept, and nothing is sent. Otherwise ONE PATCH carries the move, the reason and exactly
   * these fields.
   */
  confirmStep() {
    const step = this.current.step;
    const stepModule = this.stepModule.value;
    if (!step || !stepModule || !this.lead || step.fields === null || step.reasons === null) return;
    const checked = stepModule.checkStep(step);
    if (!checked.ok) {
      if (checked.step) this.set({ step: checked.step });
      return this.setActivity({ alert: checked.alert, status: null });
    }
    if (this.sendMove(step.target, step.fromNext, step.selectedReason, checked.fields, step))
      this.set({ step: null });
  }

  /** The lost step's button; the same check as "Save and move". */
  closeAsLost() {
    this.confirmStep();
  }

  // ---- budget --------------------------------------------------------------------------------------

  setBudgetDraft(text: string) {
    this.setBudget({ draft: text, error: null });
  }

  cancelBudget() {
    this.setBudget({ draft: null, error: null, changedElsewhere: false });
  }

  /** Saves what was typed; invalid input is explained at the field and never sent. */
  saveBudget(text = this.current.budget.draft ?? '') {
    const lead = this.lead;
    if (!lead || this.current.readOnly) return;
    const built = budgetPatch(lead, text);
    if (!built.ok && built.errorKey === 'errors.budget_same') return this.cancelBudget();
    if (!built.ok) this.setBudgetDraft(text);
    const sent = this.submit(
      built,
      { kind: 'budget', done: { key: 'panel.done_budget' }, offerUndo: true, typed: { budget: text } },
      'budget',
    );
    if (sent) this.cancelBudget();
  }

  // ---- tags ----------------------------------------------------------------------------------------

  /** Typing in "Add tag": suggestions after a pause, never one request per keystroke. */
  setTagDraft(text: string) {
    const query = normalizeTagName(text);
    // Suggestions already shown narrow as the user types; the search answer replaces them later.
    this.setTags({
      draft: text,
      error: null,
      suggestions: query ? this.suggestible(this.current.tags.suggestions, text) : [],
    });
    this.tags.query(text);
  }

  closeSuggestions() {
    this.setTags({ suggestions: [] });
  }

  /**
   * Adds a chosen suggestion (by id) or a typed name. A new name is created first with POST /api/v4/leads/tags
   * (which answers the existing id for a known name), then added by id: whether `tags_to_add [{name}]` creates
   * a tag is UNCONFIRMED (API.md), an id is not.
   */
  addTag(input: string | Tag = this.current.tags.draft) {
    const lead = this.lead;
    if (!lead || this.current.readOnly) return;
    const typed = typeof input === 'string' ? input : input.name;
    const name = normalizeTagName(typed);
    if (name && lead.tags.some((t) => tagNameKey(t.name) === tagNameKey(name)))
      return this.refuse('tags', 'errors.tag_duplicate');
    const known = typeof input === 'string' ? this.tags.byName(name) : input;
    if (known) this.tags.remember([known]);
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
              this.tags.remember([tag]);
              return { tags_to_add: [{ id: tag.id }] };
            },
        typed: { tag: typed },
      },
      'tags',
    );
    if (sent) {
      this.tags.stop();
      this.setTags({ draft: '', error: null, suggestions: [] });
    }
  }

  removeTag(tag: Tag) {
    const lead = this.lead;
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
    this.controller.abort();
    this.tags.stop();
    this.queue?.dispose();
    this.clock.clearTimeout(this.refreshTimer);
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.listeners.clear();
  }
}
