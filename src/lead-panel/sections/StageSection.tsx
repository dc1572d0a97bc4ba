// Stage: the picker, Next stage / Won / Lost, and the step a move may need first (lost: the reason). The step's
// form comes from move-step.js; until the step is ready (its data and the module) a line says what it waits for.
import { Component, h, type ComponentType } from 'preact';
import type { Translate } from '../../contracts/services';
import { isLost, isWon, nextStageBlocker } from '../../domain/stages';
import type { Lead, Pipeline, Stage } from '../../domain/types';
import { describedBy } from '../../ui/aria';
import type { MoveStepActions, MoveStepFormProps } from '../move-step/contract';
import type { DeepReadonly, MoveStep } from '../state/types';
import { StagePicker } from './StagePicker';

export interface StageActions extends MoveStepActions {
  moveTo(stage: DeepReadonly<Stage>): void;
  next(): void;
  won(): void;
  lost(): void;
  /** The pointer or the focus came near: read the admin's field rules now, so the click decides at once. */
  prefetchRules(): void;
}

export interface StageSectionProps {
  idBase: string;
  lead: DeepReadonly<Lead>;
  pipelines: readonly DeepReadonly<Pipeline>[];
  pipelineIds: readonly number[];
  step: DeepReadonly<MoveStep> | null;
  /** move-step.js's form, once it is loaded. */
  StepForm: ComponentType<MoveStepFormProps> | null;
  /** The id of the read-only reason, when editing is off. */
  lockedBy: string | undefined;
  t: Translate;
  actions: StageActions;
}

export class StageSection extends Component<StageSectionProps> {
  /** Where the step was opened from, to give the focus back on Cancel/Escape. */
  private opener: HTMLElement | null = null;

  render({ idBase, lead, pipelines, pipelineIds, step, StepForm, lockedBy, t, actions }: StageSectionProps) {
    const locked = lockedBy !== undefined;
    const blocker = nextStageBlocker(pipelines, lead);
    const hintId = `${idBase}-next-hint`;
    // State-based unavailability uses aria-disabled so a keyboard user's focus stays on the button just pressed.
    const unavailable = (off: boolean) => (off && !locked ? 'true' : undefined);
    const cancelStep = () => {
      actions.cancelStep();
      this.opener?.focus();
    };
    return (
      <section
        class="lqa-section"
        aria-label={t('panel.stage_section')}
        // mouseover bubbles from the buttons and exists everywhere (touch sends it too); a repeat costs nothing.
        onMouseOver={() => actions.prefetchRules()}
        onFocusIn={(e) => {
          actions.prefetchRules();
          const target = e.target as HTMLElement;
          // Buttons and the picker start moves; the step's own controls do not.
          if (!target.closest('.lqa-step')) this.opener = target;
        }}
      >
        <StagePicker
          id={`${idBase}-stage`}
          lead={lead}
          pipelines={pipelines}
          pipelineIds={pipelineIds}
          disabled={locked}
          describedBy={lockedBy}
          t={t}
          onMove={(stage) => actions.moveTo(stage)}
        />
        <div class="lqa-row">
          <button
            type="button"
            class="lqa-button"
            disabled={locked}
            aria-disabled={unavailable(blocker !== null)}
            aria-describedby={describedBy(lockedBy, blocker && hintId)}
            onClick={() => actions.next()}
          >
            {t('panel.next_stage')}
          </button>
          <button
            type="button"
            class="lqa-button lqa-button--won"
            disabled={locked}
            aria-disabled={unavailable(isWon(lead.statusId))}
            aria-describedby={lockedBy}
            onClick={() => actions.won()}
          >
            {t('panel.won')}
          </button>
          <button
            type="button"
            class="lqa-button lqa-button--lost"
            disabled={locked}
            aria-disabled={unavailable(isLost(lead.statusId))}
            aria-describedby={lockedBy}
            aria-expanded={step ? 'true' : 'false'}
            onClick={() => actions.lost()}
          >
            {t('panel.lost')}
          </button>
        </div>
        {blocker && !locked && (
          <p class="lqa-hint" id={hintId}>
            {t(blocker)}
          </p>
        )}
        {step &&
          (StepForm && step.reasons !== null && step.fields !== null ? (
            <StepForm idBase={idBase} step={step} t={t} actions={actions} onCancel={cancelStep} />
          ) : (
            <p class="lqa-meta" aria-live="polite">
              {step.reasons === null ? t('panel.loading_reasons') : t('fields.checking')}
            </p>
          ))}
      </section>
    );
  }
}
