// The sandbox's API v4 mock over HTTP, without a browser: shapes, validation, rights, limits, faults, persistence.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startSandbox, type Sandbox } from './browser';
import { createControlClient } from '../sandbox/control-client';
import type { FaultKind } from '../sandbox/types';

const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../shared/fixtures', name), 'utf8'));
const COOKIE = { cookie: 'amo_session=sandbox-session' };

let sandbox: Sandbox;
let dataFile: string;

beforeAll(async () => {
  dataFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lqa-api-')), 'state.json');
  // The rate limit has its own test with its own sandbox: here it would only get in the way.
  sandbox = await startSandbox({ dataFile, rateLimit: 1000 });
});
afterAll(() => sandbox?.close());

async function api(method: string, url: string, body?: unknown, headers: Record<string, string> = COOKIE) {
  const response = await fetch(`${sandbox.url}${url.slice(1)}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    text,
    // Responses are read field by field in the assertions below; their exact shapes are what is under test.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    json: json as any,
  };
}

/** The control API over HTTP, through the one control client. */
const control = () => createControlClient({ baseUrl: sandbox.url });

const lead = (id: number) => sandbox.state().leads.find((l) => l.id === id)!;

test('without the session cookie the host page sets, every API call is 401 problem+json', async () => {
  const res = await api('GET', '/api/v4/leads/1001', undefined, {});
  expect(res.status).toBe(401);
  expect(res.type).toContain('application/problem+json');
  expect(Object.keys(res.json).sort()).toEqual(Object.keys(fixture('error_401_real.json')).sort());
  const page = await fetch(sandbox.url);
  expect(page.headers.get('set-cookie')).toContain('amo_session=sandbox-session');
});

test('a lead is shaped like the fixtures: HAL links, tags "RRGGBB", numeric values as strings, embedded arrays', async () => {
  const res = await api('GET', '/api/v4/leads/1002?with=contacts,loss_reason,source_id');
  expect(res.status).toBe(200);
  expect(res.type).toContain('application/hal+json');
  const doc = fixture('lead_with_embedded_loss_reason_contacts_source_doc.json');
  for (const key of Object.keys(doc)) if (key !== 'source_id') expect(res.json).toHaveProperty([key]);
  expect(res.json._links.self.href).toMatch(/\/api\/v4\/leads\/1002$/);
  expect(res.json.custom_fields_values[0].values[0].value).toEqual(expect.any(String));
  for (const tag of res.json._embedded.tags)
    expect(tag.color === null || /^[0-9A-F]{6}$/.test(tag.color)).toBe(true);
  expect(res.json._embedded.contacts[0]).toEqual({
    id: expect.any(Number),
    is_main: true,
    _links: expect.any(Object),
  });
  expect(res.json._embedded.loss_reason).toEqual([]);
  const lost = await api('GET', '/api/v4/leads/1023?with=loss_reason');
  expect(lost.json._embedded.loss_reason).toEqual([
    expect.objectContaining({ id: 501, name: 'Дорого', sort: 1 }),
  ]);
  const plain = await api('GET', '/api/v4/leads/1001');
  expect(plain.json._embedded).not.toHaveProperty('contacts');
  expect(plain.json.custom_fields_values).toBeNull();
});

test('a missing lead is 204 with an empty body; so is a tag search without matches', async () => {
  for (const url of ['/api/v4/leads/999999', '/api/v4/leads/tags?query=nothing-like-this']) {
    const res = await api('GET', url);
    expect({ url, status: res.status, text: res.text }).toEqual({ url, status: 204, text: '' });
  }
});

test('pipelines: every one has Unsorted (type 1) and renamed 142/143; colours "#rrggbb"', async () => {
  const res = await api('GET', '/api/v4/leads/pipelines');
  const pipelines = res.json._embedded.pipelines;
  expect(pipelines.length).toBeGreaterThanOrEqual(3);
  expect(res.json._total_items).toBe(pipelines.length);
  const names = new Set<string>();
  for (const p of pipelines) {
    const statuses = p._embedded.statuses;
    expect(statuses.filter((s: { type: number }) => s.type === 1)).toHaveLength(1);
    expect(statuses.map((s: { id: number }) => s.id)).toEqual(expect.arrayContaining([142, 143]));
    for (const s of statuses) expect(s.color).toMatch(/^#[0-9a-fA-F]{6}$/);
    names.add(statuses.find((s: { id: number }) => s.id === 142).name);
  }
  expect([...names]).not.toContain('Успешно реализовано');
});

test('PATCH answers {id, updated_at, _links}, changes only what was sent, and pushes a live event', async () => {
  const events = await fetch(control().eventsUrl);
  const reader = events.body!.getReader();
  const before = { ...lead(1003), tags: [...lead(1003).tags] };
  const res = await api('PATCH', '/api/v4/leads/1003', { price: 123456 });
  expect(res.status).toBe(200);
  expect(Object.keys(res.json).sort()).toEqual(
    Object.keys(fixture('lead_patch_single_response_doc.json')).sort(),
  );
  expect(lead(1003)).toMatchObject({
    price: 123456,
    name: before.name,
    status_id: before.status_id,
    tags: before.tags,
  });
  let received = '';
  while (!received.includes('leads:card:1003'))
    received += new TextDecoder().decode((await reader.read()).value);
  const event = JSON.parse(
    received
      .split('\n')
      .find((line) => line.startsWith('data: ') && line.includes('leads:card:1003'))!
      .slice('data: '.length),
  );
  // The raw socket message listenSocketChannel filters (§4a); the payload mirrors the docs' data.params.old_value.
  expect(event).toEqual({
    body: {
      channel: 'leads:card:1003',
      payload: {
        entity: 'leads',
        id: 1003,
        updated_at: lead(1003).updated_at,
        data: { params: { old_value: { price: before.price }, new_value: { price: 123456 } } },
      },
    },
  });
  await reader.cancel();
});

test.each([
  ['an unknown field', { foo: 1 }, 'foo', 'FieldNotExpected'],
  ['a negative budget', { price: -1 }, 'price', 'InvalidType'],
  ['a fractional budget', { price: 10.5 }, 'price', 'InvalidType'],
  ['a budget above 2^31-1', { price: 2147483648 }, 'price', 'InvalidType'],
  ['a budget as a string', { price: '100' }, 'price', 'InvalidType'],
  ['a stage of another pipeline', { status_id: 10101, pipeline_id: 3001 }, 'status_id', 'NotSupportedChoice'],
  ['won without pipeline_id', { status_id: 142 }, 'pipeline_id', 'NotSupportedChoice'],
  ['a move into Unsorted', { status_id: 10000, pipeline_id: 3001 }, 'status_id', 'NotSupportedChoice'],
  [
    'an unknown loss reason',
    { status_id: 143, pipeline_id: 3001, loss_reason_id: 9 },
    'loss_reason_id',
    'NotSupportedChoice',
  ],
  ['tags_to_add not an array', { tags_to_add: { name: 'x' } }, 'tags_to_add', 'InvalidType'],
  ['a blank tag name', { tags_to_add: [{ name: '  ' }] }, 'tags_to_add.0.name', 'NotBlank'],
  ['an unknown tag id', { tags_to_add: [{ id: 1 }] }, 'tags_to_add.0.id', 'NotSupportedChoice'],
])(
  'PATCH with %s: 400 validation-errors with the path into the request, nothing changed',
  async (_name, body, pathInto, code) => {
    const before = JSON.stringify(lead(1004));
    const res = await api('PATCH', '/api/v4/leads/1004', body);
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(Object.keys(res.json).sort()).toEqual(
      Object.keys(fixture('error_400_validation_real.json')).sort(),
    );
    expect(res.json['validation-errors'][0]).toEqual({
      request_id: '0',
      errors: [expect.objectContaining({ path: pathInto, code, detail: expect.any(String) })],
    });
    expect(JSON.stringify(lead(1004))).toBe(before);
  },
);

test('loss_reason_id outside status 143 is the real "Invalid request body" error; with 143 it is kept', async () => {
  const res = await api('PATCH', '/api/v4/leads/1005', { loss_reason_id: 502 });
  const real = fixture('error_400_invalid_request_body_loss_reason_real.json');
  expect(res.status).toBe(400);
  expect(res.json).toEqual({ ...real, errors: { 1005: real.errors[Object.keys(real.errors)[0]] } });
  const lost = await api('PATCH', '/api/v4/leads/1005', {
    status_id: 143,
    pipeline_id: 3003,
    loss_reason_id: 502,
  });
  expect(lost.status).toBe(200);
  expect(lead(1005)).toMatchObject({
    status_id: 143,
    pipeline_id: 3003,
    loss_reason_id: 502,
    closed_at: expect.any(Number),
  });
  await api('PATCH', '/api/v4/leads/1005', { status_id: 10201, pipeline_id: 3003 });
  expect(lead(1005)).toMatchObject({ status_id: 10201, loss_reason_id: null, closed_at: null });
});

test('tags: tags_to_add by id or name (a new name creates the tag), tags_to_delete, _embedded.tags replaces and wins', async () => {
  await api('PATCH', '/api/v4/leads/1006', { tags_to_add: [{ id: 2001 }, { name: 'Совсем новый' }] });
  const created = sandbox.state().tags.find((t) => t.name === 'Совсем новый')!;
  expect(created).toMatchObject({ id: expect.any(Number), color: null });
  expect(lead(1006).tags.map((t) => t.id)).toEqual(expect.arrayContaining([2001, created.id]));
  await api('PATCH', '/api/v4/leads/1006', { tags_to_delete: [{ name: 'совсем новый' }] });
  expect(lead(1006).tags.map((t) => t.id)).not.toContain(created.id);
  await api('PATCH', '/api/v4/leads/1006', {
    tags_to_add: [{ id: 2003 }],
    _embedded: { tags: [{ id: 2005 }] },
  });
  expect(lead(1006).tags.map((t) => t.id)).toEqual([2005]);
  await api('PATCH', '/api/v4/leads/1006', { _embedded: { tags: null } });
  expect(lead(1006).tags).toEqual([]);
});

test('tag directory: query and limit, paging links, POST returns the existing id for an existing name', async () => {
  const res = await api('GET', '/api/v4/leads/tags?query=%D0%BE&limit=2');
  expect(res.json._embedded.tags).toHaveLength(2);
  expect(res.json._links.next.href).toContain('page=2');
  for (const t of res.json._embedded.tags) expect(t.name.toLowerCase()).toContain('о');
  const post = await api('POST', '/api/v4/leads/tags', [{ name: 'VIP' }, { name: 'Ещё один тег' }]);
  expect(post.status).toBe(200);
  expect(post.json._embedded.tags[0]).toMatchObject({ id: 2001, name: 'VIP', request_id: '0' });
  expect(post.json._embedded.tags[1]).toMatchObject({ name: 'Ещё один тег', id: expect.any(Number) });
});

test('batch PATCH: all or nothing, errors point at the item, success lists each lead', async () => {
  const before = [lead(1007).price, lead(1008).price];
  const bad = await api('PATCH', '/api/v4/leads', [
    { id: 1007, price: 1 },
    { id: 1008, price: -5 },
  ]);
  expect(bad.status).toBe(400);
  expect(bad.json['validation-errors'][0]).toEqual({
    request_id: '1',
    errors: [expect.objectContaining({ path: '1.price' })],
  });
  expect([lead(1007).price, lead(1008).price]).toEqual(before);
  const ok = await api('PATCH', '/api/v4/leads', [
    { id: 1007, price: 1 },
    { id: 1008, price: 2, request_id: 'mine' },
  ]);
  expect(
    ok.json._embedded.leads.map((l: { id: number; request_id?: string }) => [l.id, l.request_id]),
  ).toEqual([
    [1007, undefined],
    [1008, 'mine'],
  ]);
  expect([lead(1007).price, lead(1008).price]).toEqual([1, 2]);
});

test('reference data: loss reasons, account with is_loss_reason_enabled and currency, a contact', async () => {
  const reasons = await api('GET', '/api/v4/leads/loss_reasons');
  expect(reasons.json._embedded.loss_reasons[0]).toEqual(
    expect.objectContaining({
      id: 501,
      name: 'Дорого',
      sort: 1,
      created_at: expect.any(Number),
      _links: expect.any(Object),
    }),
  );
  const account = await api('GET', '/api/v4/account');
  expect(account.json).toMatchObject({
    is_loss_reason_enabled: true,
    currency: 'RUB',
    current_user_id: 11,
    subdomain: 'sandbox',
  });
  const contact = await api('GET', '/api/v4/contacts/4001');
  expect(contact.json).toMatchObject({ id: 4001, name: expect.any(String) });
});

test('users, contacts, custom fields, task types and tasks: what a widget reads of the account besides deals', async () => {
  const users = await api('GET', '/api/v4/users?limit=100&page=1');
  expect(Object.keys(users.json).sort()).toEqual(
    Object.keys(fixture('users_list_with_rights_doc.json')).sort(),
  );
  const ids = users.json._embedded.users.map((u: { id: number }) => u.id);
  // Every deal's responsible user is one of the account's users.
  for (const l of sandbox.state().leads) expect(ids).toContain(l.responsible_user_id);
  expect(users.json._embedded.users[0].rights).toMatchObject({ is_admin: true, is_active: true });
  expect(Object.keys(users.json._embedded.users[0].rights).sort()).toEqual(
    Object.keys(fixture('users_list_with_rights_doc.json')._embedded.users[0].rights).sort(),
  );
  expect((await api('GET', '/api/v4/users?limit=100&page=2')).status).toBe(204);

  const contact = (await api('GET', '/api/v4/contacts/4001')).json;
  expect(contact).toMatchObject({ id: 4001, first_name: expect.any(String), last_name: expect.any(String) });
  expect(contact.name).toBe(`${contact.first_name} ${contact.last_name}`);
  expect(contact.custom_fields_values.map((f: { field_code: string }) => f.field_code)).toContain('PHONE');
  expect((await api('GET', '/api/v4/contacts/99999')).status).toBe(204);

  const fields = await api('GET', '/api/v4/contacts/custom_fields?page=1');
  expect(Object.keys(fields.json).sort()).toEqual(Object.keys(fixture('custom_fields_list_doc.json')).sort());
  expect(fields.json._embedded.custom_fields.map((f: { type: string }) => f.type)).toContain('birthday');
  const created = await api('POST', '/api/v4/leads/custom_fields', [
    { name: 'Дата рождения клиента', type: 'birthday' },
  ]);
  expect(created.json._embedded.custom_fields[0]).toMatchObject({
    name: 'Дата рождения клиента',
    type: 'birthday',
  });
  expect((await api('POST', '/api/v4/leads/custom_fields', [{ name: 'x', type: 'nonsense' }])).status).toBe(
    400,
  );

  const account = await api('GET', '/api/v4/account?with=task_types');
  expect(account.json._embedded.task_types.map((t: { code: string }) => t.code)).toEqual([
    'FOLLOW_UP',
    'MEETING',
  ]);

  expect((await api('GET', '/api/v4/tasks?filter[entity_id]=1001')).status).toBe(204);
  const task = await api('POST', '/api/v4/tasks', [
    { text: 'Поздравить', complete_till: 1900000000, entity_id: 1001, entity_type: 'leads', task_type_id: 1 },
  ]);
  expect(task.status).toBe(200);
  const found = await api('GET', '/api/v4/tasks?filter[entity_id]=1001&filter[is_completed]=0');
  expect(found.json._embedded.tasks).toEqual([
    expect.objectContaining({ text: 'Поздравить', entity_id: 1001 }),
  ]);
});

test('the manager may read but gets 403 on every write', async () => {
  await control().setRole('manager');
  try {
    expect((await api('GET', '/api/v4/leads/1009')).status).toBe(200);
    for (const [method, url, body] of [
      ['PATCH', '/api/v4/leads/1009', { price: 1 }],
      ['PATCH', '/api/v4/leads', [{ id: 1009, price: 1 }]],
      ['POST', '/api/v4/leads/tags', [{ name: 'x' }]],
    ] as const) {
      const res = await api(method, url, body);
      expect({ url, method, status: res.status, type: res.type }).toEqual({
        url,
        method,
        status: 403,
        type: expect.stringContaining('problem+json'),
      });
    }
    expect((await api('GET', '/api/v4/account')).json.current_user_id).toBe(12);
  } finally {
    await control().setRole('admin');
  }
});

test.each<[FaultKind, number, string]>([
  ['400', 400, 'problem+json'],
  ['401', 401, 'problem+json'],
  ['402', 402, 'problem+json'],
  ['403', 403, 'problem+json'],
  ['403html', 403, 'text/html'],
  ['429', 429, 'text/html'],
  ['500', 500, 'text/html'],
  ['malformed', 200, 'hal+json'],
  ['empty', 200, 'hal+json'],
])(
  'an armed %s fault answers the next matching request once, then the API is itself again',
  async (kind, status, type) => {
    await control().failNext({ count: 1, kind, method: 'GET', path: '/api/v4/leads/1010' });
    expect((await api('GET', '/api/v4/leads/1011')).status).toBe(200);
    const res = await api('GET', '/api/v4/leads/1010');
    expect({ status: res.status, type: res.type }).toEqual({ status, type: expect.stringContaining(type) });
    if (['403html', '429', '500', 'malformed', 'empty'].includes(kind)) expect(res.json).toBeNull();
    expect((await api('GET', '/api/v4/leads/1010')).status).toBe(200);
  },
);

test('an armed network drop breaks the connection mid-answer', async () => {
  await control().failNext({ count: 1, kind: 'network' });
  await expect(api('GET', '/api/v4/leads/1010')).rejects.toThrow();
  expect((await api('GET', '/api/v4/leads/1010')).status).toBe(200);
});

test('an armed timeout never answers: the client has to give up', async () => {
  await control().failNext({ kind: 'timeout', path: '/api/v4/account' });
  await expect(
    fetch(`${sandbox.url}api/v4/account`, { headers: COOKIE, signal: AbortSignal.timeout(300) }),
  ).rejects.toThrow();
  expect(sandbox.requests.at(-1)).toMatchObject({ url: '/api/v4/account', status: -1 });
  expect((await api('GET', '/api/v4/account')).status).toBe(200);
});

test('setFaults() on the server object arms faults as the control endpoint does', async () => {
  sandbox.setFaults({ failNext: { count: 2, kind: '500', path: '/api/v4/leads/1012' } });
  expect((await api('GET', '/api/v4/leads/1012')).status).toBe(500);
  expect((await api('GET', '/api/v4/leads/1012')).status).toBe(500);
  expect((await api('GET', '/api/v4/leads/1012')).status).toBe(200);
  expect(sandbox.getState().leads.some((l) => l.id === 1012)).toBe(true);
});

test('a custom settings field keeps JSON and drops a plain string, as the platform does', async () => {
  const json = await control().saveSettings({ fields: { custom: '{"a":1}' }, active: true });
  expect(json).toEqual({ fields: { custom: '{"a":1}' }, active: true });
  const plain = await control().saveSettings({ fields: { custom: 'just text' }, active: true });
  expect(plain.fields.custom).toBe('');
});

test('edits survive a restart on the same data file; reset (flag or endpoint) restores the seed', async () => {
  await api('PATCH', '/api/v4/leads/1012', { name: 'Переименовано' });
  const again = await startSandbox({ dataFile, reset: false, rateLimit: 1000 });
  try {
    expect(again.state().leads.find((l) => l.id === 1012)!.name).toBe('Переименовано');
  } finally {
    await again.close();
  }
  const fresh = await startSandbox({ dataFile, reset: true });
  try {
    expect(fresh.state().leads.find((l) => l.id === 1012)!.name).not.toBe('Переименовано');
    expect(
      JSON.parse(fs.readFileSync(dataFile, 'utf8')).leads.find((l: { id: number }) => l.id === 1012).name,
    ).not.toBe('Переименовано');
  } finally {
    await fresh.close();
  }
  await api('PATCH', '/api/v4/leads/1012', { name: 'Ещё раз' });
  await control().reset();
  expect(lead(1012).name).not.toBe('Ещё раз');
});

test('more than 7 requests in a sliding second: 429 with a non-JSON body; repeated excess blocks with an HTML 403', async () => {
  const limited = await startSandbox();
  try {
    const get = () => fetch(`${limited.url}api/v4/account`, { headers: COOKIE });
    const burst = await Promise.all(Array.from({ length: 10 }, get));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    const refused = burst.find((r) => r.status === 429)!;
    expect(refused.headers.get('content-type')).toContain('text/html');
    await Promise.all(Array.from({ length: 20 }, get));
    const blocked = await get();
    expect(blocked.status).toBe(403);
    expect(await blocked.text()).toContain('<html>');
    expect(limited.faults.blockedUntil).toBeGreaterThan(Date.now());
  } finally {
    await limited.close();
  }
});
