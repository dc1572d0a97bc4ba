// The lead panel in the card's right column: the deal at a glance and its quick actions. All state lives in
// LeadPanelStore; components only render it and forward the user's intents. Class components, not hooks:
// the few bits of local state (a pending stage, the active suggestion) do not justify shipping preact/hooks.
import { Component, createRef, h } from 'preact';
import type { Stage, Tag } from '../domain/types';
import type { HostServices, Translate } from '../contracts/services';
import type { PanelOptions } from '../contracts/settings';
import { describedBy } from '../ui/aria';
import { formatBudget, readableTextOn } from './format';
import { DEFAULT_STAGE_COLOR, findStage, isLost, isWon, nextStageBlocker, offeredPipelines } from '../domain';
import { LeadPanelStore, type Message, type PanelState } from './store';

export interface LeadPanelProps {
  leadId: number;
  services: HostServices;
}

interface SectionProps {
  store: LeadPanelStore;
  state: PanelState;
  services: HostServices;
  idBase: string;
  /** The id of the read-only reason, when editing is off. */
  lockedBy: string | undefined;
}

const stageValue = (s: Stage) => `${s.pipelineId}:${s.id}`;

/** One store per lead: created on render, started once mounted, destroyed when replaced or unmounted. */
export class LeadPanel extends Component<LeadPanelProps> {
  private store: LeadPanelStore | null = null;
  private started: LeadPanelStore | null = null;
  private unsubscribe: (() => void) | null = null;

  override componentDidMount() {
    this.connect();
  }

  override componentDidUpdate() {
    this.connect();
  }

  override componentWillUnmount() {
    this.disconnect();
  }

  private connect() {
    const store = this.store;
    if (!store || store === this.started) return;
    this.disconnect();
    this.started = store;
    this.unsubscribe = store.subscribe(() => this.forceUpdate());
    store.start();
  }

  private disconnect() {
    this.unsubscribe?.();
    this.started?.destroy();
    this.started = null;
  }

  render({ leadId, services }: LeadPanelProps) {
    let store = this.store;
    if (!store || store.leadId !== leadId || store.services !== services)
      store = this.store = new LeadPanelStore(leadId, services);
    return <Panel store={store} services={services} />;
  }
}

function Panel({ store, services }: { store: LeadPanelStore; services: HostServices }) {
  const { t, settings } = services;
  const s = store.state;
  const leadId = store.leadId;
  const say = (m: Message | null) => (m ? t(m.key, m.vars) : '');
  const idBase = `lqa-${leadId}`;

  if (s.phase === 'loading') {
    return (
      <div class="lqa lqa-panel" aria-busy="true" data-state="loading">
        <Skeleton options={settings.panel} />
        <div class="lqa-visually-hidden" role="status">
          {t('panel.loading')}
        </div>
      </div>
    );
  }
  if (s.phase !== 'ready' || !s.lead) {
    return (
      <div class="lqa lqa-panel" aria-busy="false" data-state={s.phase}>
        <p class="lqa-state" role="alert">
          {s.phase === 'not_found' ? t('errors.not_found') : say(s.loadError)}
        </p>
        {s.phase !== 'not_found' && (
          <button type="button" class="lqa-button" onClick={() => store.retry()}>
            {t('panel.retry')}
          </button>
        )}
      </div>
    );
  }

  const lockedBy = s.readOnly ? `${idBase}-ro` : undefined;
  const props: SectionProps = { store, state: s, services, idBase, lockedBy };
  return (
    <div class="lqa lqa-panel" data-state="ready" aria-busy={s.busy ? 'true' : 'false'}>
      <Summary state={s} services={services} />
      {s.readOnly && (
        <p class="lqa-readonly" id={lockedBy}>
          {say(s.readOnly)}
        </p>
      )}
      {settings.panel.showStage && <StageSection {...props} />}
      {settings.panel.showBudget && <BudgetSection {...props} />}
      {settings.panel.showTags && <TagSection {...props} />}
      <div class="lqa-feedback">
        <div class="lqa-live" role="status" aria-live="polite">
          {say(s.status)}
        </div>
        {s.undo && !s.busy && (
          <button type="button" class="lqa-link-button" onClick={() => store.undoLast()}>
            {t('panel.undo')}
          </button>
        )}
      </div>
      <div class="lqa-live lqa-live--alert" role="alert">
        {say(s.alert)}
      </div>
      {s.cardStale && (
        <div class="lqa-stale">
          <span>{t('panel.card_stale')}</span>
          <button type="button" class="lqa-link-button" onClick={() => store.reloadCard()}>
            {t('panel.reload_card')}
          </button>
        </div>
      )}
    </div>
  );
}

