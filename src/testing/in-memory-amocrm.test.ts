// The sandbox's in-memory amoCRM on its own (the same gate and routes its HTTP server serves): the custom-field
// list and values the required-fields step needs, the seed's required-field demonstrations, the gate and faults.
// The HTTP side is e2e/sandbox-api.test.ts.
import { createInMemoryAmo } from '../../sandbox/in-memory';
import { createApiClient } from '../api/client';
import { parseCustomFieldPage, parseLead } from '../api/parse';
import { fakeClock, fixture } from '../api/testing';
import { controlFor, missingRequiredFields } from '../domain';
import { amoTransport, buildSeed, createTestAmo, type InMemoryAmo } from './amocrm';
import { LOST_STATUS_ID, WON_STATUS_ID } from '../domain/stages';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(amo: InMemoryAmo, method: 'GET' | 'PATCH' | 'POST', url: string, body?: unknown) {
  const answer = await amo.send({ method, url, body });
  return { ...answer, json: (answer.text ? JSON.parse(answer.text) : null) as Json };
}

/** The sandbox's own seed (sandbox/seed.js), without the rate limit. */
const seeded = () => createInMemoryAmo({ rateLimit: Infinity });

describe('GET /api/v4/leads/custom_fields over the seed', () => {
  const amo = seeded();

  test('pages of 50 (even when more is asked) with _page, _page_count and _links.next; 204 past the end', async () => {
    const first = await call(amo, 'GET', '/api/v4/leads/custom_fields');
    expect(Object.keys(first.json).sort()).toEqual(
      Object.keys(fixture('custom_fields_list_doc.json') as Json).sort(),
    );
    expect(first.json).toMatchObject({ _page: 1, _page_count: 2 });
    expect(first.json._total_items).toBeGreaterThan(50);
    expect(first.json._embedded.custom_fields).toHaveLength(50);
    expect(first.json._links.next.href).toContain('page=2');
    const second = await call(amo, 'GET', first.json._links.next.href.replace(/^https?:\/\/[^/]+/, ''));
    expect(second.json._page).toBe(2);
    expect(second.json._links.next).toBeUndefined();
    expect(first.json._embedded.custom_fields.length + second.json._embedded.custom_fields.length).toBe(
      first.json._total_items,
    );
    expect((await call(amo, 'GET', '/api/v4/leads/custom_fields?page=3')).status).toBe(204);
    // "Up to 50 fields per request": a bigger `limit` still gets 50 and a `next` link that keeps the limit.
    const asked = await call(amo, 'GET', '/api/v4/leads/custom_fields?limit=250&page=1');
    expect(asked.json._embedded.custom_fields).toHaveLength(50);
    expect(asked.json._links.next.href).toContain('limit=250');
  });

  test('fields of every kind; enums on choices; the admin rules as required_statuses (null when none)', async () => {
    const pages = [1, 2].map((page) => call(amo, 'GET', `/api/v4/leads/custom_fields?limit=250&page=${page}`));
    const fields: Json[] = (await Promise.all(pages)).flatMap((p) => p.json._embedded.custom_fields);
    const types = new Set(fields.map((f) => f.type));
    for (const type of [
      'text',
      'numeric',
      'textarea',
      'url',
      'select',
      'radiobutton',
      'multiselect',
      'checkbox',
    ])
      expect(types).toContain(type);
    for (const type of [
      'date',
      'date_time',
      'birthday',
      'file',
      'smart_address',
      'legal_entity',
      'chained_list',
    ])
      expect(types).toContain(type);
    expect(types).toContain('tracking_data');
    for (const f of fields) {
      if (['select', 'radiobutton', 'multiselect'].includes(f.type))
        expect(f.enums).toEqual(
          expect.arrayContaining([
            { id: expect.any(Number), value: expect.any(String), sort: expect.any(Number), code: null },
          ]),
        );
      else expect(f.enums).toBeNull();
      expect(f.required_statuses === null || f.required_statuses.length > 0).toBe(true);
    }
    const rule = (name: string) => fields.find((f) => f.name === name)!.required_statuses;
    expect(rule('Потребность клиента')).toEqual([{ status_id: 10002, pipeline_id: 3001 }]);
    expect(rule('Способ оплаты')).toEqual([{ status_id: WON_STATUS_ID, pipeline_id: 3001 }]);
    expect(rule('Комментарий к отказу')).toEqual([{ status_id: LOST_STATUS_ID, pipeline_id: 3001 }]);
    expect(fields.find((f) => f.type === 'file' && f.required_statuses)).toMatchObject({
      required_statuses: [{ status_id: 10202, pipeline_id: 3003 }],
    });
  });

  test("the widget's client reads every field in one 250-field page and parses the rules", async () => {
    const api = createApiClient({ transport: amoTransport(amo) });
    const fields = await api.getCustomFields();
    expect(fields.length).toBeGreaterThan(50);
    expect(fields.find((f) => f.name === 'Потребность клиента')!.requiredStatuses).toEqual([
      { statusId: 10002, pipelineId: 3001 },
    ]);
  });
});

