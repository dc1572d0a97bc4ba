import { h } from 'preact';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../api/errors';
import type { CustomField } from '../domain/types';
import { LeadPanel } from './LeadPanel';
import createMoveStep from './move-step';
import { fakeApi, fakeServices, makeLead, PIPELINES } from './test-utils';
import { LOST_STATUS_ID, WON_STATUS_ID } from '../domain/stages';

async function setup(opts: Parameters<typeof fakeServices>[1] = {}, lead = makeLead()) {
  const { api, server } = fakeApi(lead);
  const { services, emitChange, unsubscribe } = fakeServices(api, opts);
  const user = userEvent.setup();
  const view = render(<LeadPanel leadId={lead.id} services={services} />);
  await screen.findByRole('heading', { name: lead.name || `Deal #${lead.id}` });
  return { api, server, services, emitChange, unsubscribe, user, view };
}

const status = () => screen.getByRole('status');
const alertBox = () =>
  screen
    .getAllByRole('alert')
    .map((a) => a.textContent)
    .join(' ');

describe('LeadPanel', () => {
  it('shows the deal at a glance with one lead request and the pipelines', async () => {
    const { api } = await setup();
    expect(api.getLead).toHaveBeenCalledTimes(1);
    expect(api.getPipelines).toHaveBeenCalledTimes(1);
    expect(screen.getByText(/1,500/)).toBeInTheDocument();
    expect(screen.getByText('Sales')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Stage' })).toHaveValue('1:11');
    // The host named no contact: a plain link, never a raw id.
    expect(screen.getByRole('link', { name: 'Main contact' })).toHaveAttribute('href', '/contacts/detail/77');
    expect(document.querySelector('.lqa-panel')?.textContent).not.toMatch(/#\s?\d|№/);
    expect(screen.getByRole('button', { name: 'Remove tag VIP' })).toBeInTheDocument();
  });

  it('names the main contact from the card data and the responsible user from the host, with no request', async () => {
    const { api, services } = await setup(
      {
        cardContacts: jest.fn(async () => [
          { id: 76, name: 'Someone Else' },
          { id: 77, name: 'Анна Петрова' },
        ]),
        userName: jest.fn((id: number) => (id === 9 ? 'Ivan Sidorov' : null)),
      },
      makeLead({ responsibleUserId: 9 }),
    );
    expect(await screen.findByRole('link', { name: 'Анна Петрова' })).toHaveAttribute('href', '/contacts/detail/77');
    expect(screen.getByText('Responsible:', { exact: false })).toHaveTextContent('Responsible: Ivan Sidorov');
    expect(services.userName).toHaveBeenCalledWith(9);
    expect(api.getLead).toHaveBeenCalledTimes(1);
  });

  it('an unknown responsible user and an unnamed source are left out, not shown as ids', async () => {
    await setup({}, makeLead({ responsibleUserId: 9, sourceId: 31, sourceName: null }));
    expect(screen.queryByText(/Responsible|Source/)).toBeNull();
    expect(document.querySelector('.lqa-panel')?.textContent).not.toContain('31');
  });

  it('renders a markup name as text', async () => {
    await setup({}, makeLead({ name: '<img src=x onerror=alert(1)>' }));
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByRole('heading').textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('the stage picker offers every pipeline grouped, never Unsorted, and applies a choice with its pipeline', async () => {
    const { api, user } = await setup();
    const picker = screen.getByRole('combobox', { name: 'Stage' });
    const groups = picker.querySelectorAll('optgroup');
    expect([...groups].map((g) => g.label)).toEqual(['Sales', 'Wholesale']);
    expect(within(picker).queryByRole('option', { name: 'Unsorted' })).toBeNull();
    await user.selectOptions(picker, '2:21');
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenCalledWith(5, { status_id: 21, pipeline_id: 2 }, expect.anything()),
    );
    await waitFor(() => expect(status()).toHaveTextContent('Stage changed to Quote.'));
  });

  it('browsing the stage picker with arrow keys moves nothing until Enter; Escape keeps the stage', async () => {
    const { api } = await setup();
    const picker = screen.getByRole('combobox', { name: 'Stage' }) as HTMLSelectElement;
    picker.focus();
    fireEvent.keyDown(picker, { key: 'ArrowDown' });
    fireEvent.change(picker, { target: { value: '1:12' } });
    expect(picker).toHaveAccessibleDescription(
      'Press Enter to move the deal to this stage, Escape to keep it.',
    );
    fireEvent.keyDown(picker, { key: 'ArrowDown' });
    fireEvent.change(picker, { target: { value: `1:${WON_STATUS_ID}` } });
    fireEvent.keyDown(picker, { key: 'Escape' });
    expect(picker).toHaveValue('1:11');
    expect(api.patchLead).not.toHaveBeenCalled();
    fireEvent.keyDown(picker, { key: 'ArrowDown' });
    fireEvent.change(picker, { target: { value: '1:12' } });
    fireEvent.keyDown(picker, { key: 'Enter' });
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenCalledWith(5, { status_id: 12, pipeline_id: 1 }, expect.anything()),
    );
    expect(api.patchLead).toHaveBeenCalledTimes(1);
  });

  it('Next stage and Won send the minimal patch; the result shows at once', async () => {
    const { api, user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    expect(screen.getByRole('combobox', { name: 'Stage' })).toHaveValue('1:12');
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenLastCalledWith(5, { status_id: 12, pipeline_id: 1 }, expect.anything()),
    );
    await waitFor(() => expect(screen.getByRole('button', { name: 'Won' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Won' }));
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenLastCalledWith(
        5,
        { status_id: WON_STATUS_ID, pipeline_id: 1 },
        expect.anything(),
      ),
    );
  });

  it('Lost asks for a loss reason when the account uses them, then sends it with the lost stage', async () => {
    const { api, user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Lost' }));
    const reason = await screen.findByRole('combobox', { name: 'Loss reason' });
    await user.click(screen.getByRole('button', { name: 'Close as lost' }));
    expect(alertBox()).toContain('Choose a loss reason first.');
    expect(api.patchLead).not.toHaveBeenCalled();
    await user.selectOptions(reason, '8');
    await user.click(screen.getByRole('button', { name: 'Close as lost' }));
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenCalledWith(
        5,
        { status_id: LOST_STATUS_ID, pipeline_id: 1, loss_reason_id: 8 },
        expect.anything(),
      ),
    );
    expect(api.getAccount).toHaveBeenCalledTimes(1);
  });

  it('Lost closes at once when the settings say reasons are never required', async () => {
    const { api, user } = await setup({ panel: { lossReason: 'never' } });
    await user.click(screen.getByRole('button', { name: 'Lost' }));
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenCalledWith(5, { status_id: LOST_STATUS_ID, pipeline_id: 1 }, expect.anything()),
    );
    expect(api.getLossReasons).not.toHaveBeenCalled();
  });

  it('budget: Enter saves; invalid input is explained next to the field and never sent; Escape cancels', async () => {
    const { api, user } = await setup();
    const budget = screen.getByRole('textbox', { name: 'Budget' });
    await user.clear(budget);
    await user.type(budget, '12.5{Enter}');
    expect(screen.getByText('Enter whole units only, without decimals.')).toBeInTheDocument();
    expect(budget).toHaveAttribute('aria-invalid', 'true');
    expect(budget).toHaveValue('12.5');
    expect(api.patchLead).not.toHaveBeenCalled();
    await user.type(budget, '{Escape}');
    expect(budget).toHaveValue('1500');
    expect(budget).not.toHaveAccessibleDescription();
    await user.clear(budget);
    await user.type(budget, '250 000');
    await user.click(screen.getByRole('button', { name: 'Save budget' }));
    await waitFor(() => expect(api.patchLead).toHaveBeenCalledWith(5, { price: 250000 }, expect.anything()));
    await waitFor(() => expect(status()).toHaveTextContent('Budget saved.'));
  });

  it('a failed save rolls back, explains why and keeps the typed budget', async () => {
    const { api, user } = await setup();
    api.patchLead.mockRejectedValueOnce(new ApiError('server', { status: 500 }));
    const budget = screen.getByRole('textbox', { name: 'Budget' });
    await user.clear(budget);
    await user.type(budget, '777{Enter}');
    await waitFor(() => expect(alertBox()).toContain('amoCRM had a problem on its side.'));
    expect(screen.getByRole('textbox', { name: 'Budget' })).toHaveValue('777');
    expect(screen.getByText(/1,500/)).toBeInTheDocument();
  });

  it('tags: suggestions are debounced, a new name is created, duplicates and blanks refused, chips remove', async () => {
    const { api, user } = await setup();
    const input = screen.getByRole('textbox', { name: 'Add tag' });
    await user.type(input, 'ho');
    expect(api.searchTags.mock.calls.length).toBeLessThanOrEqual(1);
    await screen.findByRole('option', { name: 'Hot' });
    expect(api.searchTags).toHaveBeenCalledTimes(1);
    await user.keyboard('{ArrowDown}{Enter}');
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenCalledWith(5, { tags_to_add: [{ id: 2 }] }, expect.anything()),
    );
    await user.type(input, 'vip{Enter}');
    expect(screen.getByText('The deal already has this tag.')).toBeInTheDocument();
    await user.clear(input);
    await user.type(input, '   {Enter}');
    expect(screen.getByText('Type a tag name.')).toBeInTheDocument();
    await user.clear(input);
    await user.type(input, 'Brand new{Enter}');
    await waitFor(() => expect(api.createTag).toHaveBeenCalledWith('Brand new', expect.anything()));
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenLastCalledWith(5, { tags_to_add: [{ id: 99 }] }, expect.anything()),
    );
    await waitFor(() => expect(screen.getByRole('button', { name: 'Remove tag VIP' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Remove tag VIP' }));
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenLastCalledWith(5, { tags_to_delete: [{ id: 1 }] }, expect.anything()),
    );
  });

  it('Undo puts the previous stage back with its pipeline', async () => {
    const { api, user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    await user.click(await screen.findByRole('button', { name: 'Undo' }));
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenLastCalledWith(5, { status_id: 11, pipeline_id: 1 }, expect.anything()),
    );
  });

  it('after our write it offers to reload the card', async () => {
    const { services, user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    await user.click(await screen.findByRole('button', { name: 'Reload card' }));
    expect(services.reloadCard).toHaveBeenCalled();
  });

  it.each([
    ['network', 'amoCRM is not answering.'],
    ['unauthorized', 'Your amoCRM session has ended.'],
    ['rate_limited', 'Too many requests'],
    ['blocked', 'blocked API access'],
    ['malformed', 'something unexpected'],
    ['timeout', 'took too long'],
    ['payment_required', 'not paid'],
  ] as const)('a %s failure on load shows its message and Retry recovers', async (kind, text) => {
    const { api } = fakeApi();
    const { services } = fakeServices(api);
    api.getLead.mockRejectedValueOnce(new ApiError(kind));
    const user = userEvent.setup();
    render(<LeadPanel leadId={5} services={services} />);
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(text));
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByRole('heading', { name: 'Поставка оборудования' });
  });

  it('a deleted deal says so', async () => {
    const { api } = fakeApi();
    api.getLead.mockRejectedValue(new ApiError('not_found', { status: 204 }));
    render(<LeadPanel leadId={5} services={fakeServices(api).services} />);
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent('This deal was deleted or does not exist.'),
    );
  });

  it('a 403 on an action turns the panel read-only with the reason', async () => {
    const { api, user } = await setup();
    api.patchLead.mockRejectedValueOnce(new ApiError('forbidden', { status: 403 }));
    await user.click(screen.getByRole('button', { name: 'Won' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Next stage' })).toBeDisabled());
    expect(screen.getByRole('textbox', { name: 'Budget' })).toBeDisabled();
    expect(alertBox()).toContain('You have no rights');
  });

  it('host rights that forbid editing disable the actions with the reason', async () => {
    await setup({ rights: { canEdit: false, reasonKey: 'panel.rights_no_edit' } });
    expect(screen.getByText('You can view this deal but not change it (your rights).')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Won' })).toBeDisabled();
  });

  it('honours the admin options: hidden sections and offered pipelines', async () => {
    await setup({ panel: { showBudget: false, showTags: false, pipelineIds: [1] } });
    expect(screen.queryByRole('textbox', { name: 'Budget' })).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Add tag' })).toBeNull();
    const groups = screen.getByRole('combobox', { name: 'Stage' }).querySelectorAll('optgroup');
    expect([...groups].map((g) => g.label)).toEqual(['Sales']);
  });

  it('a change elsewhere refreshes the deal but keeps the budget being typed', async () => {
    const { user, emitChange, server, api } = await setup();
    const budget = screen.getByRole('textbox', { name: 'Budget' });
    await user.clear(budget);
    await user.type(budget, '999');
    server().price = 5000;
    server().name = 'Renamed elsewhere';
    await act(async () => {
      emitChange();
      await new Promise((r) => setTimeout(r, 400));
    });
    await screen.findByRole('heading', { name: 'Renamed elsewhere' });
    expect(budget).toHaveValue('999');
    expect(screen.getByText(/changed by someone else/)).toBeInTheDocument();
    expect(api.getLead).toHaveBeenCalledTimes(2);
  });

  it('unmount aborts, unsubscribes and nothing happens after', async () => {
    const { api } = fakeApi();
    const services = fakeServices(api);
    let seenSignal: AbortSignal | undefined;
    api.getLead.mockImplementationOnce((_id: number, signal?: AbortSignal) => {
      seenSignal = signal;
      return new Promise(() => undefined);
    });
    const view = render(<LeadPanel leadId={5} services={services.services} />);
    view.unmount();
    expect(seenSignal?.aborted).toBe(true);
    expect(services.unsubscribe).toHaveBeenCalled();
    services.emitChange();
    await new Promise((r) => setTimeout(r, 400));
    expect(api.getLead).toHaveBeenCalledTimes(1);
  });
  it('loading: a skeleton, busy, announced; the deal replaces it', async () => {
    const { api } = fakeApi();
    let release!: () => void;
    api.getLead.mockImplementationOnce(() => new Promise((resolve) => (release = () => resolve(makeLead()))));
    render(<LeadPanel leadId={5} services={fakeServices(api).services} />);
    const panel = document.querySelector('.lqa.lqa-panel')!;
    expect(panel).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByRole('status')).toHaveTextContent('Loading the deal…');
    expect(screen.queryByRole('button')).toBeNull();
    await act(async () => release());
    await screen.findByRole('heading', { name: 'Поставка оборудования' });
    expect(document.querySelector('.lqa.lqa-panel')).toHaveAttribute('aria-busy', 'false');
  });

  it('no rights to view: says so, and Retry is offered', async () => {
    const { api } = fakeApi();
    api.getLead.mockRejectedValueOnce(new ApiError('forbidden', { status: 403 }));
    render(<LeadPanel leadId={5} services={fakeServices(api).services} />);
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent('You have no rights to view this deal.'),
    );
    expect(document.querySelector('.lqa-panel')).toHaveAttribute('data-state', 'no_rights');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('the deal at a glance: lost reason, source, coloured chips with readable text, user text with dir=auto', async () => {
    const lead = makeLead({
      statusId: LOST_STATUS_ID,
      lossReasonId: 7,
      lossReason: { id: 7, name: 'Too expensive', sort: 1 },
      sourceId: 31,
      sourceName: 'Website form',
      name: 'صفقة كبيرة 🚀',
      tags: [
        { id: 1, name: 'VIP', color: '#ffcc00' },
        { id: 2, name: 'Night', color: '#1a237e' },
      ],
    });
    await setup({}, lead);
    expect(screen.getByText('Loss reason:', { exact: false })).toHaveTextContent(
      'Loss reason: Too expensive',
    );
    expect(screen.getByText('Source:', { exact: false })).toHaveTextContent('Source: Website form');
    expect(screen.getByRole('heading')).toHaveAttribute('dir', 'auto');
    expect(screen.getByText('VIP').closest('li')).toHaveStyle({ color: '#1f2933' });
    expect(screen.getByText('Night').closest('li')).toHaveStyle({ color: '#ffffff' });
    expect(screen.getByText('Night')).toHaveAttribute('dir', 'auto');
    expect(document.querySelector('.lqa-stage-line')).toHaveTextContent('Sales·Refused');
  });

  it('tag names with markup stay text', async () => {
    await setup({}, makeLead({ tags: [{ id: 1, name: '<img src=x onerror=alert(1)>', color: null }] }));
    expect(document.querySelector('.lqa-panel img')).toBeNull();
    expect(
      screen.getByRole('button', { name: 'Remove tag <img src=x onerror=alert(1)>' }),
    ).toBeInTheDocument();
  });

  it('Next stage at the last open stage is unavailable with the reason; when closed it says so', async () => {
    await setup({}, makeLead({ statusId: 12 }));
    const next = screen.getByRole('button', { name: 'Next stage' });
    expect(next).toHaveAttribute('aria-disabled', 'true');
    expect(next).toHaveAccessibleDescription('This is the last open stage.');
    cleanup();
    await setup({}, makeLead({ statusId: WON_STATUS_ID }));
    expect(screen.getByRole('button', { name: 'Next stage' })).toHaveAccessibleDescription(
      'The deal is closed.',
    );
    expect(screen.getByRole('button', { name: 'Won' })).toHaveAttribute('aria-disabled', 'true');
  });

  it('keyboard only: Next stage by Enter keeps the focus; Lost, reason chosen by keys, Escape returns to Lost', async () => {
    const { api, user } = await setup({ panel: { lossReason: 'always' } });
    const next = screen.getByRole('button', { name: 'Next stage' });
    next.focus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('combobox', { name: 'Stage' })).toHaveValue('1:12');
    expect(next).toHaveFocus();
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenCalledWith(5, { status_id: 12, pipeline_id: 1 }, expect.anything()),
    );
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Stage changed to Offer.'));
    const lost = screen.getByRole('button', { name: 'Lost' });
    lost.focus();
    await user.keyboard('{Enter}');
    const reason = await screen.findByRole('combobox', { name: 'Loss reason' });
    await waitFor(() => expect(reason).toHaveFocus());
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('combobox', { name: 'Loss reason' })).toBeNull();
    expect(lost).toHaveFocus();
    await user.keyboard('{Enter}');
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Loss reason' }), '7');
    await user.tab();
    expect(screen.getByRole('button', { name: 'Close as lost' })).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenLastCalledWith(
        5,
        { status_id: LOST_STATUS_ID, pipeline_id: 1, loss_reason_id: 7 },
        expect.anything(),
      ),
    );
  });

  it('keyboard only: suggestions by arrows, Enter adds, Escape closes the list then clears the box', async () => {
    const { api, user } = await setup();
    api.searchTags.mockResolvedValueOnce([
      { id: 2, name: 'Hot', color: null },
      { id: 3, name: 'Опт', color: '#00aa00' },
    ]);
    const input = screen.getByRole('textbox', { name: 'Add tag' });
    await user.click(input);
    await user.keyboard('o');
    await screen.findByRole('option', { name: 'Hot' });
    expect(
      within(screen.getByRole('listbox'))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Hot', 'Опт']);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(input).toHaveAttribute('aria-activedescendant', screen.getByRole('option', { name: 'Опт' }).id);
    expect(screen.getByRole('option', { name: 'Опт' })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowUp}{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(input).toHaveValue('o');
    await user.keyboard('{Escape}');
    expect(input).toHaveValue('');
    await user.keyboard('оп');
    await screen.findByRole('option', { name: 'Опт' });
    await user.keyboard('{ArrowDown}{Enter}');
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenCalledWith(5, { tags_to_add: [{ id: 3 }] }, expect.anything()),
    );
    expect(api.createTag).not.toHaveBeenCalled();
    expect(input).toHaveValue('');
    expect(screen.getByRole('button', { name: 'Remove tag Опт' })).toBeInTheDocument();
  });

  it('a click on a suggestion adds it and keeps the focus in the box', async () => {
    const { api, user } = await setup();
    const input = screen.getByRole('textbox', { name: 'Add tag' });
    await user.type(input, 'ho');
    await user.click(await screen.findByRole('option', { name: 'Hot' }));
    expect(input).toHaveFocus();
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenCalledWith(5, { tags_to_add: [{ id: 2 }] }, expect.anything()),
    );
  });

  it('an invalid budget is described at the field (aria-describedby) and never sent', async () => {
    const { api, user } = await setup();
    const budget = screen.getByRole('textbox', { name: 'Budget' });
    await user.clear(budget);
    await user.type(budget, '1,500,000{Enter}');
    expect(budget).toHaveAccessibleDescription(
      'Group digits with spaces, not commas or dots: for example 1 500 000.',
    );
    await user.clear(budget);
    await user.type(budget, '99999999999');
    await user.click(screen.getByRole('button', { name: 'Save budget' }));
    expect(budget).toHaveAccessibleDescription('The budget must be at most 2 147 483 647.');
    expect(budget).toHaveValue('99999999999');
    expect(api.patchLead).not.toHaveBeenCalled();
  });

  it.each([
    ['validation', 'amoCRM did not accept the change: the budget must be a whole number'],
    ['unauthorized', 'Your amoCRM session has ended.'],
    ['payment_required', 'not paid'],
    ['forbidden', 'You have no rights to change this deal.'],
    ['no_rights', 'error 244'],
    ['blocked', 'blocked API access'],
    ['rate_limited', 'Too many requests'],
    ['server', 'problem on its side'],
    ['network', 'not answering'],
    ['timeout', 'took too long'],
    ['malformed', 'something unexpected'],
  ] as const)(
    'a %s failure of a budget save: its words in role=alert, rolled back, the typed budget kept',
    async (kind, text) => {
      const { api, user } = await setup();
      api.patchLead.mockRejectedValueOnce(
        new ApiError(kind, {
          problems: kind === 'validation' ? [{ path: 'price', code: 'NotValid', detail: 'x' }] : [],
        }),
      );
      const budget = screen.getByRole('textbox', { name: 'Budget' });
      await user.clear(budget);
      await user.type(budget, '4242{Enter}');
      await waitFor(() => expect(alertBox()).toContain(text));
      expect(budget).toHaveValue('4242');
      expect(screen.getByText(/1,500/)).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    },
  );

  it.each(['server', 'network', 'validation'] as const)(
    'a %s failure when adding a new tag keeps the name and removes the chip',
    async (kind) => {
      const { api, user } = await setup();
      api.patchLead.mockRejectedValueOnce(
        new ApiError(kind, {
          problems: kind === 'validation' ? [{ path: 'tags_to_add.0.id', code: 'x', detail: 'x' }] : [],
        }),
      );
      const input = screen.getByRole('textbox', { name: 'Add tag' });
      await user.type(input, 'Brand new{Enter}');
      await waitFor(() => expect(alertBox()).not.toBe(''));
      expect(input).toHaveValue('Brand new');
      expect(screen.queryByRole('button', { name: 'Remove tag Brand new' })).toBeNull();
      if (kind === 'validation') expect(alertBox()).toContain('change to the tags');
    },
  );

  it('the Undo button goes after a few seconds', async () => {
    jest.useFakeTimers();
    try {
      const { api } = fakeApi();
      render(<LeadPanel leadId={5} services={fakeServices(api).services} />);
      const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
      await screen.findByRole('heading', { name: 'Поставка оборудования' });
      await user.click(screen.getByRole('button', { name: 'Won' }));
      await screen.findByRole('button', { name: 'Undo' });
      await act(async () => {
        await jest.advanceTimersByTimeAsync(6000);
      });
      expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
      expect(api.patchLead).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('after our write: a note that the card above may be out of date', async () => {
    const { user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Won' }));
    await screen.findByText("The card's fields above may be out of date.");
  });

  it('settings: no stage section, and archived pipelines left out unless the deal is in one', async () => {
    await setup({ panel: { showStage: false } });
    expect(screen.queryByRole('combobox', { name: 'Stage' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Won' })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Budget' })).toBeInTheDocument();
    cleanup();
    const { api } = fakeApi(makeLead({ pipelineId: 2, statusId: 21 }));
    const archived = PIPELINES.map((p) => ({ ...p, isArchive: true }));
    api.getPipelines.mockResolvedValue(archived);
    render(<LeadPanel leadId={5} services={fakeServices(api).services} />);
    await screen.findByRole('heading', { name: 'Поставка оборудования' });
    const groups = screen.getByRole('combobox', { name: 'Stage' }).querySelectorAll('optgroup');
    expect([...groups].map((g) => g.label)).toEqual(['Wholesale']);
  });
});

describe('LeadPanel: the move step comes from move-step.js, loaded only when a move may need it', () => {
  /** "Offer" (stage 12 of pipeline 1, Next stage from the default deal) requires a text field the deal lacks. */
  const CONTRACT: CustomField = {
    id: 300,
    name: 'Contract number',
    code: null,
    sort: 1,
    type: 'text',
    enums: [],
    requiredStatuses: [{ statusId: 12, pipelineId: 1 }],
    isApiOnly: false,
  };

  async function mountWith(loadMoveStep: () => Promise<unknown>, fields: CustomField[] = [CONTRACT]) {
    const { api } = fakeApi(makeLead(), fields);
    const load = jest.fn(loadMoveStep);
    const { services } = fakeServices(api, { loadMoveStep: load });
    const user = userEvent.setup();
    render(<LeadPanel leadId={5} services={services} />);
    await screen.findByRole('heading', { name: makeLead().name });
    return { api, load, user };
  }

  it('a card open never loads it; the focus reaching the stage controls loads it with the field rules', async () => {
    const { api, load } = await mountWith(async () => createMoveStep);
    expect(load).not.toHaveBeenCalled();
    expect(api.getCustomFields).not.toHaveBeenCalled();
    act(() => screen.getByRole('button', { name: 'Won' }).focus());
    await waitFor(() => expect(load).toHaveBeenCalledTimes(1));
    expect(api.getCustomFields).toHaveBeenCalledTimes(1);
  });

  it('cold (the first move of the page): "Checking…" until it arrives, then the field and Save and move, one PATCH', async () => {
    let arrive: (module: unknown) => void = () => undefined;
    const { api, user } = await mountWith(() => new Promise((resolve) => (arrive = resolve)));
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    expect(await screen.findByText('Checking what this stage requires…')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Contract number' })).toBeNull();
    act(() => arrive(createMoveStep));
    const field = await screen.findByRole('textbox', { name: 'Contract number' });
    await waitFor(() => expect(field).toHaveFocus());
    await user.click(screen.getByRole('button', { name: 'Save and move' }));
    expect(field).toHaveAccessibleDescription('Fill in this field.');
    expect(api.patchLead).not.toHaveBeenCalled();
    await user.type(field, 'K-17');
    await user.click(screen.getByRole('button', { name: 'Save and move' }));
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenCalledWith(
        5,
        { status_id: 12, pipeline_id: 1, custom_fields_values: [{ field_id: 300, values: [{ value: 'K-17' }] }] },
        expect.anything(),
      ),
    );
    expect(api.patchLead).toHaveBeenCalledTimes(1);
  });

  it('a failed load says so and never moves the deal around the rules; the next move loads it again', async () => {
    let fail = true;
    const { api, load, user } = await mountWith(() =>
      fail ? Promise.reject(new Error('Script error')) : Promise.resolve(createMoveStep),
    );
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    await waitFor(() => expect(alertBox()).toContain('could not be loaded, so the deal was not moved'));
    expect(screen.queryByText('Checking what this stage requires…')).toBeNull();
    expect(api.patchLead).not.toHaveBeenCalled();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    expect(await screen.findByRole('textbox', { name: 'Contract number' })).toBeInTheDocument();
    expect(load.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(api.patchLead).not.toHaveBeenCalled();
  });

  it('a value the server refuses comes back at its field, with what was typed', async () => {
    const { api, user } = await mountWith(async () => createMoveStep);
    api.patchLead.mockRejectedValueOnce(
      new ApiError('validation', {
        status: 400,
        problems: [{ path: 'custom_fields_values.0.values.0.value', code: 'NotValid', detail: 'too short' }],
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    await user.type(await screen.findByRole('textbox', { name: 'Contract number' }), 'K');
    await user.click(screen.getByRole('button', { name: 'Save and move' }));
    const field = await screen.findByRole('textbox', { name: 'Contract number' });
    await waitFor(() => expect(field).toHaveAccessibleDescription('amoCRM did not accept this value: too short'));
    expect(field).toHaveValue('K');
    expect(screen.getByRole('combobox', { name: 'Stage' })).toHaveValue('1:11');
  });

  it('a file that is not the step module counts as a failed load', async () => {
    const { api, user } = await mountWith(async () => ({ default: createMoveStep }));
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    await waitFor(() => expect(alertBox()).toContain('could not be loaded'));
    expect(api.patchLead).not.toHaveBeenCalled();
  });

  it('a move that needs no step goes at once, even while the module cannot be loaded', async () => {
    const { api, user } = await mountWith(() => Promise.reject(new Error('offline')), []);
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenCalledWith(5, { status_id: 12, pipeline_id: 1 }, expect.anything()),
    );
    expect(alertBox()).not.toContain('could not be loaded');
  });

  it('Lost with the module away: the reasons are read, "Checking…" until it arrives, then the reason', async () => {
    let arrive: (module: unknown) => void = () => undefined;
    const { api, user } = await mountWith(() => new Promise((resolve) => (arrive = resolve)), []);
    await user.click(screen.getByRole('button', { name: 'Lost' }));
    await waitFor(() => expect(api.getLossReasons).toHaveBeenCalled());
    expect(await screen.findByText('Checking what this stage requires…')).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Loss reason' })).toBeNull();
    act(() => arrive(createMoveStep));
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Loss reason' }), '7');
    await user.click(screen.getByRole('button', { name: 'Close as lost' }));
    await waitFor(() =>
      expect(api.patchLead).toHaveBeenCalledWith(
        5,
        { status_id: LOST_STATUS_ID, pipeline_id: 1, loss_reason_id: 7 },
        expect.anything(),
      ),
    );
  });
});