/** The loaded panel's outline in the same classes and heights, so nothing jumps when the deal arrives. */
function Skeleton({ options }: { options: PanelOptions }) {
  const bar = (width: string) => <span class="lqa-sk" style={{ width }} />;
  const section = (chips: boolean, buttons: boolean) => (
    <div class="lqa-section">
      <div class="lqa-label">{bar('30%')}</div>
      {chips && <div class="lqa-sk lqa-sk--chips" />}
      <div class={chips ? 'lqa-row' : 'lqa-row lqa-row--tight'}>
        <div class="lqa-sk lqa-sk--control" />
      </div>
      {buttons && (
        <div class="lqa-row">
          <div class="lqa-sk lqa-sk--control" />
        </div>
      )}
    </div>
  );
  return (
    <div aria-hidden="true">
      <div class="lqa-summary">
        <div class="lqa-title">{bar('80%')}</div>
        <div class="lqa-budget-view">{bar('40%')}</div>
        <div class="lqa-stage-line">{bar('60%')}</div>
        <div class="lqa-meta">{bar('45%')}</div>
      </div>
      {options.showStage && section(false, true)}
      {options.showBudget && section(false, false)}
      {options.showTags && section(true, false)}
    </div>
  );
}

function Summary({ state, services }: { state: PanelState; services: HostServices }) {
  const { t, locale, currency } = services;
  const lead = state.lead!;
  const contactName = state.cardContacts.find((c) => c.id === lead.mainContactId)?.name ?? null;
  const responsible = lead.responsibleUserId === null ? null : services.userName(lead.responsibleUserId);
  const stage = findStage(state.pipelines, lead.pipelineId, lead.statusId);
  const pipeline = state.pipelines.find((p) => p.id === lead.pipelineId);
  return (
    <div class="lqa-summary">
      <h3 class="lqa-title" dir="auto" title={lead.name}>
        {lead.name || t('panel.unnamed', { id: lead.id })}
      </h3>
      <div class="lqa-budget-view">{formatBudget(lead.price, locale, currency)}</div>
      <div class="lqa-stage-line">
        <span class="lqa-stage-dot" style={{ background: stage?.color ?? DEFAULT_STAGE_COLOR }} aria-hidden="true" />
        <span class="lqa-ellipsis" dir="auto">
          {pipeline?.name ?? t('panel.unknown_pipeline')}
        </span>
        <span aria-hidden="true">·</span>
        <span class="lqa-ellipsis" dir="auto">
          {stage?.name ?? t('panel.unknown_stage')}
        </span>
      </div>
      {isLost(lead.statusId) && lead.lossReason && (
        <div class="lqa-meta">
          {t('panel.loss_reason_shown')}: <span dir="auto">{lead.lossReason.name}</span>
        </div>
      )}
      {lead.mainContactId !== null && (
        <div class="lqa-meta">
          {/* Named from the card's own contact data (no request); unnamed, it is a plain link. Never a raw id. */}
          {contactName !== null && <span>{t('panel.main_contact')}: </span>}
          <a href={`/contacts/detail/${lead.mainContactId}`} dir="auto">
            {contactName ?? t('panel.main_contact')}
          </a>
        </div>
      )}
      {responsible && (
        <div class="lqa-meta">
          {t('panel.responsible')}: <span dir="auto">{responsible}</span>
        </div>
      )}
      {lead.sourceName && (
        <div class="lqa-meta">
          {t('panel.source')}: <span dir="auto">{lead.sourceName}</span>
        </div>
      )}
    </div>
  );
}