describe('the seed demonstrates the required-field rule (sandbox/README.md lists these)', () => {
  const amo = seeded();
  /** What the domain's rule says is missing for a move of `leadId` into `statusId` of `pipelineId`. */
  async function missing(leadId: number, pipelineId: number, statusId: number) {
    const fields = parseCustomFieldPage(
      (await call(amo, 'GET', '/api/v4/leads/custom_fields?limit=250')).json,
    ).fields;
    const lead = parseLead((await call(amo, 'GET', `/api/v4/leads/${leadId}`)).json);
    return missingRequiredFields(fields, lead, { statusId, pipelineId }).map((f) =>
      controlFor(f.type) ? f.name : `${f.name} (${f.type}: not editable)`,
    );
  }

  test.each([
    ['1001 Next stage: a text field is asked', 1001, 3001, 10002, ['Потребность клиента']],
    ['1013 Next stage: already filled, nothing asked', 1013, 3001, 10002, []],
    ['1007 Next stage: a number and a date', 1007, 3001, 10004, ['Номер счёта', 'Дата счёта']],
    ['1004 Won: a select', 1004, 3001, WON_STATUS_ID, ['Способ оплаты']],
    ['1016 Won: already filled', 1016, 3001, WON_STATUS_ID, []],
    ['1004 Lost: a textarea beside the loss reason', 1004, 3001, LOST_STATUS_ID, ['Комментарий к отказу']],
    [
      '1003 Next stage: a file — the move must be refused',
      1003,
      3003,
      10202,
      ['Договор о пилоте (скан) (file: not editable)'],
    ],
    [
      '1006 Won: only the three still empty',
      1006,
      3003,
      WON_STATUS_ID,
      ['Уровень партнёрства', 'Регионы работы', 'Соглашение о неразглашении подписано'],
    ],
    ['1012 Won: all four filled', 1012, 3003, WON_STATUS_ID, []],
    [
      '1018 Won: nothing filled, all four asked',
      1018,
      3003,
      WON_STATUS_ID,
      ['Уровень партнёрства', 'Сайт партнёра', 'Регионы работы', 'Соглашение о неразглашении подписано'],
    ],
    ['1009 Next stage: the file again', 1009, 3003, 10202, ['Договор о пилоте (скан) (file: not editable)']],
    ['1002 (Опт) Won: no rules in that pipeline', 1002, 3002, WON_STATUS_ID, []],
  ])('%s', async (_what, leadId, pipelineId, statusId, expected) => {
    const lead = amo.state().leads.find((l) => l.id === leadId)!;
    expect(lead.pipeline_id).toBe(pipelineId);
    expect(await missing(leadId, pipelineId, statusId)).toEqual(expected);
  });

  test('1015 carries a filled file field: its value is an object (file_uuid, file_name, ...), not text', async () => {
    const lead = (await call(amo, 'GET', '/api/v4/leads/1015')).json;
    expect(lead.custom_fields_values.find((f: Json) => f.field_type === 'file').values).toEqual([
      { value: expect.objectContaining({ file_uuid: expect.any(String), file_name: 'pilot-export.pdf' }) },
    ]);
  });

  test('1001 has no values at all: custom_fields_values is null', async () => {
    expect((await call(amo, 'GET', '/api/v4/leads/1001')).json.custom_fields_values).toBeNull();
  });
});

