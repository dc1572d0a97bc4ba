import { parseCustomFieldPage, parseLead } from '../api/parse';
import { fixture, makeLead } from '../api/testing';
import { applyPatch, stagePatch } from './patch';
import {
  controlFor,
  fieldPatch,
  isFieldEmpty,
  localMidnightSeconds,
  missingRequiredFields,
  numericText,
} from './required-fields';
import type { CustomField } from './types';

const field = (over: Partial<CustomField> & Pick<CustomField, 'id' | 'type'>): CustomField => ({
  name: `Field ${over.id}`,
  code: null,
  sort: over.id,
  enums: [],
  requiredStatuses: [],
  isApiOnly: false,
  ...over,
});
const AT = { statusId: 12, pipelineId: 1 };
const CHOICES = [
  { id: 501, value: 'Retail', sort: 1 },
  { id: 502, value: 'Wholesale', sort: 2 },
];

describe('which fields a move asks for', () => {
  it("the documented field list: the text field is required for status 41221 of pipeline 3142, the date field nowhere", () => {
    const { fields } = parseCustomFieldPage(fixture('custom_fields_list_doc.json'));
    const lead = makeLead({ statusId: 1, pipelineId: 3142 });
    expect(missingRequiredFields(fields, lead, { statusId: 41221, pipelineId: 3142 }).map((f) => f.name)).toEqual([
      'Пример текстового поля',
    ]);
    // The same status id in another pipeline is another stage.
    expect(missingRequiredFields(fields, lead, { statusId: 41221, pipelineId: 9999 })).toEqual([]);
    expect(missingRequiredFields(fields, lead, { statusId: 142, pipelineId: 3142 })).toEqual([]);
  });

  it('a field already filled is not asked; an empty or blank one is, in the account order', () => {
    const required = { requiredStatuses: [AT] };
    const fields = [
      field({ id: 3, type: 'text', sort: 30, ...required }),
      field({ id: 1, type: 'numeric', sort: 10, ...required }),
      field({ id: 2, type: 'select', sort: 20, enums: CHOICES, ...required }),
      field({ id: 4, type: 'text', sort: 5 }),
    ];
    const lead = makeLead({
      customFields: [
        { fieldId: 3, values: [{ value: '  ', enumId: null }] },
        { fieldId: 2, values: [{ value: 'Retail', enumId: 501 }] },
      ],
    });
    expect(missingRequiredFields(fields, lead, AT).map((f) => f.id)).toEqual([1, 3]);
  });

  it('every value shape of a real lead reads as filled; an unticked checkbox reads as empty', () => {
    const lead = parseLead(fixture('lead_real_many_field_types.json'));
    for (const { fieldId } of lead.customFields) {
      const type = (fixture('lead_real_many_field_types.json') as { custom_fields_values: { field_id: number; field_type: string }[] })
        .custom_fields_values.find((f) => f.field_id === fieldId)!.field_type;
      expect({ fieldId, empty: isFieldEmpty(lead, field({ id: fieldId, type })) }).toEqual({ fieldId, empty: false });
    }
    const box = field({ id: 7, type: 'checkbox' });
    expect(isFieldEmpty(makeLead({ customFields: [{ fieldId: 7, values: [{ value: false, enumId: null }] }] }), box)).toBe(true);
  });

  it('a file (or any value the API gives as an object) counts as filled', () => {
    const lead = parseLead({
      id: 1,
      status_id: 1,
      pipeline_id: 1,
      custom_fields_values: [
        { field_id: 9, field_type: 'file', values: [{ value: { file_uuid: 'a1b2', file_name: 'scan.pdf' } }] },
      ],
    });
    expect(isFieldEmpty(lead, field({ id: 9, type: 'file' }))).toBe(false);
    expect(isFieldEmpty(makeLead(), field({ id: 9, type: 'file' }))).toBe(true);
  });

  it('knows which types it can edit and which must be filled in the card', () => {
    expect(['text', 'numeric', 'textarea', 'url'].map(controlFor)).toEqual(['text', 'number', 'textarea', 'url']);
    expect(['select', 'radiobutton', 'multiselect', 'checkbox'].map(controlFor)).toEqual([
      'select',
      'select',
      'multiselect',
      'checkbox',
    ]);
    expect(['date', 'date_time', 'birthday'].map(controlFor)).toEqual(['date', 'date', 'date']);
    for (const type of ['file', 'smart_address', 'legal_entity', 'chained_list', 'tracking_data', 'monetary'])
      expect(controlFor(type)).toBeNull();
  });
});

