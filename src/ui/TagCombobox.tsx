// A text box with a list of suggestions: arrows move through the list while the focus stays in the box
// (aria-activedescendant), Enter takes the active suggestion or the typed text, the first Escape closes the list
// and the next one clears the box. Keyboard handling lives here, not in the screens that use it.
import { Component, h, type ComponentChildren } from 'preact';
import { describedBy } from './aria';

export interface ComboboxOption {
  id: number;
  label: string;
}

export interface TagComboboxProps {
  id: string;
  /** The box's accessible name (shown to screen readers only). */
  label: string;
  /** The list's accessible name. */
  listLabel: string;
  placeholder: string;
  value: string;
  options: readonly ComboboxOption[];
  disabled?: boolean;
  /** An error shown under the box by the caller, with this id. */
  errorId?: string;
  invalid?: boolean;
  /** More ids that describe the box (e.g. why it is locked). */
  describedBy?: string;
  onInput(text: string): void;
  onChoose(option: ComboboxOption): void;
  /** Enter with no suggestion active: take the text as typed. */
  onSubmit(text: string): void;
  onCloseList(): void;
  /** Shown beside the box (e.g. an Add button). */
  children?: ComponentChildren;
}

/** The only local state: which option the arrow keys point at (-1 = none). */
export class TagCombobox extends Component<TagComboboxProps, { active: number }> {
  override state = { active: -1 };

  private choose(option: ComboboxOption) {
    this.setState({ active: -1 });
    this.props.onChoose(option);
  }

  private onKeyDown(e: KeyboardEvent, current: number) {
    const { options, onSubmit, onCloseList, onInput } = this.props;
    const n = options.length;
    if (e.key === 'ArrowDown' && n) {
      e.preventDefault();
      this.setState({ active: (current + 1) % n });
    } else if (e.key === 'ArrowUp' && n) {
      e.preventDefault();
      this.setState({ active: current <= 0 ? n - 1 : current - 1 });
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (current >= 0) this.choose(options[current]);
      else onSubmit((e.currentTarget as HTMLInputElement).value);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.setState({ active: -1 });
      if (n) onCloseList();
      else onInput('');
    }
  }

  render(props: TagComboboxProps, { active }: { active: number }) {
    const { id, label, listLabel, placeholder, value, options, disabled, errorId, invalid } = props;
    const current = active >= 0 && active < options.length ? active : -1;
    const listId = `${id}-list`;
    return (
      <div class="lqa-combobox">
        <div class="lqa-row lqa-tag-add">
          <label class="lqa-visually-hidden" for={id}>
            {label}
          </label>
          <input
            id={id}
            class={`lqa-input${invalid ? ' lqa-input--invalid' : ''}`}
            type="text"
            autoComplete="off"
            placeholder={placeholder}
            value={value}
            disabled={disabled}
            aria-autocomplete="list"
            aria-invalid={invalid ? 'true' : 'false'}
            aria-describedby={describedBy(invalid && errorId, props.describedBy)}
            aria-controls={options.length ? listId : undefined}
            aria-activedescendant={current >= 0 ? `${listId}-${current}` : undefined}
            onInput={(e) => {
              this.setState({ active: -1 });
              props.onInput(e.currentTarget.value);
            }}
            onKeyDown={(e) => this.onKeyDown(e, current)}
          />
          {props.children}
        </div>
        {options.length > 0 && (
          <ul class="lqa-suggestions" id={listId} role="listbox" aria-label={listLabel}>
            {options.map((option, i) => (
              <li
                key={option.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === current ? 'true' : 'false'}
                class={i === current ? 'lqa-suggestion lqa-suggestion--active' : 'lqa-suggestion'}
                // Keeps the focus in the text box, so typing and arrows go on working after a click.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => this.choose(option)}
              >
                <span dir="auto">{option.label}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
}
