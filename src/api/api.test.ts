import fs from 'fs';
import path from 'path';
import fc from 'fast-check';
import { createApiClient } from './client';
import { ApiError, errorFromResponse } from './errors';
import { parseAccount, parseLead, parseLossReasons, parsePatchResult, parsePipelines, parseTags } from './parse';
import { budgetPatch, MAX_BUDGET, parseBudget, stagePatch, tagsPatch } from './payload';
import { createScheduler, type Clock } from './rate-limit';
import type { HttpRequest, HttpResponse, Lead, Stage, Transport } from './types';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures');
const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
const fixtureText = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

describe('every fixture goes through its parser', () => {
  const handled = new Set<string>();
  const use = (name: string) => {
    handled.add(name);
    return fixture(name);
  };

  it('lead with embedded loss reason (array), contacts and source', () => {
    const lead = parseLead(use('lead_with_embedded_loss_reason_contacts_source_doc.json'));
    expect(lead.statusId).toBe(143);
    expect(lead.lossReason).toEqual(expect.objectContaining({ id: expect.any(Number), name: expect.any(String) }));
    expect(lead.tags.every((t) => t.color === null || /^#[0-9a-f]{6}$/.test(t.color))).toBe(true);
    expect(lead.contactIds.length).toBeGreaterThan(0);
  });

  it.each(['leads_list_real_account.json', 'leads_list_closed_won_page2_doc.json', 'lead_real_lost_with_tracking_fields.json'])(
    'list %s: every lead parses',
    (name) => {
      const body = use(name) as { _embedded: { leads: unknown[] } };
      const leads = body._embedded.leads.map(parseLead);
      expect(leads.length).toBeGreaterThan(0);
      for (const lead of leads) {
        expect(Number.isSafeInteger(lead.price) && lead.price >= 0).toBe(true);
        expect(lead.id).toBeGreaterThan(0);
      }
    },
  );

  it('real lead with many custom field types and a null tag colour', () => {
    const lead = parseLead(use('lead_real_many_field_types.json'));
    expect(lead.id).toBe(39060590);
    expect(lead.tags.some((t) => t.color === null)).toBe(true);
  });

  it.each(['pipelines_doc.json', 'pipelines_real_embedded_array.json'])('pipelines %s', (name) => {
    const pipelines = parsePipelines(use(name));
    expect(pipelines.length).toBeGreaterThan(0);
    for (const p of pipelines) {
      expect(p.stages.find((s) => s.id === 142)?.kind).toBe('won');
      expect(p.stages.find((s) => s.id === 143)?.kind).toBe('lost');
      expect(p.stages.every((s) => /^#[0-9a-f]{6}$/.test(s.color))).toBe(true);
    }
    expect(pipelines.some((p) => p.stages.some((s) => s.kind === 'unsorted'))).toBe(true);
  });

  it('single pipeline and statuses with descriptions', () => {
    const single = use('pipeline_by_id_shard152_doc.json');
    expect(parsePipelines([single])[0].stages.length).toBeGreaterThan(0);
    const statuses = use('pipeline_statuses_with_descriptions_doc.json') as { _embedded: { statuses: unknown[] } };
    const asPipeline = parsePipelines([{ id: 1, name: 'x', _embedded: statuses._embedded }]);
    expect(asPipeline[0].stages.length).toBe(statuses._embedded.statuses.length);
  });

  it('tags list, tag creation, loss reasons, account, patch results', () => {
    expect(parseTags(use('tags_list_doc.json')).some((t) => t.color === '#ebebeb')).toBe(true);
    expect(parseTags(use('tags_create_response_doc.json')).length).toBeGreaterThan(0);
    expect(parseLossReasons(use('loss_reasons_list_thirdparty.json')).length).toBeGreaterThan(0);
    expect(parseAccount(use('account_with_embedded_doc.json')).id).toBeGreaterThan(0);
    expect(parsePatchResult(use('lead_patch_single_response_doc.json')).id).toBeGreaterThan(0);
    expect(parsePatchResult(use('lead_patch_batch_response_doc.json')).id).toBeGreaterThan(0);
  });

  it.each([
    ['error_400_validation_real.json', 400, 'validation'],
    ['error_400_validation_doc.json', 400, 'validation'],
    ['error_400_invalid_request_body_loss_reason_real.json', 400, 'validation'],
    ['error_400_code_244_no_rights_real.json', 400, 'no_rights'],
    ['error_401_real.json', 401, 'unauthorized'],
    ['error_404_loss_reason_thirdparty.json', 404, 'not_found'],
  ])('error %s → %s %s', (name, status, kind) => {
    handled.add(name);
    const error = errorFromResponse({ status, contentType: 'application/problem+json', text: fixtureText(name) });
    expect(error.kind).toBe(kind);
    expect(error.messageKey).toBe(`errors.${kind}`);
  });

  it('validation errors keep the field paths; the loss-reason 400 keeps its words', () => {
    const v = errorFromResponse({ status: 400, contentType: '', text: fixtureText('error_400_validation_doc.json') });
    expect(v.problems.length).toBeGreaterThan(0);
    expect(v.problems[0].path).not.toBe('');
    const l = errorFromResponse({ status: 400, contentType: '', text: fixtureText('error_400_invalid_request_body_loss_reason_real.json') });
    expect(l.detail).toMatch(/Loss reason/);
  });

  it('request-side fixtures are valid JSON of the shapes we send or guide to', () => {
    for (const name of ['lead_patch_batch_request_doc.json', 'unsorted_forms_request_with_visitor_uid_doc.json', 'unsorted_form_detail_metadata_visitor_uid_doc.json', 'users_list_with_rights_doc.json']) {
      expect(use(name)).toBeTruthy();
    }
  });

  afterAll(() => {
    const all = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    expect(all.filter((f) => !handled.has(f))).toEqual([]);
  });
});

describe('errors from every status', () => {
  it.each([
    [401, '{"title":"Unauthorized","status":401}', 'unauthorized'],
    [402, '', 'payment_required'],
    [403, '{"title":"Forbidden","detail":"no rights"}', 'forbidden'],
    [403, '<html><body><h1>403 Forbidden</h1>nginx</body></html>', 'blocked'],
    [429, 'Too Many Requests', 'rate_limited'],
    [500, '<html>oops</html>', 'server'],
    [503, '', 'server'],
    [418, '', 'malformed'],
  ])('%s %s → %s', (status, text, kind) => {
    expect(errorFromResponse({ status, contentType: '', text }).kind).toBe(kind);
  });

  it('malformed lead shapes are refused with malformed, never a crash', () => {
    for (const bad of [null, 1, 'x', [], { id: 'abc' }, { id: 1 }]) {
      expect(() => parseLead(bad)).toThrow(ApiError);
    }
  });
});

const lead = (over: Partial<Lead> = {}): Lead => ({
  id: 7, name: 'Сделка', price: 100, statusId: 10, pipelineId: 1, lossReasonId: null, lossReason: null,
  tags: [{ id: 1, name: 'VIP', color: null }], mainContactId: null, contactIds: [], sourceId: null,
  responsibleUserId: null, updatedAt: 1, closedAt: null, isDeleted: false, ...over,
});
const stage = (id: number, kind: Stage['kind'], pipelineId = 1): Stage => ({ id, name: String(id), sort: id, color: '#cccccc', pipelineId, kind });

describe('minimal patches', () => {
  it('stage: status_id always with pipeline_id; loss reason only with 143', () => {
    expect(stagePatch(lead(), stage(11, 'open'))).toEqual({ ok: true, patch: { status_id: 11, pipeline_id: 1 } });
    expect(stagePatch(lead(), stage(142, 'won', 2))).toEqual({ ok: true, patch: { status_id: 142, pipeline_id: 2 } });
    expect(stagePatch(lead(), stage(143, 'lost'), 5)).toEqual({ ok: true, patch: { status_id: 143, pipeline_id: 1, loss_reason_id: 5 } });
    expect(stagePatch(lead(), stage(11, 'open'), 5)).toEqual({ ok: true, patch: { status_id: 11, pipeline_id: 1 } });
    expect(stagePatch(lead(), stage(9, 'unsorted'))).toEqual({ ok: false, errorKey: 'errors.stage_unsorted' });
    expect(stagePatch(lead(), stage(10, 'open'))).toEqual({ ok: false, errorKey: 'errors.stage_same' });
  });

  it.each([
    ['1 500 000', 1500000], ['1\u00a0500', 1500], [' 42 ', 42], ['0', 0], ['007', 7], ['2147483647', MAX_BUDGET],
  ])('budget %j → %d', (input, value) => {
    expect(parseBudget(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'errors.budget_empty'], ['   ', 'errors.budget_empty'], ['-5', 'errors.budget_negative'], ['12.5', 'errors.budget_decimal'],
    ['12,50', 'errors.budget_decimal'], ['1e6', 'errors.budget_not_number'], ['abc', 'errors.budget_not_number'],
    ['2147483648', 'errors.budget_too_big'], ['99999999999999999999', 'errors.budget_too_big'], ['1 50 0', 'errors.budget_not_number'],
  ])('budget %j is refused with %s', (input, errorKey) => {
    expect(parseBudget(input)).toEqual({ ok: false, errorKey });
  });

  it('budget: unchanged price sends nothing', () => {
    expect(budgetPatch(lead(), '100')).toEqual({ ok: false, errorKey: 'errors.budget_same' });
    expect(budgetPatch(lead(), '101')).toEqual({ ok: true, patch: { price: 101 } });
  });

  it('any typed budget yields either a refusal or a price that is a safe integer in range', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer().map(String), fc.double().map(String), fc.constantFrom('1e3', '١٢٣', '１２')), (input) => {
        const result = budgetPatch(lead({ price: -1 }), input);
        if (result.ok) {
          expect(Object.keys(result.patch)).toEqual(['price']);
          expect(Number.isSafeInteger(result.patch.price) && result.patch.price! >= 0 && result.patch.price! <= MAX_BUDGET).toBe(true);
        } else expect(result.errorKey).toMatch(/^errors\.budget_/);
      }),
    );
  });

  it('tags: only tags_to_add / tags_to_delete; blanks, duplicates and overlong names refused', () => {
    expect(tagsPatch(lead(), { add: [{ name: '  новый   тег ' }] })).toEqual({ ok: true, patch: { tags_to_add: [{ name: 'новый тег' }] } });
    expect(tagsPatch(lead(), { remove: [{ id: 1 }] })).toEqual({ ok: true, patch: { tags_to_delete: [{ id: 1 }] } });
    expect(tagsPatch(lead(), { add: [{ name: 'vip' }] })).toEqual({ ok: false, errorKey: 'errors.tag_duplicate' });
    expect(tagsPatch(lead(), { add: [{ name: ' ' }] })).toEqual({ ok: false, errorKey: 'errors.tag_blank' });
    expect(tagsPatch(lead(), { add: [{ name: 'x'.repeat(256) }] })).toEqual({ ok: false, errorKey: 'errors.tag_too_long' });
    expect(tagsPatch(lead(), { add: [{ id: 1 }] })).toEqual({ ok: false, errorKey: 'errors.tag_duplicate' });
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (name) => {
        const result = tagsPatch(lead(), { add: [{ name }] });
        if (result.ok) {
          expect(result.patch).not.toHaveProperty('_embedded');
          const added = result.patch.tags_to_add![0] as { name: string };
          expect(added.name.trim()).toBe(added.name);
          expect(added.name.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});

function fakeClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = async (ms: number) => {
    const end = now + ms;
    const flush = () => new Promise((r) => setTimeout(r, 0));
    for (;;) {
      await flush();
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.fn();
    }
    now = end;
    await flush();
  };
  return { clock, advance };
}

describe('rate limiter', () => {
  it('a burst of 50 never starts more than 5 in any 1000 ms window, and idle starts are immediate', async () => {
    const { clock, advance } = fakeClock();
    const scheduler = createScheduler({ clock });
    const starts: number[] = [];
    for (let i = 0; i < 50; i++) void scheduler.slot().then(() => starts.push(clock.now()));
    await advance(0);
    expect(starts).toHaveLength(5);
    expect(starts.every((t) => t === 0)).toBe(true);
    await advance(20000);
    expect(starts).toHaveLength(50);
    for (const t of starts) expect(starts.filter((s) => s >= t && s < t + 1000).length).toBeLessThanOrEqual(5);
  });

  it('a queued request can be aborted', async () => {
    const { clock, advance } = fakeClock();
    const scheduler = createScheduler({ clock, limit: 1 });
    await scheduler.slot();
    const controller = new AbortController();
    const waiting = scheduler.slot(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ kind: 'aborted' });
    await advance(2000);
  });
});

function fakeTransport(answer: (req: HttpRequest, n: number) => HttpResponse | Promise<HttpResponse> | 'network') {
  const sent: HttpRequest[] = [];
  const transport: Transport = {
    send: (req) => {
      sent.push(req);
      const result = answer(req, sent.length);
      if (result === 'network') return Promise.reject(new Error('down'));
      return Promise.resolve(result);
    },
  };
  return { transport, sent };
}
const ok = (body: unknown, status = 200): HttpResponse => ({ status, contentType: 'application/hal+json', text: JSON.stringify(body) });
const LEAD = fixture('lead_with_embedded_loss_reason_contacts_source_doc.json');
const PIPES = fixture('pipelines_doc.json');

describe('client', () => {
  it('GETs the lead with contacts, loss reason and source; 204 is not_found', async () => {
    const { transport, sent } = fakeTransport((_r, n) => (n === 1 ? ok(LEAD) : { status: 204, contentType: '', text: '' }));
    const api = createApiClient({ transport });
    await api.getLead(5);
    expect(sent[0]).toMatchObject({ method: 'GET', url: '/api/v4/leads/5?with=contacts,loss_reason,source_id' });
    await expect(api.getLead(6)).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('pipelines: one request for concurrent callers, cached after; a failure is not cached', async () => {
    let fail = true;
    const { transport, sent } = fakeTransport(() => (fail ? { status: 500, contentType: '', text: '' } : ok(PIPES)));
    const api = createApiClient({ transport });
    await expect(api.getPipelines()).rejects.toMatchObject({ kind: 'server' });
    fail = false;
    const [a, b] = await Promise.all([api.getPipelines(), api.getPipelines()]);
    await api.getPipelines();
    expect(a).toBe(b);
    expect(sent).toHaveLength(2);
  });

  it('PATCH sends exactly the patch; tags search encodes the query and treats 204 as none', async () => {
    const { transport, sent } = fakeTransport((req) =>
      req.method === 'PATCH' ? ok({ id: 5, updated_at: 9 }) : { status: 204, contentType: '', text: '' },
    );
    const api = createApiClient({ transport });
    expect(await api.patchLead(5, { price: 10 })).toEqual({ id: 5, updatedAt: 9 });
    expect(sent[0]).toMatchObject({ method: 'PATCH', url: '/api/v4/leads/5', body: { price: 10 } });
    expect(await api.searchTags('a&b c')).toEqual([]);
    expect(sent[1].url).toBe('/api/v4/leads/tags?query=a%26b%20c&limit=50');
  });

  it('backs off on 429 and stops after 3 tries; never retries a failed PATCH on network loss', async () => {
    const { clock, advance } = fakeClock();
    const { transport, sent } = fakeTransport(() => ({ status: 429, contentType: 'text/html', text: 'slow down' }));
    const api = createApiClient({ transport, clock });
    const result = api.getPipelines().catch((e) => e);
    await advance(10000);
    expect(await result).toMatchObject({ kind: 'rate_limited' });
    expect(sent).toHaveLength(3);

    const net = fakeTransport(() => 'network');
    const api2 = createApiClient({ transport: net.transport, clock });
    const patched = api2.patchLead(1, { price: 1 }).catch((e) => e);
    await advance(10000);
    expect(await patched).toMatchObject({ kind: 'network' });
    expect(net.sent).toHaveLength(1);
  });

  it('empty or non-JSON success bodies are malformed; a hung request times out', async () => {
    const { clock, advance } = fakeClock();
    const bodies = ['', '<html>', '{"_embedded":{}}'];
    for (const text of bodies) {
      const { transport } = fakeTransport(() => ({ status: 200, contentType: '', text }));
      await expect(createApiClient({ transport }).getPipelines()).rejects.toMatchObject({ kind: 'malformed' });
    }
    const hung: Transport = {
      send: (req) => new Promise((_resolve, reject) => req.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
    };
    const api = createApiClient({ transport: hung, clock, timeoutMs: 1000, retry: { attempts: 1, baseDelayMs: 1 } });
    const result = api.getLead(1).catch((e) => e);
    await advance(1500);
    expect(await result).toMatchObject({ kind: 'timeout' });
  });

  it('aborting in flight cancels the transport and rejects with aborted', async () => {
    let seen: AbortSignal | undefined;
    const transport: Transport = {
      send: (req) => {
        seen = req.signal;
        return new Promise((_r, reject) => req.signal?.addEventListener('abort', () => reject(new Error('x'))));
      },
    };
    const controller = new AbortController();
    const result = createApiClient({ transport }).getLead(1, controller.signal);
    await Promise.resolve();
    await Promise.resolve();
    controller.abort();
    await expect(result).rejects.toMatchObject({ kind: 'aborted' });
    expect(seen?.aborted).toBe(true);
  });
});
