// The move step in the panel, as a person uses it: fields the admin requires for the target stage are asked
// by name, checked, and sent with the move in ONE PATCH; nothing goes around the rules.
import { h } from 'preact';
import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../api/errors';
import type { CustomField, Lead } from '../domain/types';
import { LeadPanel } from './LeadPanel';
import { fakeApi, fakeServices, makeLead } from './test-utils';
import { LOST_STATUS_ID, WON_STATUS_ID } from '../domain/stages';

const field = (id: number, name: string, type: string, over: Partial<CustomField> = {}): CustomField => ({
  id,
  name,
  code: null,
  sort: id,
  type,
  enums: [],
  requiredStatuses: [],
  isApiOnly: false,
  ...over,
});
/** Offer (12) follows First contact (11) in pipeline 1; won and lost close it. */
const at = (statusId: number) => [{ statusId, pipelineId: 1 }];
const CONTRACT = field(701, 'Contract number', 'text', { requiredStatuses: at(12) });
const CHANNEL = field(702, 'Sales channel', 'select', {
  requiredStatuses: at(WON_STATUS_ID),
  enums: [
    { id: 801, value: 'Retail', sort: 1 },
    { id: 802, value: 'Partner', sort: 2 },
  ],
});
const WHY = field(703, 'What went wrong', 'textarea', { requiredStatuses: at(LOST_STATUS_ID) });
const SCAN = field(704, 'Signed scan', 'file', { requiredStatuses: at(12) });

async function setup(fields: CustomField[], lead: Lead = makeLead(), opts: Parameters<typeof fakeServices>[1] = {}) {
  const { api, server } = fakeApi(lead, fields);
  const { services } = fakeServices(api, opts);
  const user = userEvent.setup();
  render(<LeadPanel leadId={lead.id} services={services} />);
  await screen.findByRole('heading', { name: lead.name });
  return { api, server, user };
}
const patches = (api: ReturnType<typeof fakeApi>['api']) => api.patchLead.mock.calls.map((c) => c[1]);
const status = () => screen.getByRole('status');

afterEach(cleanup);

