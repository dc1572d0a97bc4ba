// Test support (imported by tests only, never bundled): the sandbox's own in-memory amoCRM as the API client's
// Transport, and a seed small enough for unit tests. jsdom tests therefore meet the same request gate, fault
// answers and API routes as the sandbox's HTTP server and every browser test — one amoCRM, not a second fake.
import { createInMemoryAmo, type InMemoryAmo, type InMemoryAmoOptions } from '../../sandbox/in-memory';
import type {
  SandboxState,
  StoredCustomField,
  StoredLead,
  StoredPipeline,
  StoredStatus,
  StoredTag,
} from '../../sandbox/types';
import type { Transport } from '../api/types';

export type { ArmedFault, FaultKind, SandboxState, StoredLead, StoredTag } from '../../sandbox/types';
export type { InMemoryAmo } from '../../sandbox/in-memory';
import { LOST_STATUS_ID, WON_STATUS_ID } from '../domain/stages';

const status = (
  pipelineId: number,
  id: number,
  name: string,
  sort: number,
  type: 0 | 1 = 0,
): StoredStatus => ({
  id,
  name,
  sort,
  color: type === 1 ? '#c1c1c1' : '#99ccff',
  type,
  pipeline_id: pipelineId,
  is_editable: id !== WON_STATUS_ID && id !== LOST_STATUS_ID,
});

/** A pipeline with Unsorted (`<id>0`), the open stages given (`<id>1`, `<id>2`, ...), won and lost (their ids from domain/stages). */
export function testPipeline(
  id: number,
  name: string,
  openStages: readonly string[],
  closing: { won: string; lost: string } = { won: 'Paid', lost: 'Refused' },
): StoredPipeline {
  return {
    id,
    name,
    sort: id,
    is_main: id === 1,
    is_unsorted_on: true,
    is_archive: false,
    statuses: [
      status(id, id * 10, 'Incoming', 10, 1),
      ...openStages.map((stage, i) => status(id, id * 10 + i + 1, stage, 20 + i * 10)),
      status(id, WON_STATUS_ID, closing.won, 10000),
      status(id, LOST_STATUS_ID, closing.lost, 11000),
    ],
  };
}

/** Sales (1): Incoming 10 (Unsorted), First contact 11, Offer 12, Paid won, Refused lost. */
export const SALES = testPipeline(1, 'Sales', ['First contact', 'Offer']);

export const TEST_TAGS: readonly StoredTag[] = [
  { id: 1, name: 'VIP', color: 'FFCC00' },
  { id: 2, name: 'Hot', color: null },
];

/** A few lead fields of the kinds the panel can fill, with NO required stages unless a test adds them. */
export const TEST_FIELDS: readonly StoredCustomField[] = [
  { id: 301, name: 'Comment', type: 'text', code: null, sort: 10 },
  { id: 302, name: 'Quantity', type: 'numeric', code: null, sort: 20 },
  {
    id: 303,
    name: 'Payment',
    type: 'select',
    code: null,
    sort: 30,
    enums: [
      { id: 3031, value: 'Card', sort: 10, code: null },
      { id: 3032, value: 'Invoice', sort: 20, code: 'INVOICE' },
    ],
  },
  { id: 304, name: 'Signed', type: 'checkbox', code: null, sort: 40 },
  { id: 305, name: 'Deadline', type: 'date', code: null, sort: 50 },
  {
    id: 306,
    name: 'Regions',
    type: 'multiselect',
    code: null,
    sort: 60,
    enums: [
      { id: 3061, value: 'North', sort: 10, code: null },
      { id: 3062, value: 'South', sort: 20, code: null },
      { id: 3063, value: 'West', sort: 30, code: null },
    ],
  },
  { id: 307, name: 'Contract scan', type: 'file', code: null, sort: 70 },
];

export interface TestSeedOptions {
  /** The one deal (id 5, "Сделка", budget 100, First contact, tag VIP) with these fields changed. */
  lead?: Partial<StoredLead>;
  /** More deals beside it. */
  moreLeads?: Partial<StoredLead>[];
  pipelines?: StoredPipeline[];
  tags?: readonly StoredTag[];
  lossReasons?: { id: number; name: string; sort: number }[];
  fields?: readonly StoredCustomField[];
}

function testLead(over: Partial<StoredLead>): StoredLead {
  return {
    id: 5,
    name: 'Сделка',
    price: 100,
    status_id: 11,
    pipeline_id: 1,
    loss_reason_id: null,
    closed_at: null,
    created_at: 1700000000,
    updated_at: 1700000000,
    responsible_user_id: 11,
    source_id: null,
    contacts: [{ id: 7, is_main: true }],
    tags: [{ ...TEST_TAGS[0] }],
    custom_fields_values: [],
    ...over,
  };
}

/** An account with one deal, one pipeline, two tags, two loss reasons and a few custom fields. */
export function buildSeed(options: TestSeedOptions = {}): SandboxState {
  const leads = [testLead(options.lead ?? {}), ...(options.moreLeads ?? []).map(testLead)];
  const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  return {
    pipelines: copy(options.pipelines ?? [SALES]),
    leads,
    tags: copy([...(options.tags ?? TEST_TAGS)]),
    lossReasons: copy(
      options.lossReasons ?? [
        { id: 5, name: 'Too expensive', sort: 1 },
        { id: 6, name: 'Chose a competitor', sort: 2 },
      ],
    ),
    customFields: { leads: copy([...(options.fields ?? TEST_FIELDS)]), contacts: [] },
    users: [{ id: 11, name: 'Anna', email: 'anna@sandbox.test', is_admin: true, is_active: true }],
    contacts: [
      { id: 7, name: 'Ivan Petrov', first_name: 'Ivan', last_name: 'Petrov', phones: [], emails: [] },
    ],
    account: {
      id: 1,
      name: 'Test account',
      subdomain: 'x',
      currency: 'RUB',
      current_user_id: 11,
      is_loss_reason_enabled: true,
    },
    settings: {},
    nextTagId: 900,
  };
}

/** The API client's transport over an in-memory amoCRM. */
export const amoTransport = (amo: InMemoryAmo): Transport => ({ send: (request) => amo.send(request) });

/**
 * An in-memory amoCRM for one test: the seed (buildSeed() unless given), amoCRM's real rate limit unless the
 * test changes it. `transport` goes to createApiClient; `amo.arm({kind, method, path})` injects a fault;
 * `amo.requests` logs what the widget sent; `lead()` is the deal as stored.
 */
export function createTestAmo(options: InMemoryAmoOptions = {}) {
  const amo = createInMemoryAmo({ seed: buildSeed(), ...options });
  return {
    amo,
    transport: amoTransport(amo),
    lead: (id = 5): StoredLead => {
      const found = amo.state().leads.find((l) => l.id === id);
      if (!found) throw new Error(`no lead ${id} in the in-memory amoCRM`);
      return found;
    },
  };
}
