import { createApiClient, type ApiClientOptions } from './client';
import { ApiError } from './errors';
import { createScheduler } from './rate-limit';
import { answer, fakeClock, fakeTransport, fixture, noContent, ok, type Answer } from './testing';
import type { HttpRequest } from './types';
import { LOST_STATUS_ID } from '../domain/stages';

const LEAD = fixture('lead_with_embedded_loss_reason_contacts_source_doc.json');
const PIPELINES = fixture('pipelines_doc.json');

/** A client on a fake clock, answering with `reply`; `times` records the clock at each send. */
function setup(
  reply: (req: HttpRequest, n: number) => Answer | Promise<Answer>,
  options: Partial<ApiClientOptions> = {},
) {
  const { clock, advance, flush } = fakeClock();
  const times: number[] = [];
  const { transport, sent } = fakeTransport((req, n) => {
    times.push(clock.now());
    return reply(req, n);
  });
  const api = createApiClient({ transport, clock, ...options });
  return { api, sent, times, clock, advance, flush };
}

/** Runs `promise` to completion on the fake clock, resolving with its value or its error. */
async function settle<T>(promise: Promise<T>, advance: (ms: number) => Promise<void>, ms = 60000) {
  const result = promise.then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error: error as ApiError }),
  );
  await advance(ms);
  return result;
}

