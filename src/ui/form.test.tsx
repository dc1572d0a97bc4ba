import { h } from 'preact';
import { render, screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { Choices, Field } from './form';

describe('Field', () => {
  it('is an input labelled by its label that reports every keystroke', async () => {
    const onValue = jest.fn();
    render(<Field id="f-site" label="Site address" type="url" value="" onValue={onValue} />);
    const box = screen.getByRole('textbox', { name: 'Site address' });
    expect(box).toHaveAttribute('type', 'url');
    await userEvent.type(box, 'ab');
    expect(onValue.mock.calls.map(([v]) => v)).toEqual(['a', 'ab']);
  });

  it('with options it is a select reporting the pick', async () => {
    const onValue = jest.fn();
    render(
      <Field id="f-pick" label="Pipeline" value="1" onValue={onValue}>
        <option value="1">Sales</option>
        <option value="2">Wholesale</option>
      </Field>,
    );
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Pipeline' }), '2');
    expect(onValue).toHaveBeenCalledWith('2');
  });

  it('an error marks the control invalid and describes it, together with a warning', () => {
    render(
      <Field
        id="f-x"
        label="Stage"
        type="text"
        value=""
        onValue={() => undefined}
        error="Wrong."
        warning="Careful."
      />,
    );
    const box = screen.getByRole('textbox', { name: 'Stage' });
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(box).toHaveAccessibleDescription('Wrong. Careful.');
  });

  it('without messages it is neither invalid nor described', () => {
    render(<Field id="f-y" label="Name" type="text" value="" onValue={() => undefined} />);
    const box = screen.getByRole('textbox', { name: 'Name' });
    expect(box).not.toHaveAttribute('aria-invalid');
    expect(box).not.toHaveAccessibleDescription();
  });
});

describe('Choices', () => {
  const items = [
    { value: 'a', label: 'Alpha', checked: true },
    { value: 'b', label: 'Beta', checked: false },
  ];

  it('checkboxes report the value and the new state; the error describes the fieldset', async () => {
    const onChange = jest.fn();
    render(<Choices id="c-1" legend="Letters" items={items} onChange={onChange} error="Pick one." />);
    expect(screen.getByRole('group', { name: 'Letters' })).toHaveAccessibleDescription('Pick one.');
    expect(screen.getByRole('checkbox', { name: 'Alpha' })).toBeChecked();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Beta' }));
    expect(onChange).toHaveBeenCalledWith('b', true);
  });

  it('with a name they are radios of one group, and the children follow the boxes', async () => {
    const onChange = jest.fn();
    render(
      <Choices
        legend="API"
        name="api"
        items={[
          { value: 2, label: 'v2', checked: false },
          { value: 4, label: 'v4', checked: true },
        ]}
        onChange={onChange}
      >
        <p>Hint</p>
      </Choices>,
    );
    const radios = screen.getAllByRole('radio');
    expect(radios.map((r) => (r as HTMLInputElement).name)).toEqual(['api', 'api']);
    await userEvent.click(screen.getByRole('radio', { name: 'v2' }));
    expect(onChange).toHaveBeenCalledWith(2, true);
    expect(screen.getByText('Hint')).toBeInTheDocument();
  });

  it('an error without an id is still shown, and describes nothing', () => {
    render(<Choices legend="Letters" items={items} onChange={() => undefined} error="Pick one." />);
    expect(screen.getByText('Pick one.')).not.toHaveAttribute('id');
    expect(screen.getByRole('group', { name: 'Letters' })).not.toHaveAttribute('aria-describedby');
  });
});
