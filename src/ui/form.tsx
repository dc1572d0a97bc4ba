// Form parts for any of the widget's Preact UIs: a labelled field and a fieldset of choices. Each wires its
// translated error and warning to aria-describedby, so a screen reader reads the message with the control.
// They take finished strings, not `t`: what to say is the caller's business, how to show it is theirs.
import { Fragment, h, type ComponentChildren } from 'preact';
import { describedBy } from './aria';

/** An error or warning paragraph with the id `<id>-error` / `<id>-warning` that aria-describedby names. */
export const FieldNote = ({ kind, id, text }: { kind: 'error' | 'warning'; id?: string; text?: string }) =>
  text ? (
    <p class={`lqa-field-${kind}`} id={id && `${id}-${kind}`}>
      {text}
    </p>
  ) : null;

export interface FieldProps {
  id: string;
  label: string;
  value: string;
  onValue(value: string): void;
  /** The options of a select; without them the control is an input of `type`. */
  children?: ComponentChildren;
  type?: 'text' | 'url';
  placeholder?: string;
  /** Shown under the control; an error also marks it invalid. */
  error?: string;
  warning?: string;
}

/** A label, its input or select, and the error and warning that describe it. */
export function Field({ id, label, onValue, error, warning, ...control }: FieldProps) {
  // A select reports each pick on change; a text input reports each keystroke on input, so a parent that
  // rebuilds something from the value (the settings snippets) follows the typing.
  const tag = control.children === undefined ? 'input' : 'select';
  return (
    <Fragment>
      <label class="lqa-label" for={id}>
        {label}
      </label>
      {h(tag, {
        id,
        class: `lqa-${tag}`,
        ...control,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy(error && `${id}-error`, warning && `${id}-warning`),
        [tag === 'input' ? 'onInput' : 'onChange']: (e: Event) =>
          onValue((e.currentTarget as HTMLInputElement).value),
      })}
      <FieldNote kind="error" id={id} text={error} />
      <FieldNote kind="warning" id={id} text={warning} />
    </Fragment>
  );
}

/** One box of a Choices fieldset. */
export interface Choice<T> {
  value: T;
  label: ComponentChildren;
  checked: boolean;
}

export interface ChoicesProps<T> {
  /** The base of the error's id; without it an error is shown but describes nothing. */
  id?: string;
  legend: string;
  items: Choice<T>[];
  /** A radio group of this name; without one, checkboxes. */
  name?: string;
  onChange(value: T, checked: boolean): void;
  /** Shown under the boxes and describing the fieldset. */
  error?: string;
  /** Shown after the boxes. */
  children?: ComponentChildren;
}

/** A fieldset of checkboxes or radios. */
export function Choices<T extends string | number>({
  id,
  legend,
  items,
  name,
  onChange,
  error,
  children,
}: ChoicesProps<T>) {
  return (
    <fieldset class="lqa-fieldset" aria-describedby={error && id ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {items.map(({ value, label, checked }) => (
        <label class="lqa-check" key={value}>
          <input
            type={name ? 'radio' : 'checkbox'}
            name={name}
            checked={checked}
            onChange={(e) => onChange(value, e.currentTarget.checked)}
          />
          {label}
        </label>
      ))}
      <FieldNote kind="error" id={id} text={error} />
      {children}
    </fieldset>
  );
}