describe('requests', () => {
  it('getLead asks with contacts, loss reason and source, and narrows the answer', async () => {
    const { api, sent } = setup(() => ok(LEAD));
    const lead = await api.getLead(3912171);
    expect(sent).toEqual([
      expect.objectContaining({
        method: 'GET',
        url: '/api/v4/leads/3912171?with=contacts,loss_reason,source_id',
      }),
    ]);
    expect(sent[0].body).toBeUndefined();
    expect(lead).toMatchObject({
      id: 3912171,
      statusId: LOST_STATUS_ID,
      lossReasonId: 4203748,
      mainContactId: 10971465,
    });
  });

  it('getLead: 204 (missing) and is_deleted both read as not_found', async () => {
    const { api } = setup((_req, n) => (n === 1 ? noContent : ok({ ...(LEAD as object), is_deleted: true })));
    await expect(api.getLead(1)).rejects.toMatchObject({ kind: 'not_found' });
    await expect(api.getLead(1)).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('patchLead sends exactly the patch object to the lead; the single answer is narrowed', async () => {
    const { api, sent } = setup(() => ok(fixture('lead_patch_single_response_doc.json')));
    const patch = { status_id: LOST_STATUS_ID, pipeline_id: 1, loss_reason_id: 5 };
    expect(await api.patchLead(167353, patch)).toEqual({ id: 167353, updatedAt: 1588928155 });
    expect(sent).toHaveLength(1);
    expect(sent[0].method).toBe('PATCH');
    expect(sent[0].url).toBe('/api/v4/leads/167353');
    expect(JSON.stringify(sent[0].body)).toBe(JSON.stringify(patch));
  });

  it('searchTags encodes the query, asks for 50, and reads 204 as no tags', async () => {
    const { api, sent } = setup((_req, n) => (n === 1 ? noContent : ok(fixture('tags_list_doc.json'))));
    expect(await api.searchTags('a&b c/#?')).toEqual([]);
    expect(sent[0].url).toBe('/api/v4/leads/tags?query=a%26b%20c%2F%23%3F&limit=50');
    expect((await api.searchTags('Заявка')).map((t) => t.id)).toEqual([2707, 2709]);
    expect(sent[1].url).toBe('/api/v4/leads/tags?query=%D0%97%D0%B0%D1%8F%D0%B2%D0%BA%D0%B0&limit=50');
  });

  it('createTag POSTs [{name}] and returns the tag amoCRM gives back', async () => {
    const { api, sent } = setup(() =>
      ok({ _embedded: { tags: [{ id: 263807, name: 'Hot', color: 'DDEBB5' }] } }),
    );
    expect(await api.createTag('Hot')).toEqual({ id: 263807, name: 'Hot', color: '#ddebb5' });
    expect(sent[0]).toMatchObject({ method: 'POST', url: '/api/v4/leads/tags', body: [{ name: 'Hot' }] });
  });

  it('loss reasons and account come from their endpoints; 204 loss reasons is an empty list', async () => {
    const { api, sent } = setup((req) =>
      req.url.includes('account') ? ok(fixture('account_with_embedded_doc.json')) : noContent,
    );
    expect(await api.getLossReasons()).toEqual([]);
    expect((await api.getAccount()).isLossReasonEnabled).toBe(true);
    expect(sent.map((r) => r.url)).toEqual(['/api/v4/leads/loss_reasons', '/api/v4/account']);
  });

  it('answers that are empty, not JSON or of the wrong shape are malformed, never a crash', async () => {
    for (const text of ['', '   ', '<html>', '{"_embedded":{}}', 'null', '[1]']) {
      const { api } = setup(() => answer(200, text));
      await expect(api.getPipelines()).rejects.toMatchObject({
        kind: 'malformed',
      });
      await expect(api.getLead(1)).rejects.toMatchObject({ kind: 'malformed' });
      await expect(api.patchLead(1, { price: 1 })).rejects.toMatchObject({ kind: 'malformed' });
    }
    const { api } = setup(() => noContent);
    await expect(api.patchLead(1, { price: 1 })).rejects.toMatchObject({ kind: 'malformed' });
    await expect(api.getPipelines()).rejects.toMatchObject({ kind: 'malformed' });
  });

  it('error answers reach the caller classified', async () => {
    const { api } = setup(() =>
      answer(400, JSON.stringify(fixture('error_400_code_244_no_rights_real.json'))),
    );
    await expect(api.patchLead(1, { price: 1 })).rejects.toMatchObject({ kind: 'no_rights', status: 400 });
  });
});

describe('page-session cache of pipelines, loss reasons and account', () => {
  it('two cards asking at once share one request; later asks are answered from the cache', async () => {
    const { api, sent } = setup(() => ok(PIPELINES));
    const [a, b] = await Promise.all([api.getPipelines(), api.getPipelines()]);
    expect(a).toBe(b);
    expect(await api.getPipelines()).toBe(a);
    expect(sent).toHaveLength(1);
  });

  it('a failure is not cached: the next ask tries again', async () => {
    const { api, sent } = setup((_req, n) => (n === 1 ? answer(500) : ok(PIPELINES)));
    await expect(api.getPipelines()).rejects.toMatchObject({ kind: 'server' });
    expect((await api.getPipelines())[0].id).toBe(3177727);
    expect(sent).toHaveLength(2);
  });

  it('one card leaving does not cancel the request another card waits for', async () => {
    let release!: () => void;
    const { api, sent } = setup(
      () => new Promise<Answer>((resolve) => (release = () => resolve(ok(PIPELINES)))),
    );
    const leaving = new AbortController();
    const first = api.getPipelines(leaving.signal);
    const second = api.getPipelines(new AbortController().signal);
    await Promise.resolve();
    leaving.abort();
    await expect(first).rejects.toMatchObject({ kind: 'aborted' });
    await new Promise((r) => setTimeout(r, 0));
    release();
    expect((await second)[0].id).toBe(3177727);
    expect(sent).toHaveLength(1);
    expect(sent[0].signal?.aborted).toBe(false);
  });

  it('when every waiting card leaves, the request is cancelled and the next ask starts afresh', async () => {
    const { api, sent, flush } = setup((_req, n) => (n === 1 ? 'hang' : ok(PIPELINES)));
    const a = new AbortController();
    const b = new AbortController();
    const first = api.getPipelines(a.signal);
    const second = api.getPipelines(b.signal);
    await flush();
    a.abort();
    b.abort();
    await expect(first).rejects.toMatchObject({ kind: 'aborted' });
    await expect(second).rejects.toMatchObject({ kind: 'aborted' });
    expect(sent[0].signal?.aborted).toBe(true);
    expect((await api.getPipelines())[0].id).toBe(3177727);
    expect(sent).toHaveLength(2);
  });

  it('loss reasons and account are cached the same way', async () => {
    const { api, sent } = setup((req) =>
      ok(
        fixture(
          req.url.includes('account')
            ? 'account_with_embedded_doc.json'
            : 'loss_reasons_list_thirdparty.json',
        ),
      ),
    );
    await Promise.all([api.getLossReasons(), api.getLossReasons(), api.getAccount(), api.getAccount()]);
    await api.getLossReasons();
    await api.getAccount();
    expect(sent).toHaveLength(2);
  });
});

describe('retries and back-off', () => {
  it('429 is retried with exponential back-off and gives up after 3 tries', async () => {
    const { api, sent, times, advance } = setup(() => answer(429, 'Too Many Requests'));
    const { error } = await settle(api.getLead(1), advance);
    expect(error).toMatchObject({ kind: 'rate_limited' });
    expect(sent).toHaveLength(3);
    expect(times).toEqual([0, 1000, 3000]);
  });

  it('Retry-After sets the wait; one longer than the cap is not waited for', async () => {
    const polite = setup((_req, n) => (n === 1 ? answer(429, '', { retryAfter: '4' }) : ok(LEAD)));
    const { value } = await settle(polite.api.getLead(1), polite.advance);
    expect(value?.id).toBe(3912171);
    expect(polite.times).toEqual([0, 4000]);

    const banned = setup(() => answer(429, '', { retryAfter: '3600' }));
    const { error } = await settle(banned.api.getLead(1), banned.advance);
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfter: 3600 });
    expect(banned.sent).toHaveLength(1);
  });

  it('a PATCH refused with 429 is sent again (nothing happened) and lands', async () => {
    const { api, sent, advance } = setup((_req, n) =>
      n === 1 ? answer(429) : ok(fixture('lead_patch_single_response_doc.json')),
    );
    const { value } = await settle(api.patchLead(167353, { price: 5 }), advance);
    expect(value).toEqual({ id: 167353, updatedAt: 1588928155 });
    expect(sent.map((r) => r.body)).toEqual([{ price: 5 }, { price: 5 }]);
  });

  it('a lost GET is retried; a lost PATCH or POST is not (it may have reached amoCRM)', async () => {
    const get = setup((_req, n) => (n < 3 ? 'network' : ok(LEAD)));
    expect((await settle(get.api.getLead(1), get.advance)).value?.id).toBe(3912171);
    expect(get.sent).toHaveLength(3);

    const patch = setup(() => 'network');
    expect((await settle(patch.api.patchLead(1, { price: 1 }), patch.advance)).error).toMatchObject({
      kind: 'network',
    });
    expect(patch.sent).toHaveLength(1);

    const post = setup(() => 'network');
    expect((await settle(post.api.createTag('x'), post.advance)).error?.kind).toBe('network');
    expect(post.sent).toHaveLength(1);
  });

  it.each([
    [500, 'server'],
    [401, 'unauthorized'],
    [403, 'blocked'],
  ])('a %s is not retried', async (status, kind) => {
    const { api, sent, advance } = setup(() => answer(status));
    expect((await settle(api.getLead(1), advance)).error?.kind).toBe(kind);
    expect(sent).toHaveLength(1);
  });

  it('a request that hangs ends as timeout after timeoutMs, is cancelled and not repeated', async () => {
    const { api, sent, advance } = setup(() => 'hang', { timeoutMs: 1000 });
    let outcome: string | undefined;
    void api.getLead(1).then(
      () => (outcome = 'answered'),
      (e: ApiError) => (outcome = e.kind),
    );
    await advance(999);
    expect(outcome).toBeUndefined();
    await advance(1);
    expect(outcome).toBe('timeout');
    expect(sent).toHaveLength(1);
    expect(sent[0].signal?.aborted).toBe(true);
  });
});

