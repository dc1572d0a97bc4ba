import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Pipeline, Stage, Tag } from '../api/types';
import type { HostServices } from '../host/services';
import { formatBudget, readableTextOn } from './format';
import { findStage, nextStage } from './optimistic';
import { LeadPanelStore, type Message } from './store';

export interface LeadPanelProps {
  leadId: number;
  services: HostServices;
}

const stageValue = (s: Stage) => `${s.pipelineId}:${s.id}`;

/** Pipelines offered in the picker: the admin's choice (empty = all), never archived ones unless the lead is there. */
function offeredPipelines(pipelines: Pipeline[], allowed: number[], leadPipelineId: number): Pipeline[] {
  return pipelines.filter(
    (p) => p.id === leadPipelineId || ((allowed.length === 0 || allowed.includes(p.id)) && !p.isArchive),
  );
}

export function LeadPanel({ leadId, services }: LeadPanelProps) {
  const store = useMemo(() => new LeadPanelStore(leadId, services), [leadId, services]);
  const [, setVersion] = useState(0);
  const [pendingStage, setPendingStage] = useState<string | null>(null);
  const keyboardBrowsing = useRef(false);
  useEffect(() => {
    const off = store.subscribe(() => setVersion((n) => n + 1));
    store.start();
    return () => {
      off();
      store.destroy();
    };
  }, [store]);

  const { t, locale, currency, settings } = services;
  const s = store.state;
  const say = (m: Message | null) => (m ? t(m.key, m.vars) : '');
  const idBase = `lqa-${leadId}`;

  const live = (
    <>
      <div class="lqa-live" role="status" aria-live="polite">
        {s.status ? say(s.status) : ''}
      </div>
      <div class="lqa-live lqa-live--alert" role="alert">
        {s.alert ? say(s.alert) : ''}
      </div>
    </>
  );

  if (s.phase === 'loading') {
    return (
      <div class="lqa lqa-panel" aria-busy="true" data-state="loading">
        <span class="lqa-visually-hidden">{t('panel.loading')}</span>
        <div class="lqa-skeleton lqa-skeleton--title" />
        <div class="lqa-skeleton lqa-skeleton--line" />
        <div class="lqa-skeleton lqa-skeleton--line lqa-skeleton--short" />
        <div class="lqa-skeleton lqa-skeleton--block" />
        {live}
      </div>
    );
  }
  if (s.phase === 'not_found' || s.phase === 'error' || !s.lead) {
    return (
      <div class="lqa lqa-panel" data-state={s.phase}>
        <p class="lqa-state" role="alert">
          {s.phase === 'not_found' ? t('errors.not_found') : say(s.loadError)}
        </p>
        {s.phase === 'error' && (
          <button type="button" class="lqa-button" onClick={() => store.retry()}>
            {t('panel.retry')}
          </button>
        )}
      </div>
    );
  }

  const lead = s.lead;
  const stage = findStage(s.pipelines, lead.pipelineId, lead.statusId);
  const applyStage = (value: string) => {
    setPendingStage(null);
    const [p, id] = value.split(':').map(Number);
    const target = findStage(s.pipelines, p, id);
    if (target) store.moveTo(target);
  };
  const pipeline = s.pipelines.find((p) => p.id === lead.pipelineId);
  const locked = s.readOnly !== null;
  const next = nextStage(s.pipelines, lead);
  const closed = lead.statusId === 142 || lead.statusId === 143;
  const hasWon = !!findStage(s.pipelines, lead.pipelineId, 142);

  return (
    <div class="lqa lqa-panel" data-state="ready" aria-busy={s.busy ? 'true' : 'false'}>
      <div class="lqa-summary">
        <h3 class="lqa-title" dir="auto" title={lead.name}>
          {lead.name || t('panel.unnamed', { id: lead.id })}
        </h3>
        <div class="lqa-budget-view">{formatBudget(lead.price, locale, currency)}</div>
        <div class="lqa-stage-line">
          <span class="lqa-stage-dot" style={{ background: stage?.color ?? '#c1c1c1' }} aria-hidden="true" />
          <span dir="auto">{pipeline?.name ?? t('panel.unknown_pipeline')}</span>
          <span aria-hidden="true"> · </span>
          <span dir="auto">{stage?.name ?? t('panel.unknown_stage')}</span>
        </div>
        {lead.statusId === 143 && lead.lossReason && (
          <div class="lqa-meta">
            {t('panel.loss_reason_shown')}: <span dir="auto">{lead.lossReason.name}</span>
          </div>
        )}
        {lead.mainContactId !== null && (
          <div class="lqa-meta">
            {/* Names would cost one more request per card, which the request budget forbids: link by id. */}
            <a href={`/contacts/detail/${lead.mainContactId}`}>{t('panel.main_contact', { id: lead.mainContactId })}</a>
          </div>
        )}
        {lead.sourceId !== null && <div class="lqa-meta">{t('panel.source', { id: lead.sourceId })}</div>}
      </div>

      {s.readOnly && (
        <p class="lqa-readonly" id={`${idBase}-ro`}>
          {say(s.readOnly)}
        </p>
      )}

      {settings.panel.showStage && (
        <section class="lqa-section" aria-label={t('panel.stage_section')}>
          <label class="lqa-label" for={`${idBase}-stage`}>
            {t('panel.stage')}
          </label>
          <select
            id={`${idBase}-stage`}
            class="lqa-select"
            value={pendingStage ?? (stage ? stageValue(stage) : '')}
            disabled={locked}
            aria-describedby={pendingStage ? `${idBase}-stage-hint` : undefined}
            onKeyDown={(e) => {
              if (/^(Arrow(Up|Down|Left|Right)|Home|End|Page(Up|Down))$/.test(e.key)) keyboardBrowsing.current = true;
              else if (e.key === 'Enter' && pendingStage) {
                e.preventDefault();
                applyStage(pendingStage);
              } else if (e.key === 'Escape') setPendingStage(null);
            }}
            onBlur={() => setPendingStage(null)}
            onChange={(e) => {
              const value = (e.currentTarget as HTMLSelectElement).value;
              // Arrow keys on a closed select fire change on every step: browsing must not move the deal.
              if (keyboardBrowsing.current) {
                keyboardBrowsing.current = false;
                setPendingStage(value);
              } else applyStage(value);
            }}
          >
            {!stage && <option value="">{t('panel.unknown_stage')}</option>}
            {offeredPipelines(s.pipelines, settings.panel.pipelineIds, lead.pipelineId).map((p) => (
              <optgroup label={p.name} key={p.id}>
                {p.stages
                  .filter((st) => st.kind !== 'unsorted' || st.id === lead.statusId)
                  .map((st) => (
                    <option key={st.id} value={stageValue(st)} disabled={st.kind === 'unsorted'}>
                      {st.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
          {pendingStage && (
            <p class="lqa-hint" id={`${idBase}-stage-hint`}>
              {t('panel.stage_confirm_hint')}
            </p>
          )}
          <div class="lqa-row">
            <button
              type="button"
              class="lqa-button"
              disabled={locked || !next}
              title={!next ? t(closed ? 'panel.next_closed' : 'panel.next_last') : undefined}
              onClick={() => store.next()}
            >
              {t('panel.next_stage')}
            </button>
            <button type="button" class="lqa-button lqa-button--won" disabled={locked || lead.statusId === 142 || !hasWon} onClick={() => store.won()}>
              {t('panel.won')}
            </button>
            <button
              type="button"
              class="lqa-button lqa-button--lost"
              disabled={locked || lead.statusId === 143}
              aria-expanded={s.lossPrompt ? 'true' : 'false'}
              onClick={() => void store.lost()}
            >
              {t('panel.lost')}
            </button>
          </div>
          {s.lossPrompt && <LossPrompt store={store} t={t} idBase={idBase} />}
        </section>
      )}

      {settings.panel.showBudget && <BudgetEditor store={store} services={services} idBase={idBase} locked={locked} />}

      {settings.panel.showTags && <TagEditor store={store} services={services} idBase={idBase} locked={locked} />}

      {s.undo && (
        <div class="lqa-undo">
          <span>{say(s.undo.label)}</span>
          <button type="button" class="lqa-link-button" onClick={() => store.undoLast()}>
            {t('panel.undo')}
          </button>
        </div>
      )}
      {s.cardStale && (
        <div class="lqa-stale">
          <span>{t('panel.card_stale')}</span>
          <button type="button" class="lqa-link-button" onClick={() => store.reloadCard()}>
            {t('panel.reload_card')}
          </button>
        </div>
      )}
      {live}
    </div>
  );
}

function LossPrompt({ store, t, idBase }: { store: LeadPanelStore; t: HostServices['t']; idBase: string }) {
  const prompt = store.state.lossPrompt!;
  const selectRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (prompt.reasons) selectRef.current?.focus();
  }, [prompt.reasons !== null]);
  if (!prompt.reasons) return <p class="lqa-meta">{t('panel.loading_reasons')}</p>;
  return (
    <div class="lqa-loss">
      <label class="lqa-label" for={`${idBase}-loss`}>
        {t('panel.loss_reason')}
      </label>
      <select
        id={`${idBase}-loss`}
        ref={selectRef}
        class="lqa-select"
        value={prompt.selected === null ? '' : String(prompt.selected)}
        onChange={(e) => {
          const v = (e.currentTarget as HTMLSelectElement).value;
          store.selectLossReason(v === '' ? null : Number(v));
        }}
        onKeyDown={(e) => e.key === 'Escape' && store.cancelLost()}
      >
        <option value="">{t('panel.choose_reason')}</option>
        {prompt.reasons.map((r) => (
          <option key={r.id} value={String(r.id)}>
            {r.name}
          </option>
        ))}
      </select>
      <div class="lqa-row">
        <button type="button" class="lqa-button lqa-button--lost" onClick={() => store.closeAsLost()}>
          {t('panel.close_as_lost')}
        </button>
        <button type="button" class="lqa-link-button" onClick={() => store.cancelLost()}>
          {t('panel.cancel')}
        </button>
      </div>
    </div>
  );
}

function BudgetEditor({ store, services, idBase, locked }: { store: LeadPanelStore; services: HostServices; idBase: string; locked: boolean }) {
  const { t, locale } = services;
  const s = store.state;
  const lead = s.lead!;
  const shown = s.budgetDraft ?? new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(lead.price);
  const errorId = `${idBase}-budget-error`;
  return (
    <section class="lqa-section" aria-label={t('panel.budget_section')}>
      <label class="lqa-label" for={`${idBase}-budget`}>
        {t('panel.budget')}
      </label>
      <div class="lqa-row">
        <input
          id={`${idBase}-budget`}
          class={`lqa-input${s.budgetError ? ' lqa-input--invalid' : ''}`}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={shown}
          disabled={locked}
          aria-invalid={s.budgetError ? 'true' : 'false'}
          aria-describedby={s.budgetError || s.budgetChangedElsewhere ? errorId : undefined}
          onInput={(e) => store.setBudgetDraft((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              store.saveBudget((e.currentTarget as HTMLInputElement).value);
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
          onClick={() => store.saveBudget(s.budgetDraft ?? String(lead.price))}
        >
          {t('panel.save_budget')}
        </button>
      </div>
      {(s.budgetError || s.budgetChangedElsewhere) && (
        <p id={errorId} class="lqa-field-error">
          {s.budgetError ? t(s.budgetError.key, s.budgetError.vars) : t('panel.budget_changed_elsewhere')}
        </p>
      )}
    </section>
  );
}

function TagEditor({ store, services, idBase, locked }: { store: LeadPanelStore; services: HostServices; idBase: string; locked: boolean }) {
  const { t } = services;
  const s = store.state;
  const lead = s.lead!;
  const [active, setActive] = useState(-1);
  const listId = `${idBase}-tag-suggestions`;
  const errorId = `${idBase}-tag-error`;
  const choose = (tag: Tag) => {
    setActive(-1);
    store.addTag(tag.name);
  };
  return (
    <section class="lqa-section" aria-label={t('panel.tags_section')}>
      <span class="lqa-label">{t('panel.tags')}</span>
      <ul class="lqa-tags">
        {lead.tags.map((tag) => (
          <li class="lqa-tag" key={tag.id} style={tag.color ? { background: tag.color, color: readableTextOn(tag.color) } : undefined}>
            <span class="lqa-tag__name" dir="auto" title={tag.name}>
              {tag.name}
            </span>
            <button
              type="button"
              class="lqa-tag__remove"
              aria-label={t('panel.remove_tag', { name: tag.name })}
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
          class={`lqa-input${s.tagError ? ' lqa-input--invalid' : ''}`}
          type="text"
          autoComplete="off"
          placeholder={t('panel.add_tag_placeholder')}
          value={s.tagDraft}
          disabled={locked}
          aria-invalid={s.tagError ? 'true' : 'false'}
          aria-describedby={s.tagError ? errorId : undefined}
          aria-controls={s.suggestions.length ? listId : undefined}
          aria-activedescendant={active >= 0 && s.suggestions[active] ? `${listId}-${active}` : undefined}
          onInput={(e) => {
            setActive(-1);
            store.setTagDraft((e.currentTarget as HTMLInputElement).value);
          }}
          onKeyDown={(e) => {
            const n = s.suggestions.length;
            if (e.key === 'ArrowDown' && n) {
              e.preventDefault();
              setActive((active + 1) % n);
            } else if (e.key === 'ArrowUp' && n) {
              e.preventDefault();
              setActive(active <= 0 ? n - 1 : active - 1);
            } else if (e.key === 'Enter') {
              e.preventDefault();
              if (active >= 0 && s.suggestions[active]) choose(s.suggestions[active]);
              else store.addTag((e.currentTarget as HTMLInputElement).value);
            } else if (e.key === 'Escape') {
              setActive(-1);
              store.setTagDraft('');
            }
          }}
        />
        <button type="button" class="lqa-button" disabled={locked} onClick={() => store.addTag()}>
          {t('panel.add')}
        </button>
      </div>
      {s.suggestions.length > 0 && (
        <ul class="lqa-suggestions" id={listId} role="listbox" aria-label={t('panel.suggestions')}>
          {s.suggestions.map((tag, i) => (
            <li
              key={tag.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active ? 'true' : 'false'}
              class={i === active ? 'lqa-suggestion lqa-suggestion--active' : 'lqa-suggestion'}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(tag);
              }}
            >
              <span dir="auto">{tag.name}</span>
            </li>
          ))}
        </ul>
      )}
      {s.tagError && (
        <p id={errorId} class="lqa-field-error">
          {t(s.tagError.key, s.tagError.vars)}
        </p>
      )}
    </section>
  );
}