class StageSection extends Component<SectionProps, { pending: string | null }> {
  override state = { pending: null as string | null };
  private lostButton = createRef<HTMLButtonElement>();
  /** Arrow keys on a closed select fire change on every step: browsing must not move the deal. */
  private keyboardBrowsing = false;

  private apply(value: string) {
    this.setState({ pending: null });
    const [pipelineId, statusId] = value.split(':').map(Number);
    const target = findStage(this.props.state.pipelines, pipelineId, statusId);
    if (target) this.props.store.moveTo(target);
  }

  render(
    { store, state, services, idBase, lockedBy }: SectionProps,
    { pending }: { pending: string | null },
  ) {
    const { t, settings } = services;
    const lead = state.lead!;
    const stage = findStage(state.pipelines, lead.pipelineId, lead.statusId);
    const stageHintId = `${idBase}-stage-hint`;
    const locked = lockedBy !== undefined;
    const blocker = nextStageBlocker(state.pipelines, lead);
    const hintId = `${idBase}-next-hint`;
    // State-based unavailability uses aria-disabled so a keyboard user's focus stays on the button just pressed.
    const unavailable = (off: boolean) => (off && !locked ? 'true' : undefined);
    const backToLost = () => {
      store.cancelLost();
      this.lostButton.current?.focus();
    };
    return (
      <section class="lqa-section" aria-label={t('panel.stage_section')}>
        <label class="lqa-label" for={`${idBase}-stage`}>
          {t('panel.stage')}
        </label>
        <select
          id={`${idBase}-stage`}
          class="lqa-select"
          value={pending ?? (stage ? stageValue(stage) : '')}
          disabled={locked}
          aria-describedby={describedBy(lockedBy, pending && stageHintId)}
          onKeyDown={(e) => {
            if (/^(Arrow(Up|Down|Left|Right)|Home|End|Page(Up|Down))$/.test(e.key))
              this.keyboardBrowsing = true;
            else if (e.key === 'Enter' && pending) {
              e.preventDefault();
              this.apply(pending);
            } else if (e.key === 'Escape') this.setState({ pending: null });
          }}
          onBlur={() => this.setState({ pending: null })}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (this.keyboardBrowsing) {
              this.keyboardBrowsing = false;
              this.setState({ pending: value });
            } else this.apply(value);
          }}
        >
          {!stage && <option value="">{t('panel.unknown_stage')}</option>}
          {offeredPipelines(state.pipelines, settings.panel.pipelineIds, lead.pipelineId).map((p) => (
            <optgroup label={p.name} key={p.id}>
              {p.stages
                // Unsorted is never a target; it is listed only to show where the deal is now.
                .filter(
                  (st) => st.kind !== 'unsorted' || (st.id === lead.statusId && p.id === lead.pipelineId),
                )
                .map((st) => (
                  <option key={st.id} value={stageValue(st)} disabled={st.kind === 'unsorted'}>
                    {st.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
        {pending && (
          <p class="lqa-hint" id={stageHintId}>
            {t('panel.stage_confirm_hint')}
          </p>
        )}
        <div class="lqa-row">
          <button
            type="button"
            class="lqa-button"
            disabled={locked}
            aria-disabled={unavailable(blocker !== null)}
            aria-describedby={describedBy(lockedBy, blocker && hintId)}
            onClick={() => store.next()}
          >
            {t('panel.next_stage')}
          </button>
          <button
            type="button"
            class="lqa-button lqa-button--won"
            disabled={locked}
            aria-disabled={unavailable(isWon(lead.statusId))}
            aria-describedby={lockedBy}
            onClick={() => store.won()}
          >
            {t('panel.won')}
          </button>
          <button
            ref={this.lostButton}
            type="button"
            class="lqa-button lqa-button--lost"
            disabled={locked}
            aria-disabled={unavailable(isLost(lead.statusId))}
            aria-describedby={lockedBy}
            aria-expanded={state.lossPrompt ? 'true' : 'false'}
            onClick={() => void store.lost()}
          >
            {t('panel.lost')}
          </button>
        </div>
        {blocker && !locked && (
          <p class="lqa-hint" id={hintId}>
            {t(blocker)}
          </p>
        )}
        {state.lossPrompt && (
          <LossPrompt store={store} state={state} t={t} idBase={idBase} onCancel={backToLost} />
        )}
      </section>
    );
  }
}

/** A stable ref callback: runs once when the element appears (the reasons have loaded). */
const focusOnMount = (el: HTMLElement | null) => el?.focus();

function LossPrompt({
  store,
  state,
  t,
  idBase,
  onCancel,
}: {
  store: LeadPanelStore;
  state: PanelState;
  t: Translate;
  idBase: string;
  onCancel: () => void;
}) {
  const prompt = state.lossPrompt!;
  if (!prompt.reasons) return <p class="lqa-meta">{t('panel.loading_reasons')}</p>;
  return (
    <div
      class="lqa-loss"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <label class="lqa-label" for={`${idBase}-loss`}>
        {t('panel.loss_reason')}
      </label>
      <select
        id={`${idBase}-loss`}
        ref={focusOnMount}
        class="lqa-select"
        value={prompt.selected === null ? '' : String(prompt.selected)}
        onChange={(e) => {
          const value = e.currentTarget.value;
          store.selectLossReason(value === '' ? null : Number(value));
        }}
      >
        <option value="">{t('panel.choose_reason')}</option>
        {prompt.reasons.map((r) => (
          <option key={r.id} value={String(r.id)}>
            {r.name}
          </option>
        ))}
      </select>
      <div class="lqa-row">
        <button type="button" class="lqa-button lqa-button--danger" onClick={() => store.closeAsLost()}>
          {t('panel.close_as_lost')}
        </button>
        <button type="button" class="lqa-link-button" onClick={onCancel}>
          {t('panel.cancel')}
        </button>
      </div>
    </div>
  );
}

function BudgetSection({ store, state, services, idBase, lockedBy }: SectionProps) {
  const { t } = services;
  const lead = state.lead!;
  const locked = lockedBy !== undefined;
  // Plain digits, not the formatted amount: "1,500" typed back would read as a decimal in half the locales.
  const shown = state.budgetDraft ?? String(lead.price);
  const noteId = `${idBase}-budget-note`;
  const note = state.budgetError
    ? t(state.budgetError.key, state.budgetError.vars)
    : state.budgetChangedElsewhere
      ? t('panel.budget_changed_elsewhere')
      : null;
  return (
    <section class="lqa-section" aria-label={t('panel.budget_section')}>
      <label class="lqa-label" for={`${idBase}-budget`}>
        {t('panel.budget')}
      </label>
      <div class="lqa-row lqa-row--tight">
        <input
          id={`${idBase}-budget`}
          class={`lqa-input${state.budgetError ? ' lqa-input--invalid' : ''}`}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={shown}
          disabled={locked}
          aria-invalid={state.budgetError ? 'true' : 'false'}
          aria-describedby={describedBy(note && noteId, lockedBy)}
          onInput={(e) => store.setBudgetDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              store.saveBudget(e.currentTarget.value);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              store.cancelBudget();
            }
          }}
        />
        <button
          type="button"
          class="lqa-button lqa-button--primary"
          disabled={locked}
          onClick={() => store.saveBudget(shown)}
        >
          {t('panel.save_budget')}
        </button>
      </div>
      {note && (
        <p id={noteId} class={state.budgetError ? 'lqa-field-error' : 'lqa-hint'}>
          {note}
        </p>
      )}
    </section>
  );
}

/** The only local state: which suggestion the arrow keys point at (-1 = none). */
class TagSection extends Component<SectionProps, { active: number }> {
  override state = { active: -1 };

  render({ store, state, services, idBase, lockedBy }: SectionProps, { active }: { active: number }) {
    const { t } = services;
    const lead = state.lead!;
    const locked = lockedBy !== undefined;
    const setActive = (index: number) => this.setState({ active: index });
    const suggestions = state.suggestions;
    const current = active >= 0 && active < suggestions.length ? active : -1;
    const listId = `${idBase}-tag-suggestions`;
    const errorId = `${idBase}-tag-error`;
    const choose = (tag: Tag) => {
      setActive(-1);
      store.addTag(tag);
    };
    return (
      <section class="lqa-section" aria-label={t('panel.tags_section')}>
        <span class="lqa-label">{t('panel.tags')}</span>
        <ul class="lqa-tags">
          {lead.tags.map((tag) => (
            <li
              class="lqa-tag"
              key={tag.id}
              style={tag.color ? { background: tag.color, color: readableTextOn(tag.color) } : undefined}
            >
              <span class="lqa-tag__name" dir="auto" title={tag.name}>
                {tag.name}
              </span>
              <button
                type="button"
                class="lqa-tag__remove"
                aria-label={t('panel.remove_tag', { name: tag.name })}
                aria-describedby={lockedBy}
                disabled={locked}
                onClick={() => store.removeTag(tag)}
              >
                ×
              </button>
            </li>
          ))}
          {lead.tags.length === 0 && <li class="lqa-meta">{t('panel.no_tags')}</li>}
        </ul>
        <div class="lqa-row lqa-tag-add">
          <label class="lqa-visually-hidden" for={`${idBase}-tag`}>
            {t('panel.add_tag')}
          </label>
          <input
            id={`${idBase}-tag`}
            class={`lqa-input${state.tagError ? ' lqa-input--invalid' : ''}`}
            type="text"
            autoComplete="off"
            placeholder={t('panel.add_tag_placeholder')}
            value={state.tagDraft}
            disabled={locked}
            aria-autocomplete="list"
            aria-invalid={state.tagError ? 'true' : 'false'}
            aria-describedby={describedBy(state.tagError && errorId, lockedBy)}
            aria-controls={suggestions.length ? listId : undefined}
            aria-activedescendant={current >= 0 ? `${listId}-${current}` : undefined}
            onInput={(e) => {
              setActive(-1);
              store.setTagDraft(e.currentTarget.value);
            }}
            onKeyDown={(e) => {
              const n = suggestions.length;
              if (e.key === 'ArrowDown' && n) {
                e.preventDefault();
                setActive((current + 1) % n);
              } else if (e.key === 'ArrowUp' && n) {
                e.preventDefault();
                setActive(current <= 0 ? n - 1 : current - 1);
              } else if (e.key === 'Enter') {
                e.preventDefault();
                if (current >= 0) choose(suggestions[current]);
                else store.addTag(e.currentTarget.value);
              } else if (e.key === 'Escape') {
                // First Escape closes the list, the next one clears the text.
                e.preventDefault();
                setActive(-1);
                if (n) store.closeSuggestions();
                else store.setTagDraft('');
              }
            }}
          />
          <button type="button" class="lqa-button" disabled={locked} onClick={() => store.addTag()}>
            {t('panel.add')}
          </button>
        </div>
        {suggestions.length > 0 && (
          <ul class="lqa-suggestions" id={listId} role="listbox" aria-label={t('panel.suggestions')}>
            {suggestions.map((tag, i) => (
              <li
                key={tag.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === current ? 'true' : 'false'}
                class={i === current ? 'lqa-suggestion lqa-suggestion--active' : 'lqa-suggestion'}
                // Keeps the focus in the text box, so typing and arrows go on working after a click.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(tag)}
              >
                <span dir="auto">{tag.name}</span>
              </li>
            ))}
          </ul>
        )}
        {state.tagError && (
          <p id={errorId} class="lqa-field-error">
            {t(state.tagError.key, state.tagError.vars)}
          </p>
        )}
      </section>
    );
  }
}