describe('abort', () => {
  it('aborting in flight rejects with aborted and cancels the transport', async () => {
    const { api, sent, flush } = setup(() => 'hang');
    const controller = new AbortController();
    const result = api.getLead(1, controller.signal);
    await flush();
    controller.abort();
    await expect(result).rejects.toMatchObject({ kind: 'aborted' });
    expect(sent[0].signal?.aborted).toBe(true);
  });

  it('aborting while queued behind the rate limit means the request is never sent', async () => {
    const scheduler = createScheduler({ limit: 1, windowMs: 1000, clock: fakeClock().clock });
    const { api, sent, flush } = setup(() => ok(LEAD), { scheduler });
    await api.getLead(1);
    const controller = new AbortController();
    const queued = api.patchLead(1, { price: 2 }, controller.signal);
    await flush();
    controller.abort();
    await expect(queued).rejects.toMatchObject({ kind: 'aborted' });
    expect(sent).toHaveLength(1);
  });

  it('a rate slot granted just as the caller left sends nothing', async () => {
    const controller = new AbortController();
    const lateScheduler = { slot: async () => controller.abort() };
    const { api, sent } = setup(() => ok(LEAD), { scheduler: lateScheduler });
    await expect(api.getLead(1, controller.signal)).rejects.toMatchObject({ kind: 'aborted' });
    expect(sent).toHaveLength(0);
  });

  it('aborting during a back-off wait stops the retries', async () => {
    const { api, sent, advance } = setup(() => answer(429));
    const controller = new AbortController();
    const result = api.getLead(1, controller.signal).catch((e: ApiError) => e);
    await advance(500);
    expect(sent).toHaveLength(1);
    controller.abort();
    expect(await result).toMatchObject({ kind: 'aborted' });
    await advance(10000);
    expect(sent).toHaveLength(1);
  });

  it('an answer that arrives after the abort is not delivered', async () => {
    let release!: () => void;
    const { api } = setup(() => new Promise<Answer>((resolve) => (release = () => resolve(ok(LEAD)))));
    const controller = new AbortController();
    const result = api.getLead(1, controller.signal);
    await new Promise((r) => setTimeout(r, 0));
    controller.abort();
    release();
    await expect(result).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('an already aborted signal sends nothing', async () => {
    const { api, sent } = setup(() => ok(LEAD));
    await expect(api.getLead(1, AbortSignal.abort())).rejects.toBeInstanceOf(ApiError);
    await expect(api.getPipelines(AbortSignal.abort())).rejects.toMatchObject({ kind: 'aborted' });
    expect(sent).toHaveLength(0);
  });
});

describe('rate through the client', () => {
  it('a burst of 50 saves never puts more than 5 requests in any second, and all land', async () => {
    const { api, times, advance } = setup(() => ok(fixture('lead_patch_single_response_doc.json')));
    const saves = Array.from({ length: 50 }, (_, i) => api.patchLead(167353, { price: i }));
    await advance(20000);
    expect((await Promise.all(saves)).length).toBe(50);
    for (const t of times) expect(times.filter((s) => s >= t && s < t + 1000).length).toBeLessThanOrEqual(5);
  });
});

describe('custom fields (for the required-field rule)', () => {
  const page = (n: number, ids: number[], last: number) => ({
    _page: n,
    _page_count: last,
    _links: {
      self: { href: `https://x.amocrm.ru/api/v4/leads/custom_fields?limit=250&page=${n}` },
      ...(n < last ? { next: { href: `https://x.amocrm.ru/api/v4/leads/custom_fields?limit=250&page=${n + 1}` } } : {}),
    },
    _embedded: { custom_fields: ids.map((id) => ({ id, name: `F${id}`, type: 'text', sort: id, required_statuses: null })) },
  });

  it('asks for 250 a page, follows _links.next to the last page, and reads them once per page session', async () => {
    const { api, sent } = setup((req) => {
      const n = Number(new URL(req.url, 'https://x').searchParams.get('page'));
      return ok(page(n, [n * 10, n * 10 + 1], 3));
    });
    const [a, b] = await Promise.all([api.getCustomFields(), api.getCustomFields()]);
    expect(a.map((f) => f.id)).toEqual([10, 11, 20, 21, 30, 31]);
    expect(b).toBe(a);
    expect(await api.getCustomFields()).toBe(a);
    expect(sent.map((r) => r.url)).toEqual([
      '/api/v4/leads/custom_fields?limit=250&page=1',
      '/api/v4/leads/custom_fields?limit=250&page=2',
      '/api/v4/leads/custom_fields?limit=250&page=3',
    ]);
  });

  it('a 204 (no fields, or past the end) ends the list; a server that always says "next" is not followed forever', async () => {
    const empty = setup(() => noContent);
    expect(await empty.api.getCustomFields()).toEqual([]);
    const endless = setup((req) => {
      const n = Number(new URL(req.url, 'https://x').searchParams.get('page'));
      return ok(page(n, [n], 1000));
    });
    const { value } = await settle(endless.api.getCustomFields(), endless.advance);
    expect(value).toHaveLength(40);
    expect(endless.sent).toHaveLength(40);
  });

  it('a failed page fails the list, and the next call tries again', async () => {
    const { api, advance } = setup((_req, n) => (n === 1 ? answer(500, '') : ok(page(1, [5], 1))));
    const failed = await settle(api.getCustomFields(), advance);
    expect(failed.error?.kind).toBe('server');
    expect((await api.getCustomFields()).map((f) => f.id)).toEqual([5]);
  });
});