describe('each value in its type shape (API.md), checked before sending', () => {
  it.each<[string, Partial<CustomField>, unknown, unknown]>([
    ['text', {}, '  Acme  ', [{ value: 'Acme' }]],
    ['textarea', {}, 'line 1\nline 2', [{ value: 'line 1\nline 2' }]],
    ['numeric', {}, '1 500,5', [{ value: '1500.5' }]],
    ['numeric', {}, '-007', [{ value: '-7' }]],
    ['url', {}, 'https://shop.example/a?b=1', [{ value: 'https://shop.example/a?b=1' }]],
    ['select', { enums: CHOICES }, '502', [{ enum_id: 502 }]],
    ['radiobutton', { enums: CHOICES }, '501', [{ enum_id: 501 }]],
    ['multiselect', { enums: CHOICES }, [502, 501, 999], [{ enum_id: 502 }, { enum_id: 501 }]],
    ['checkbox', {}, true, [{ value: true }]],
    ['date', {}, '2026-03-05', [{ value: new Date(2026, 2, 5).getTime() / 1000 }]],
    ['date_time', {}, '2026-12-31', [{ value: new Date(2026, 11, 31).getTime() / 1000 }]],
    ['birthday', {}, '1990-02-28', [{ value: new Date(1990, 1, 28).getTime() / 1000 }]],
  ])('%s %#', (type, over, draft, values) => {
    expect(fieldPatch(field({ id: 9, type, ...over }), draft as never)).toEqual({
      ok: true,
      patch: { field_id: 9, values },
    });
  });

  it.each<[string, Partial<CustomField>, unknown, string]>([
    ['text', {}, '   ', 'fields.error_blank'],
    ['numeric', {}, '12abc', 'fields.error_number'],
    ['numeric', {}, '1.2.3', 'fields.error_number'],
    ['url', {}, 'not a url', 'fields.error_url'],
    ['url', {}, 'javascript:alert(1)', 'fields.error_url'],
    ['select', { enums: CHOICES }, '', 'fields.error_choose'],
    ['select', { enums: CHOICES }, '777', 'fields.error_choose'],
    ['multiselect', { enums: CHOICES }, [], 'fields.error_choose_some'],
    ['checkbox', {}, false, 'fields.error_check'],
    ['date', {}, '2026-02-30', 'fields.error_date'],
    ['date', {}, '', 'fields.error_blank'],
    ['file', {}, 'x', 'fields.error_not_editable'],
  ])('%s refuses %p', (type, over, draft, errorKey) => {
    expect(fieldPatch(field({ id: 9, type, ...over }), draft as never)).toEqual({ ok: false, errorKey });
  });

  it('numbers as people type them', () => {
    expect(numericText('0.50')).toBe('0.50');
    expect(numericText('12 000')).toBe('12000');
    expect(numericText('')).toBeNull();
    expect(localMidnightSeconds('2026-13-01')).toBeNull();
  });
});

describe('one PATCH carries the move and the fields', () => {
  it('status, pipeline, reason and exactly the fields given; the optimistic lead shows them filled', () => {
    const lead = makeLead();
    const fields = [{ field_id: 9, values: [{ value: 'Acme' }] }];
    const lost = { id: 143, name: 'Lost', sort: 2, color: '#000000', pipelineId: 1, kind: 'lost' as const };
    const built = stagePatch(lead, lost, 7, fields);
    expect(built).toEqual({
      ok: true,
      patch: { status_id: 143, pipeline_id: 1, loss_reason_id: 7, custom_fields_values: fields },
    });
    const shown = applyPatch(lead, built.ok ? built.patch : {});
    expect(isFieldEmpty(shown, field({ id: 9, type: 'text' }))).toBe(false);
    const plain = stagePatch(lead, { ...lost, id: 12, kind: 'open' });
    expect(plain.ok && 'custom_fields_values' in plain.patch).toBe(false);
  });
});
