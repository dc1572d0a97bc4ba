// What a stage move asks before it is sent: for lost, the loss reason. Escape cancels and gives the focus back.
import { h } from 'preact';
import type { Translate } from '../../contracts/services';
import type { DeepReadonly, MoveStep } from '../state/types';

export interface MoveStepActions {
  selectLossReason(id: number | null): void;
  closeAsLost(): void;
  cancelStep(): void;
}

export interface MoveStepFormProps {
  idBase: string;
  step: DeepReadonly<MoveStep>;
  t: Translate;
  actions: MoveStepActions;
  onCancel(): void;
}

/** A stable ref callback: runs once when the element appears (the reasons have loaded). */
const focusOnMount = (el: HTMLElement | null) => el?.focus();

export function MoveStepForm({ idBase, step, t, actions, onCancel }: MoveStepFormProps) {
  if (!step.reasons) return <p class="lqa-meta">{t('panel.loading_reasons')}</p>;
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
        value={step.selectedReason === null ? '' : String(step.selectedReason)}
        onChange={(e) => {
          const value = e.currentTarget.value;
          actions.selectLossReason(value === '' ? null : Number(value));
        }}
      >
        <option value="">{t('panel.choose_reason')}</option>
        {step.reasons.map((r) => (
          <option key={r.id} value={String(r.id)}>
            {r.name}
          </option>
        ))}
      </select>
      <div class="lqa-row">
        <button type="button" class="lqa-button lqa-button--danger" onClick={() => actions.closeAsLost()}>
          {t('panel.close_as_lost')}
        </button>
        <button type="button" class="lqa-link-button" onClick={onCancel}>
          {t('panel.cancel')}
        </button>
      </div>
    </div>
  );
}
