// One required field asked in a move step: a control named after the field, by its type, with its error beside it.
// Part of move-step.js: written over script.js's Preact, which the factory receives (contract.ts says why).
import type { h } from 'preact';
import type { Translate } from '../../contracts/services';
import type { FieldDraft } from '../../domain/required-fields';
import { describedBy } from '../../ui/aria';
import type { DeepReadonly, FieldAsk } from '../state/types';
import type { PreactParts } from './contract';

export interface RequiredFieldProps {
  id: string;
  ask: DeepReadonly<FieldAsk>;
  t: Translate;
  onDraft(draft: FieldDraft): void;
}

export const defineRequiredField = ({ h }: Pick<PreactParts, 'h'>) =>
  function RequiredField({ id, ask, t, onDraft }: RequiredFieldProps): h.JSX.Element {
    const { field, control, draft, error } = ask;
    const errorId = `${id}-error`;
    const invalid = error ? 'true' : 'false';
    const described = describedBy(error && errorId);
    const note = error && (
      <p id={errorId} class="lqa-field-error">
        {t(error.key, error.vars)}
      </p>
    );
    const text = typeof draft === 'string' ? draft : '';

    if (control === null)
      return (
        <div class="lqa-required">
          <span class="lqa-label" dir="auto">
            {field.name}
          </span>
          <p class="lqa-hint">{t('fields.error_not_editable')}</p>
        </div>
      );
    if (control === 'checkbox')
      return (
        <div class="lqa-required">
          <label class="lqa-check">
            <input
              id={id}
              type="checkbox"
              checked={draft === true}
              aria-invalid={invalid}
              aria-describedby={described}
              onChange={(e) => onDraft(e.currentTarget.checked)}
            />
            <span dir="auto">{field.name}</span>
          </label>
          {note}
        </div>
      );
    if (control === 'multiselect') {
      const chosen = Array.isArray(draft) ? (draft as readonly number[]) : [];
      return (
        <fieldset class="lqa-required lqa-fieldset" aria-invalid={invalid} aria-describedby={described}>
          <legend class="lqa-label" dir="auto">
            {field.name}
          </legend>
          {field.enums.map((option, i) => (
            <label class="lqa-check" key={option.id}>
              <input
                id={i === 0 ? id : undefined}
                type="checkbox"
                checked={chosen.includes(option.id)}
                onChange={(e) =>
                  onDraft(
                    e.currentTarget.checked ? [...chosen, option.id] : chosen.filter((c) => c !== option.id),
                  )
                }
              />
              <span dir="auto">{option.value}</span>
            </label>
          ))}
          {note}
        </fieldset>
      );
    }
    // A labelled single control (list, text area, text or date box): the same label, ARIA and note around it.
    const labelled = (control: h.JSX.Element) => (
      <div class="lqa-required">
        <label class="lqa-label" for={id} dir="auto">
          {field.name}
        </label>
        {control}
        {note}
      </div>
    );
    const aria = { 'aria-required': 'true', 'aria-invalid': invalid, 'aria-describedby': described } as const;
    const onText = (e: { currentTarget: { value: string } }) => onDraft(e.currentTarget.value);
    if (control === 'select')
      return labelled(
        <select id={id} class="lqa-select" value={text} {...aria} onChange={onText}>
          <option value="">{t('fields.choose')}</option>
          {field.enums.map((option) => (
            <option key={option.id} value={String(option.id)}>
              {option.value}
            </option>
          ))}
        </select>,
      );
    if (control === 'textarea')
      return labelled(
        <textarea id={id} class="lqa-input lqa-textarea" rows={2} value={text} {...aria} onInput={onText} />,
      );
    return labelled(
      <input
        id={id}
        class={`lqa-input${error ? ' lqa-input--invalid' : ''}`}
        // Numbers and addresses stay text boxes: the browser's own checks would not say why in the user's words.
        type={control === 'date' ? 'date' : 'text'}
        inputMode={control === 'number' ? 'decimal' : control === 'url' ? 'url' : undefined}
        autoComplete="off"
        value={text}
        {...aria}
        onInput={onText}
      />,
    );
  };
