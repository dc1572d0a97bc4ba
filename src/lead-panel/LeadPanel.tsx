// The lead panel in the card's right column: the deal at a glance and its quick actions. All state lives in
// LeadPanelStore; components only render it and forward the user's intents.
import { h } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Stage, Tag } from '../api/types';
import type { HostServices, Translate } from '../host/services';
import type { PanelOptions } from '../settings/schema';
import { formatBudget, readableTextOn } from './format';
import { findStage, nextStageBlocker, offeredPipelines } from './optimistic';
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

export function LeadPanel({ leadId, services }: LeadPanelProps) {
  const store = useMemo(() => new LeadPanelStore(leadId, services), [leadId, services]);
  const [, setVersion] = useState(0);
  useEffect(() => {
    const off = store.subscribe(() => setVersion((n) => n + 1));
    store.start();
    return () => {
      off();
      store.destroy();
    };
  }, [store]);

  const { t, settings } = services;
  const s = store.state;
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
  const stage = findStage(state.pipelines, lead.pipelineId, lead.statusId);
  const pipeline = state.pipelines.find((p) => p.id === lead.pipelineId);
  return (
    <div class="lqa-summary">
      <h3 class="lqa-title" dir="auto" title={lead.name}>
        {lead.name || t('panel.unnamed', { id: lead.id })}
      </h3>
      <div class="lqa-budget-view">{formatBudget(lead.price, locale, currency)}</div>
      <div class="lqa-stage-line">
        <span class="lqa-stage-dot" style={{ background: stage?.color ?? '#c1c1c1' }} aria-hidden="true" />
        <span class="lqa-ellipsis" dir="auto">
          {pipeline?.name ?? t('panel.unknown_pipeline')}
        </span>
        <span aria-hidden="true">·</span>
        <span class="lqa-ellipsis" dir="auto">
          {stage?.name ?? t('panel.unknown_stage')}
        </span>
      </div>
      {lead.statusId === 143 && lead.lossReason && (
        <div class="lqa-meta">
          {t('panel.loss_reason_shown')}: <span dir="auto">{lead.lossReason.name}</span>
        </div>
      )}
      {lead.mainContactId !== null && (
        <div class="lqa-meta">
          {/* A contact's name would cost one more request per card, which the request budget forbids: link by id. */}
          <a href={`/contacts/detail/${lead.mainContactId}`}>
            {t('panel.main_contact', { id: lead.mainContactId })}
          </a>
        </div>
      )}
      {lead.sourceId !== null && <div class="lqa-meta">{t('panel.source', { id: lead.sourceId })}</div>}
    </div>
  );
}

function StageSection({ store, state, services, idBase, lockedBy }: SectionProps) {
  const { t, settings } = services;
  const lead = state.lead!;
  const lostRef = useRef<HTMLButtonElement>(null);
  const [pendingStage, setPendingStage] = useState<string | null>(null);
  const keyboardBrowsing = useRef(false);
  const stage = findStage(state.pipelines, lead.pipelineId, lead.statusId);
  const applyStage = (value: string) => {
    setPendingStage(null);
    const [pipelineId, statusId] = value.split(':').map(Number);
    const target = findStage(state.pipelines, pipelineId, statusId);
    if (target) store.moveTo(target);
  };
  const stageHintId = `${idBase}-stage-hint`;
  const describedBy = (own?: string) => [lockedBy, own].filter(Boolean).join(' ') || undefined;
  const locked = lockedBy !== undefined;
  const blocker = nextStageBlocker(state.pipelines, lead);
  const hintId = `${idBase}-next-hint`;
  const isWon = lead.statusId === 142;
  const isLost = lead.statusId === 143;
  // State-based unavailability uses aria-disabled so a keyboard user's focus stays on the button just pressed.
  const unavailable = (off: boolean) => (off && !locked ? 'true' : undefined);
  const backToLost = () => {
    store.cancelLost();
    lostRef.current?.focus();
  };
  return (
    <section class="lqa-section" aria-label={t('panel.stage_section')}>
      <label class="lqa-label" for={`${idBase}-stage`}>
        {t('panel.stage')}
      </label>
      <select
        id={`${idBase}-stage`}
        class="lqa-select"
        value={pendingStage ?? (stage ? stageValue(stage) : '')}
        disabled={locked}
        aria-describedby={describedBy(pendingStage ? stageHintId : undefined)}
        onKeyDown={(e) => {
          if (/^(Arrow(Up|Down|Left|Right)|Home|End|Page(Up|Down))$/.test(e.key))
            keyboardBrowsing.current = true;
          else if (e.key === 'Enter' && pendingStage) {
            e.preventDefault();
            applyStage(pendingStage);
          } else if (e.key === 'Escape') setPendingStage(null);
        }}
        onBlur={() => setPendingStage(null)}
        onChange={(e) => {
          const value = e.currentTarget.value;
          // Arrow keys on a closed select fire change on every step: browsing must not move the deal.
          if (keyboardBrowsing.current) {
            keyboardBrowsing.current = false;
            setPendingStage(value);
          } else applyStage(value);
        }}
      >
        {!stage && <option value="">{t('panel.unknown_stage')}</option>}
        {offeredPipelines(state.pipelines, settings.panel.pipelineIds, lead.pipelineId).map((p) => (
          <optgroup label={p.name} key={p.id}>
            {p.stages
              // Unsorted is never a target; it is listed only to show where the deal is now.
              .filter((st) => st.kind !== 'unsorted' || (st.id === lead.statusId && p.id === lead.pipelineId))
              .map((st) => (
                <option key={st.id} value={stageValue(st)} disabled={st.kind === 'unsorted'}>
                  {st.name}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
      {pendingStage && (
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
          aria-describedby={describedBy(blocker ? hintId : undefined)}
          onClick={() => store.next()}
        >
          {t('panel.next_stage')}
        </button>
        <button
          type="button"
          class="lqa-button lqa-button--won"
          disabled={locked}
          aria-disabled={unavailable(isWon)}
          aria-describedby={lockedBy}
          onClick={() => store.won()}
        >
          {t('panel.won')}
        </button>
        <button
          ref={lostRef}
          type="button"
          class="lqa-button lqa-button--lost"
          disabled={locked}
          aria-disabled={unavailable(isLost)}
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
  const selectRef = useRef<HTMLSelectElement>(null);
  const loaded = prompt.reasons !== null;
  useEffect(() => {
    if (loaded) selectRef.current?.focus();
  }, [loaded]);
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
        ref={selectRef}
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
          aria-describedby={[note ? noteId : '', lockedBy ?? ''].filter(Boolean).join(' ') || undefined}
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

function TagSection({ store, state, services, idBase, lockedBy }: SectionProps) {
  const { t } = services;
  const lead = state.lead!;
  const locked = lockedBy !== undefined;
  const [active, setActive] = useState(-1);
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
          aria-describedby={
            [state.tagError ? errorId : '', lockedBy ?? ''].filter(Boolean).join(' ') || undefined
          }
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
