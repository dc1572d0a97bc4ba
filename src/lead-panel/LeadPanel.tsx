// The lead panel in the card's right column: the deal at a glance and its quick actions. All state lives in one
// PanelStore per mount (another deal is another mount); the sections only render slices of it and forward the
// user's intents. Class components, not hooks: preact/hooks would cost more than the little local state needs.
import { Component, h } from 'preact';
import type { Clock } from '../contracts/clock';
import type { HostServices } from '../contracts/services';
import { startMoveStep } from './move-step/load';
import { BudgetSection } from './sections/BudgetSection';
import { Skeleton } from './sections/Skeleton';
import { StageSection } from './sections/StageSection';
import { Summary } from './sections/Summary';
import { TagSection } from './sections/TagSection';
import { PanelStore } from './state/panel-store';
import type { Message } from './state/types';

export interface LeadPanelProps {
  leadId: number;
  services: HostServices;
  /** Injected by tests; the real clock otherwise. */
  clock?: Clock;
}

export class LeadPanel extends Component<LeadPanelProps> {
  private readonly store: PanelStore;
  private unsubscribe: (() => void) | null = null;

  constructor(props: LeadPanelProps) {
    super(props);
    this.store = new PanelStore({
      leadId: props.leadId,
      services: props.services,
      loadStep: () => startMoveStep(props.services.loadMoveStep()),
      clock: props.clock,
    });
  }

  override componentDidMount() {
    this.unsubscribe = this.store.subscribe(() => this.forceUpdate());
    this.store.start();
  }

  override componentWillUnmount() {
    this.unsubscribe?.();
    this.store.destroy();
  }

  render() {
    const store = this.store;
    const { t, settings, locale, currency } = this.props.services;
    const s = store.state;
    const say = (m: Message | null) => (m ? t(m.key, m.vars) : '');
    const idBase = `lqa-${store.leadId}`;

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
    if (s.phase !== 'ready' || !s.deal) {
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

    const { shown: lead, pipelines } = s.deal;
    const { activity } = s;
    const lockedBy = s.readOnly ? `${idBase}-ro` : undefined;
    return (
      <div class="lqa lqa-panel" data-state="ready" aria-busy={activity.busy ? 'true' : 'false'}>
        <Summary
          lead={lead}
          pipelines={pipelines}
          contacts={s.contacts}
          t={t}
          locale={locale}
          currency={currency}
          userName={(id) => this.props.services.userName(id)}
        />
        {s.readOnly && (
          <p class="lqa-readonly" id={lockedBy}>
            {say(s.readOnly)}
          </p>
        )}
        {settings.panel.showStage && (
          <StageSection
            idBase={idBase}
            lead={lead}
            pipelines={pipelines}
            pipelineIds={settings.panel.pipelineIds}
            step={s.step}
            StepForm={store.stepForm}
            lockedBy={lockedBy}
            t={t}
            actions={store}
          />
        )}
        {settings.panel.showBudget && (
          <BudgetSection idBase={idBase} price={lead.price} budget={s.budget} lockedBy={lockedBy} t={t} actions={store} />
        )}
        {settings.panel.showTags && (
          <TagSection
            idBase={idBase}
            quickTags={settings.panel.quickTags}
            carried={lead.tags}
            tags={s.tags}
            lockedBy={lockedBy}
            t={t}
            actions={store}
          />
        )}
        <div class="lqa-feedback">
          <div class="lqa-live" role="status" aria-live="polite">
            {say(activity.status)}
          </div>
          {activity.canUndo && !activity.busy && (
            <button type="button" class="lqa-link-button" onClick={() => store.undoLast()}>
              {t('panel.undo')}
            </button>
          )}
        </div>
        <div class="lqa-live lqa-live--alert" role="alert">
          {say(activity.alert)}
        </div>
        {activity.cardStale && (
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
}