describe('a move into a stage with required fields', () => {
  it('Next stage asks for the empty text field by name, in the panel; Enter sends the move and that field only', async () => {
    const { api, server, user } = await setup([CONTRACT, field(705, 'Unrelated', 'text', { requiredStatuses: at(21) })]);
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    const box = await screen.findByRole('textbox', { name: 'Contract number' });
    expect(box).toHaveFocus();
    expect(screen.queryByRole('textbox', { name: 'Unrelated' })).toBeNull();
    expect(status()).toHaveTextContent('Offer requires fields that are empty on this deal (1)');
    expect(api.patchLead).not.toHaveBeenCalled();
    await user.type(box, '  A-17/2026 {Enter}');
    await waitFor(() => expect(api.patchLead).toHaveBeenCalledTimes(1));
    expect(patches(api)).toEqual([
      { status_id: 12, pipeline_id: 1, custom_fields_values: [{ field_id: 701, values: [{ value: 'A-17/2026' }] }] },
    ]);
    await waitFor(() => expect(status()).toHaveTextContent('Stage changed to Offer.'));
    expect(server().statusId).toBe(12);
    expect(screen.queryByRole('textbox', { name: 'Contract number' })).toBeNull();
  });

  it('a required field already filled asks nothing: the move stays one click', async () => {
    const lead = makeLead({ customFields: [{ fieldId: 701, values: [{ value: 'A-1', enumId: null }] }] });
    const { api, user } = await setup([CONTRACT], lead);
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    await waitFor(() => expect(patches(api)).toEqual([{ status_id: 12, pipeline_id: 1 }]));
    expect(screen.queryByRole('group', { name: /Required for/ })).toBeNull();
  });

  it('Won with a required list field: a combobox named after it; nothing is sent until a value is chosen', async () => {
    const { api, user } = await setup([CHANNEL]);
    await user.click(screen.getByRole('button', { name: 'Won' }));
    const list = await screen.findByRole('combobox', { name: 'Sales channel' });
    await user.click(screen.getByRole('button', { name: 'Save and move' }));
    expect(list).toHaveAttribute('aria-invalid', 'true');
    expect(list).toHaveAccessibleDescription('Choose a value.');
    expect(screen.getByRole('alert')).toHaveTextContent('Check the fields marked below.');
    expect(api.patchLead).not.toHaveBeenCalled();
    await user.selectOptions(list, 'Partner');
    await user.click(screen.getByRole('button', { name: 'Save and move' }));
    await waitFor(() =>
      expect(patches(api)).toEqual([
        { status_id: WON_STATUS_ID, pipeline_id: 1, custom_fields_values: [{ field_id: 702, values: [{ enum_id: 802 }] }] },
      ]),
    );
  });

  it('Lost: the required field joins the loss reason, and "Close as lost" sends everything in one PATCH', async () => {
    const { api, user } = await setup([WHY], makeLead(), { panel: { lossReason: 'always' } });
    await user.click(screen.getByRole('button', { name: 'Lost' }));
    const reason = await screen.findByRole('combobox', { name: 'Loss reason' });
    expect(reason).toHaveFocus();
    await user.selectOptions(reason, 'Went silent');
    await user.type(screen.getByRole('textbox', { name: 'What went wrong' }), 'No budget this year');
    await user.click(screen.getByRole('button', { name: 'Close as lost' }));
    await waitFor(() =>
      expect(patches(api)).toEqual([
        {
          status_id: LOST_STATUS_ID,
          pipeline_id: 1,
          loss_reason_id: 8,
          custom_fields_values: [{ field_id: 703, values: [{ value: 'No budget this year' }] }],
        },
      ]),
    );
  });

  it('Cancel (or Escape) sends nothing, leaves the panel as it was and gives the focus back', async () => {
    const { api, user } = await setup([CONTRACT]);
    const next = screen.getByRole('button', { name: 'Next stage' });
    await user.click(next);
    await user.type(await screen.findByRole('textbox', { name: 'Contract number' }), 'draft');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('textbox', { name: 'Contract number' })).toBeNull();
    expect(next).toHaveFocus();
    await user.keyboard('{Enter}');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('textbox', { name: 'Contract number' })).toBeNull();
    expect(api.patchLead).not.toHaveBeenCalled();
    expect(screen.getByRole('combobox', { name: 'Stage' })).toHaveValue('1:11');
  });

  it('a required field the panel cannot edit blocks the move and names the field', async () => {
    const { api, user } = await setup([SCAN, CONTRACT]);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Stage' }), '1:12');
    const step = await screen.findByRole('group', { name: 'Required for Offer' });
    expect(within(step).getByRole('alert')).toHaveTextContent('Fill in Signed scan in the card first');
    await user.type(within(step).getByRole('textbox', { name: 'Contract number' }), 'A-1');
    await user.click(within(step).getByRole('button', { name: 'Save and move' }));
    expect(api.patchLead).not.toHaveBeenCalled();
    expect(screen.getByRole('combobox', { name: 'Stage' })).toHaveValue('1:11');
  });

  it('an invalid value is explained at its control and kept; nothing is sent', async () => {
    const amount = field(706, 'Units', 'numeric', { requiredStatuses: at(12) });
    const site = field(707, 'Order page', 'url', { requiredStatuses: at(12) });
    const { api, user } = await setup([amount, site]);
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    await user.type(await screen.findByRole('textbox', { name: 'Units' }), '12 pcs');
    await user.type(screen.getByRole('textbox', { name: 'Order page' }), 'shop/order/1');
    await user.click(screen.getByRole('button', { name: 'Save and move' }));
    expect(screen.getByRole('textbox', { name: 'Units' })).toHaveAccessibleDescription('Enter a number, e.g. 1500 or 12.5.');
    expect(screen.getByRole('textbox', { name: 'Units' })).toHaveValue('12 pcs');
    expect(screen.getByRole('textbox', { name: 'Order page' })).toHaveAccessibleDescription(
      'Enter a web address that starts with http:// or https://.',
    );
    expect(api.patchLead).not.toHaveBeenCalled();
    await user.clear(screen.getByRole('textbox', { name: 'Units' }));
    await user.type(screen.getByRole('textbox', { name: 'Units' }), '12,5');
    await user.clear(screen.getByRole('textbox', { name: 'Order page' }));
    await user.type(screen.getByRole('textbox', { name: 'Order page' }), 'https://shop.example/order/1');
    await user.click(screen.getByRole('button', { name: 'Save and move' }));
    await waitFor(() =>
      expect(patches(api)[0]).toEqual({
        status_id: 12,
        pipeline_id: 1,
        custom_fields_values: [
          { field_id: 706, values: [{ value: '12.5' }] },
          { field_id: 707, values: [{ value: 'https://shop.example/order/1' }] },
        ],
      }),
    );
  });

  it('a checkbox, a multi-select and a date each go in their own shape', async () => {
    const fields = [
      field(708, 'Contract signed', 'checkbox', { requiredStatuses: at(12) }),
      field(709, 'Regions', 'multiselect', {
        requiredStatuses: at(12),
        enums: [
          { id: 901, value: 'North', sort: 1 },
          { id: 902, value: 'South', sort: 2 },
        ],
      }),
      field(710, 'Delivery date', 'date', { requiredStatuses: at(12) }),
    ];
    const { api, user } = await setup(fields);
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Contract signed' }));
    const regions = screen.getByRole('group', { name: 'Regions' });
    await user.click(within(regions).getByRole('checkbox', { name: 'South' }));
    await user.type(screen.getByLabelText('Delivery date'), '2027-01-15');
    await user.click(screen.getByRole('button', { name: 'Save and move' }));
    await waitFor(() =>
      expect(patches(api)[0].custom_fields_values).toEqual([
        { field_id: 708, values: [{ value: true }] },
        { field_id: 709, values: [{ enum_id: 902 }] },
        { field_id: 710, values: [{ value: new Date(2027, 0, 15).getTime() / 1000 }] },
      ]),
    );
  });

  it('a 400 about custom_fields_values.N is shown at that field, with the typed values back and the deal where it was', async () => {
    const second = field(711, 'Buyer tax id', 'text', { requiredStatuses: at(12) });
    const { api, user } = await setup([CONTRACT, second]);
    api.patchLead.mockRejectedValueOnce(
      new ApiError('validation', {
        status: 400,
        problems: [{ path: 'custom_fields_values.1.values.0.value', code: 'InvalidValue', detail: 'Invalid tax id' }],
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    await user.type(await screen.findByRole('textbox', { name: 'Contract number' }), 'A-9');
    await user.type(screen.getByRole('textbox', { name: 'Buyer tax id' }), '123{Enter}');
    const tax = await screen.findByRole('textbox', { name: 'Buyer tax id' });
    await waitFor(() => expect(tax).toHaveAccessibleDescription('amoCRM did not accept this value: Invalid tax id'));
    expect(tax).toHaveValue('123');
    expect(screen.getByRole('textbox', { name: 'Contract number' })).toHaveValue('A-9');
    expect(screen.getByRole('textbox', { name: 'Contract number' })).not.toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('combobox', { name: 'Stage' })).toHaveValue('1:11');
  });

  it('without the admin\'s rules (their read failed) the deal does not move, and the user is told why', async () => {
    const { api, user } = await setup([CONTRACT]);
    api.getCustomFields.mockRejectedValue(new ApiError('server', { status: 500 }));
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(/amoCRM/));
    expect(api.patchLead).not.toHaveBeenCalled();
    expect(screen.getByRole('combobox', { name: 'Stage' })).toHaveValue('1:11');
    // The next attempt reads the rules again.
    api.getCustomFields.mockResolvedValue([CONTRACT]);
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    await screen.findByRole('textbox', { name: 'Contract number' });
  });

  it('with "Respect required fields" off, moves go at once and the rules are not even read', async () => {
    const { api, user } = await setup([CONTRACT], makeLead(), { panel: { respectRequiredFields: false } });
    await user.click(screen.getByRole('button', { name: 'Next stage' }));
    await waitFor(() => expect(patches(api)).toEqual([{ status_id: 12, pipeline_id: 1 }]));
    expect(api.getCustomFields).not.toHaveBeenCalled();
  });

  it('opening a card reads no rules; approaching the stage controls does, once', async () => {
    const { api, user } = await setup([CONTRACT]);
    expect(api.getCustomFields).not.toHaveBeenCalled();
    await user.hover(screen.getByRole('button', { name: 'Won' }));
    await user.hover(screen.getByRole('button', { name: 'Lost' }));
    await waitFor(() => expect(api.getCustomFields).toHaveBeenCalledTimes(1));
  });
});

describe('quick tags', () => {
  it('one "Add tag NAME" button for each quick tag the deal lacks; a click adds it, and Undo takes it back', async () => {
    const { api, user } = await setup([], makeLead(), { panel: { quickTags: ['vip', 'Hot', 'Callback'] } });
    expect(screen.queryByRole('button', { name: 'Add tag vip' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Add tag Hot' }));
    await waitFor(() => expect(patches(api)).toEqual([{ tags_to_add: [{ id: 2 }] }]));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Add tag Hot' })).toBeNull());
    expect(screen.getByRole('button', { name: 'Remove tag Hot' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(patches(api).at(-1)).toEqual({ tags_to_delete: [{ id: 2 }] }));
    await screen.findByRole('button', { name: 'Add tag Hot' });
    await user.click(screen.getByRole('button', { name: 'Add tag Callback' }));
    // A name the account does not know yet is created first, then added by id.
    await waitFor(() => expect(api.createTag).toHaveBeenCalledWith('Callback', expect.anything()));
  });
});
