// Budget: plain digits in a box, saved with Enter or the button, Escape drops the edit; refusals at the field.
import { h } from 'preact';
import type { Translate } from '../../contracts/services';
import { describedBy } from '../../ui/aria';
import type { BudgetView, DeepReadonly } from '../state/types';

export interface BudgetActions {
  setBudgetDraft(text: string): void;
  saveBudget(text: string): void;
  cancelBudget(): void;
}

export interface BudgetSectionProps {
  idBase: string;
  /** The deal's budget as shown. */
  price: number;
  budget: DeepReadonly<BudgetView>;
  lockedBy: string | undefined;
  t: Translate;
  actions: BudgetActions;
}

export function BudgetSection({ idBase, price, budget, lockedBy, t, actions }: BudgetSectionProps) {
  const locked = lockedBy !== undefined;
  // Plain digits, not the formatted amount: "1,500" typed back would read as a decimal in half the locales.
  const shown = budget.draft ?? String(price);
  const noteId = `${idBase}-budget-note`;
  const note = budget.error
    ? t(budget.error.key, budget.error.vars)
    : budget.changedElsewhere
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
          class={`lqa-input${budget.error ? ' lqa-input--invalid' : ''}`}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={shown}
          disabled={locked}
          aria-invalid={budget.error ? 'true' : 'false'}
          aria-describedby={describedBy(note && noteId, lockedBy)}
          onInput={(e) => actions.setBudgetDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              actions.saveBudget(e.currentTarget.value);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              actions.cancelBudget();
            }
          }}
        />
        <button
          type="button"
          class="lqa-button lqa-button--primary"
          disabled={locked}
          onClick={() => actions.saveBudget(shown)}
        >
          {t('panel.save_budget')}
        </button>
      </div>
      {note && (
        <p id={noteId} class={budget.error ? 'lqa-field-error' : 'lqa-hint'}>
          {note}
        </p>
      )}
    </section>
  );
}