describe('PATCH custom_fields_values', () => {
  const patch = (amo: InMemoryAmo, values: unknown, more: Json = {}) =>
    call(amo, 'PATCH', '/api/v4/leads/5', { ...more, custom_fields_values: values });
  const stored = (amo: InMemoryAmo) => JSON.stringify(amo.state().leads[0]);

  test('every writable type in its shape; GET shows them as amoCRM does; only the fields sent change', async () => {
    const { amo } = createTestAmo({
      seed: buildSeed({
        fields: [
          { id: 1, name: 'Text', type: 'text', code: null, sort: 1 },
          { id: 2, name: 'Number', type: 'numeric', code: null, sort: 2 },
          { id: 3, name: 'Long text', type: 'textarea', code: null, sort: 3 },
          { id: 4, name: 'Site', type: 'url', code: null, sort: 4 },
          { id: 5, name: 'Address', type: 'streetaddress', code: null, sort: 5 },
          { id: 6, name: 'Yes', type: 'checkbox', code: null, sort: 6 },
          { id: 7, name: 'Day', type: 'date', code: null, sort: 7 },
          { id: 8, name: 'At', type: 'date_time', code: null, sort: 8 },
          { id: 9, name: 'Born', type: 'birthday', code: null, sort: 9 },
          ...(['select', 'radiobutton', 'multiselect'] as const).map((type, i) => ({
            id: 10 + i,
            name: type,
            type,
            code: null,
            sort: 10 + i,
            enums: [
              { id: 100 + i * 10 + 1, value: 'One', sort: 1, code: 'ONE' },
              { id: 100 + i * 10 + 2, value: 'Two', sort: 2, code: null },
            ],
          })),
          { id: 20, name: 'utm_source', type: 'tracking_data', code: 'UTM_SOURCE', sort: 20 },
        ],
        lead: { custom_fields_values: [{ field_id: 3, values: [{ value: 'kept' }] }] },
      }),
    });
    const res = await patch(amo, [
      { field_id: 1, values: [{ value: 'Срочно' }] },
      { field_id: 2, values: [{ value: '1.5' }] },
      { field_id: 4, values: [{ value: 'https://example.ru' }] },
      { field_id: 5, values: [{ value: 'Тверская, 1' }] },
      { field_id: 6, values: [{ value: false }] },
      { field_id: 7, values: [{ value: 1735689600 }] },
      { field_id: 8, values: [{ value: '2025-01-01T12:30:00+03:00' }] },
      { field_id: 9, values: [{ value: '1990-05-14T00:00:00Z' }] },
      { field_id: 10, values: [{ enum_id: 102 }] },
      { field_id: 11, values: [{ value: 'One' }] },
      { field_id: 12, values: [{ enum_code: 'ONE' }, { enum_id: 122 }] },
      { field_code: 'UTM_SOURCE', values: [{ value: 'yandex' }] },
    ]);
    expect(res.status).toBe(200);
    const values = (await call(amo, 'GET', '/api/v4/leads/5')).json.custom_fields_values as Json[];
    const byId = Object.fromEntries(values.map((f) => [f.field_id, f]));
    expect(byId[3]).toEqual({
      field_id: 3,
      field_name: 'Long text',
      field_code: null,
      field_type: 'textarea',
      values: [{ value: 'kept' }],
    });
    expect(byId[2].values).toEqual([{ value: '1.5' }]);
    expect(byId[6].values).toEqual([{ value: false }]);
    expect(byId[8].values).toEqual([{ value: Date.parse('2025-01-01T12:30:00+03:00') / 1000 }]);
    expect(byId[9].values).toEqual([{ value: Date.parse('1990-05-14T00:00:00Z') / 1000 }]);
    expect(byId[10].values).toEqual([{ value: 'Two', enum_id: 102, enum_code: null }]);
    expect(byId[11].values).toEqual([{ value: 'One', enum_id: 111, enum_code: 'ONE' }]);
    expect(byId[12].values.map((v: Json) => v.enum_id)).toEqual([121, 122]);
    expect(byId[20]).toMatchObject({ field_code: 'UTM_SOURCE', values: [{ value: 'yandex' }] });
    // values: null clears a field; the lead's list is null once nothing is left.
    await patch(
      amo,
      values.map((f) => ({ field_id: f.field_id, values: null })),
    );
    expect((await call(amo, 'GET', '/api/v4/leads/5')).json.custom_fields_values).toBeNull();
  });

  test.each([
    ['not an array', { field_id: 301 }, 'custom_fields_values', 'InvalidType'],
    ['an item that is no object', ['x'], 'custom_fields_values.0', 'InvalidType'],
    [
      'no field_id or field_code',
      [{ values: [{ value: 'a' }] }],
      'custom_fields_values.0.field_id',
      'NotBlank',
    ],
    [
      'an unknown field',
      [{ field_id: 999, values: [{ value: 'a' }] }],
      'custom_fields_values.0.field_id',
      'NotSupportedChoice',
    ],
    [
      'an unknown code',
      [{ field_code: 'NOPE', values: [{ value: 'a' }] }],
      'custom_fields_values.0.field_code',
      'NotSupportedChoice',
    ],
    [
      'values not a list',
      [{ field_id: 301, values: { value: 'a' } }],
      'custom_fields_values.0.values',
      'InvalidType',
    ],
    ['an empty list', [{ field_id: 301, values: [] }], 'custom_fields_values.0.values', 'InvalidType'],
    [
      'text as a number',
      [{ field_id: 301, values: [{ value: 5 }] }],
      'custom_fields_values.0.values.0.value',
      'InvalidType',
    ],
    [
      'numeric as a number',
      [{ field_id: 302, values: [{ value: 5 }] }],
      'custom_fields_values.0.values.0.value',
      'InvalidType',
    ],
    [
      'numeric not a number',
      [{ field_id: 302, values: [{ value: '1,5' }] }],
      'custom_fields_values.0.values.0.value',
      'InvalidType',
    ],
    [
      'checkbox as a string',
      [{ field_id: 304, values: [{ value: 'yes' }] }],
      'custom_fields_values.0.values.0.value',
      'InvalidType',
    ],
    [
      'a date in words',
      [{ field_id: 305, values: [{ value: 'tomorrow' }] }],
      'custom_fields_values.0.values.0.value',
      'InvalidType',
    ],
    [
      'a date without time zone',
      [{ field_id: 305, values: [{ value: '2025-01-01' }] }],
      'custom_fields_values.0.values.0.value',
      'InvalidType',
    ],
    [
      'an unknown enum id',
      [{ field_id: 303, values: [{ enum_id: 1 }] }],
      'custom_fields_values.0.values.0.enum_id',
      'NotSupportedChoice',
    ],
    [
      'an unknown enum value',
      [{ field_id: 303, values: [{ value: 'Cash' }] }],
      'custom_fields_values.0.values.0.value',
      'NotSupportedChoice',
    ],
    [
      'an unknown enum code',
      [{ field_id: 306, values: [{ enum_code: 'EAST' }] }],
      'custom_fields_values.0.values.0.enum_code',
      'NotSupportedChoice',
    ],
    [
      'a choice without a key',
      [{ field_id: 303, values: [{}] }],
      'custom_fields_values.0.values.0',
      'InvalidType',
    ],
    [
      'two values for a select',
      [{ field_id: 303, values: [{ enum_id: 3031 }, { enum_id: 3032 }] }],
      'custom_fields_values.0.values.1',
      'InvalidType',
    ],
    [
      'a file field',
      [{ field_id: 307, values: [{ value: 'scan.pdf' }] }],
      'custom_fields_values.0.values',
      'InvalidType',
    ],
  ])('%s → 400 with the path into the request; nothing changes', async (_what, values, path, code) => {
    const { amo } = createTestAmo();
    const before = stored(amo);
    // A valid price and field beside the bad one: all or nothing.
    const res = await patch(amo, Array.isArray(values) ? [...values] : values, { price: 7 });
    expect(res.status).toBe(400);
    expect(res.contentType).toBe('application/problem+json');
    expect(res.json['validation-errors']).toEqual([
      { request_id: '0', errors: [expect.objectContaining({ path, code, detail: expect.any(String) })] },
    ]);
    expect(stored(amo)).toBe(before);
  });

  test('in a batch, the path starts with the item and no item is applied', async () => {
    const { amo } = createTestAmo({ seed: buildSeed({ moreLeads: [{ id: 6 }] }) });
    const before = JSON.stringify(amo.state().leads);
    const res = await call(amo, 'PATCH', '/api/v4/leads', [
      { id: 5, custom_fields_values: [{ field_id: 301, values: [{ value: 'ok' }] }] },
      {
        id: 6,
        custom_fields_values: [
          { field_id: 301, values: [{ value: 'ok' }] },
          { field_id: 1, values: [] },
        ],
      },
    ]);
    expect(res.json['validation-errors'][0]).toEqual({
      request_id: '1',
      errors: [
        expect.objectContaining({ path: '1.custom_fields_values.1.field_id', code: 'NotSupportedChoice' }),
      ],
    });
    expect(JSON.stringify(amo.state().leads)).toBe(before);
  });

  test('the API does not enforce required_statuses: a move without the required fields is accepted', async () => {
    const amo = seeded();
    const res = await call(amo, 'PATCH', '/api/v4/leads/1001', { status_id: 10002, pipeline_id: 3001 });
    expect(res.status).toBe(200);
    expect(amo.state().leads.find((l) => l.id === 1001)!.status_id).toBe(10002);
  });
});

