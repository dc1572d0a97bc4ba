// What a stage move asks before it is sent, in the panel: the loss reason (lost) and the fields the admin requires
// for the target stage that are empty on this deal. The focus moves into the step when it appears; Enter in a
// field saves and moves; Escape cancels and gives the focus back to where the move started.
// Part of move-step.js: written over script.js's Preact, which the factory receives (contract.ts says why).
import type { h } from 'preact';
import type { MoveStepFormProps, PreactParts } from './contract';
import type { RequiredFieldProps } from './RequiredField';

export function defineMoveStepForm(
  { h, Component, createRef }: PreactParts,
  RequiredField: (props: RequiredFieldProps) => h.JSX.Element,
) {
  return class MoveStepForm extends Component<MoveStepFormProps> {
    private root = createRef<HTMLDivElement>();

    override componentDidMount() {
      this.focusFirst();
    }

    override componentDidUpdate(previous: MoveStepFormProps) {
      if (previous.step.target !== this.props.step.target) this.focusFirst();
    }

    private focusFirst() {
      this.root.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
    }

    private onKeyDown(e: KeyboardEvent) {
      const target = e.target as HTMLElement;
      if (e.key === 'Escape') {
        e.preventDefault();
        this.props.onCancel();
      } else if (
        e.key === 'Enter' &&
        (target.tagName === 'INPUT' ||
          target.tagName === 'SELECT' ||
          (target.tagName === 'TEXTAREA' && (e.ctrlKey || e.metaKey)))
      ) {
        e.preventDefault();
        this.props.actions.confirmStep();
      }
    }

    render({ idBase, step, t, actions, onCancel }: MoveStepFormProps) {
      const reasons = step.reasons ?? [];
      const fields = step.fields ?? [];
      const lost = step.target.kind === 'lost';
      const blocked = fields.filter((f) => f.control === null).map((f) => f.field.name);
      return (
        <div
          ref={this.root}
          class="lqa-loss lqa-step"
          role="group"
          aria-label={t('fields.step_label', { stage: step.target.name })}
          onKeyDown={(e) => this.onKeyDown(e)}
        >
          {lost && reasons.length > 0 && (
            <div class="lqa-required">
              <label class="lqa-label" for={`${idBase}-loss`}>
                {t('panel.loss_reason')}
              </label>
              <select
                id={`${idBase}-loss`}
                class="lqa-select"
                value={step.selectedReason === null ? '' : String(step.selectedReason)}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  actions.selectLossReason(value === '' ? null : Number(value));
                }}
              >
                <option value="">{t('panel.choose_reason')}</option>
                {reasons.map((r) => (
                  <option key={r.id} value={String(r.id)}>
                    {r.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {fields.map((ask) => (
            <RequiredField
              key={ask.field.id}
              id={`${idBase}-field-${ask.field.id}`}
              ask={ask}
              t={t}
              onDraft={(draft) => actions.setFieldDraft(ask.field.id, draft)}
            />
          ))}
          {blocked.length > 0 && (
            <p class="lqa-field-error" role="alert">
              {t('fields.blocked', { fields: blocked.join(', ') })}
            </p>
          )}
          <div class="lqa-row">
            <button
              type="button"
              class={lost ? 'lqa-button lqa-button--danger' : 'lqa-button lqa-button--primary'}
              onClick={() => actions.confirmStep()}
            >
              {lost ? t('panel.close_as_lost') : t('fields.save_and_move')}
            </button>
            <button type="button" class="lqa-link-button" onClick={onCancel}>
              {t('panel.cancel')}
            </button>
          </div>
        </div>
      );
    }
  };
}