describe('the request gate and the faults, without HTTP', () => {
  test('without the session: 401 problem+json', async () => {
    const { amo } = createTestAmo();
    const res = await amo.send({ method: 'GET', url: '/api/v4/leads/5', session: false });
    expect(res.status).toBe(401);
    expect(Object.keys(JSON.parse(res.text)).sort()).toEqual(
      Object.keys(fixture('error_401_real.json') as Json).sort(),
    );
  });

  test('8 requests in a second: the 8th is a 429 page; a second later all is well; 20 refusals block the API', async () => {
    const { clock, advance } = fakeClock();
    const { amo } = createTestAmo({ clock });
    const statuses = async (n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++)
        out.push((await amo.send({ method: 'GET', url: '/api/v4/account' })).status);
      return out;
    };
    expect(await statuses(8)).toEqual([200, 200, 200, 200, 200, 200, 200, 429]);
    await advance(1000);
    expect(await statuses(1)).toEqual([200]);
    await statuses(26);
    const blocked = await amo.send({ method: 'GET', url: '/api/v4/account' });
    expect(blocked).toMatchObject({ status: 403, contentType: 'text/html' });
    expect(blocked.text).toContain('nginx');
    await advance(31000);
    expect(await statuses(1)).toEqual([200]);
  });

  test.each([
    ['400', 400, 'application/problem+json'],
    ['401', 401, 'application/problem+json'],
    ['402', 402, 'application/problem+json'],
    ['403', 403, 'application/problem+json'],
    ['403html', 403, 'text/html'],
    ['429', 429, 'text/html'],
    ['500', 500, 'text/html'],
    ['malformed', 200, 'application/hal+json'],
    ['empty', 200, 'application/hal+json'],
  ] as const)('an armed %s answers the matching request once', async (kind, status, contentType) => {
    const { amo } = createTestAmo();
    amo.arm({ kind, method: 'GET', path: '/api/v4/leads/5' });
    expect((await amo.send({ method: 'GET', url: '/api/v4/account' })).status).toBe(200);
    expect(await amo.send({ method: 'GET', url: '/api/v4/leads/5' })).toMatchObject({ status, contentType });
    expect((await amo.send({ method: 'GET', url: '/api/v4/leads/5' })).status).toBe(200);
  });

  test('network throws as fetch does; timeout answers nothing until the request is aborted', async () => {
    const { amo } = createTestAmo();
    amo.arm({ kind: 'network' });
    await expect(amo.send({ method: 'GET', url: '/api/v4/account' })).rejects.toThrow(TypeError);
    amo.arm({ kind: 'timeout' });
    const controller = new AbortController();
    const pending = amo.send({ method: 'GET', url: '/api/v4/account', signal: controller.signal });
    let settled = false;
    pending.catch(() => undefined).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(amo.requests.map((r) => r.status)).toEqual([-1, -1]);
  });

  test('a write pushes the live event listenSocketChannel hears, with old and new values', async () => {
    const { amo } = createTestAmo();
    const heard: unknown[] = [];
    amo.onMessage((m) => heard.push(m));
    await amo.send({ method: 'PATCH', url: '/api/v4/leads/5', body: { price: 250 } });
    expect(heard).toEqual([
      {
        body: {
          channel: 'leads:card:5',
          payload: expect.objectContaining({
            id: 5,
            data: { params: { old_value: { price: 100 }, new_value: { price: 250 } } },
          }),
        },
      },
    ]);
  });
});
