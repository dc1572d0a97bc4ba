// The API v4 client: rate-limited, time-limited, abortable; reference data cached per client (page session).
import { ApiError, errorFromResponse } from './errors';
import { parseAccount, parseLead, parseLossReasons, parsePatchResult, parsePipelines, parseTag, parseTags } from './parse';
import { createScheduler, realClock, type Clock, type Scheduler } from './rate-limit';
import type { Account, ApiClient, HttpRequest, LossReason, Pipeline, Transport } from './types';

export interface ApiClientOptions {
  transport: Transport;
  scheduler?: Scheduler;
  clock?: Clock;
  timeoutMs?: number;
  /** Tries for a 429 (any method) or a network failure (GET only), with exponential back-off. */
  retry?: { attempts: number; baseDelayMs: number };
}

export const TAG_SEARCH_LIMIT = 50;

function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ApiError('aborted'));
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(new ApiError('aborted'));
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') throw new ApiError('malformed', { detail: 'empty body' });
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('malformed', { detail: 'not JSON' });
  }
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const clock = options.clock ?? realClock;
  const scheduler = options.scheduler ?? createScheduler({ clock });
  const timeoutMs = options.timeoutMs ?? 15000;
  const retry = options.retry ?? { attempts: 3, baseDelayMs: 1000 };

  /** One attempt: waits for a rate slot, then sends with a timeout. Resolves with the parsed body or null (204). */
  async function attempt(request: HttpRequest): Promise<unknown> {
    await scheduler.slot(request.signal);
    const controller = new AbortController();
    const outer = request.signal;
    const forward = () => controller.abort();
    outer?.addEventListener('abort', forward, { once: true });
    let timedOut = false;
    const timer = clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const response = await options.transport.send({ ...request, signal: controller.signal });
      if (response.status === 204) return null;
      if (response.status >= 200 && response.status < 300) return parseJson(response.text);
      throw errorFromResponse(response);
    } catch (error) {
      if (timedOut) throw new ApiError('timeout');
      if (outer?.aborted) throw new ApiError('aborted');
      throw error instanceof ApiError ? error : new ApiError('network');
    } finally {
      clock.clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    }
  }

  async function send(request: HttpRequest): Promise<unknown> {
    for (let tryNo = 1; ; tryNo++) {
      try {
        return await attempt(request);
      } catch (error) {
        const e = error as ApiError;
        // A 429 was refused, so nothing happened: safe to repeat any method. A network failure is only
        // repeated for GET, since a write may have reached the server.
        const retriable = e.kind === 'rate_limited' || (e.kind === 'network' && request.method === 'GET');
        if (!retriable || tryNo >= retry.attempts) throw e;
        await sleep(clock, retry.baseDelayMs * 2 ** (tryNo - 1), request.signal);
      }
    }
  }

  /** Shares one in-flight request between callers; keeps success, forgets failure. */
  function cached<T>(load: () => Promise<T>) {
    let value: Promise<T> | null = null;
    return (signal?: AbortSignal): Promise<T> => {
      if (!value) {
        value = load();
        value.catch(() => {
          value = null;
        });
      }
      if (!signal) return value;
      // A caller that aborts stops waiting; the shared request goes on for the others.
      return new Promise<T>((resolve, reject) => {
        if (signal.aborted) return reject(new ApiError('aborted'));
        const onAbort = () => reject(new ApiError('aborted'));
        signal.addEventListener('abort', onAbort, { once: true });
        value!.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
    };
  }

  const getPipelines = cached<Pipeline[]>(async () => parsePipelines(await send({ method: 'GET', url: '/api/v4/leads/pipelines' })));
  const getLossReasons = cached<LossReason[]>(async () => {
    const body = await send({ method: 'GET', url: '/api/v4/leads/loss_reasons' });
    return body === null ? [] : parseLossReasons(body);
  });
  const getAccount = cached<Account>(async () => {
    const body = await send({ method: 'GET', url: '/api/v4/account' });
    if (body === null) throw new ApiError('malformed', { detail: 'empty account' });
    return parseAccount(body);
  });

  return {
    async getLead(id, signal) {
      const body = await send({ method: 'GET', url: `/api/v4/leads/${id}?with=contacts,loss_reason,source_id`, signal });
      if (body === null) throw new ApiError('not_found', { status: 204 });
      const lead = parseLead(body);
      if (lead.isDeleted) throw new ApiError('not_found', { status: 200, detail: 'deleted' });
      return lead;
    },
    getPipelines,
    async searchTags(query, signal) {
      const url = `/api/v4/leads/tags?query=${encodeURIComponent(query)}&limit=${TAG_SEARCH_LIMIT}`;
      const body = await send({ method: 'GET', url, signal });
      return body === null ? [] : parseTags(body);
    },
    async createTag(name, signal) {
      const body = await send({ method: 'POST', url: '/api/v4/leads/tags', body: [{ name }], signal });
      const tags = body === null ? [] : parseTags(body);
      if (!tags[0]) throw new ApiError('malformed', { detail: 'no tag created' });
      return parseTag({ ...tags[0], name: tags[0].name || name });
    },
    getLossReasons,
    getAccount,
    async patchLead(id, patch, signal) {
      const body = await send({ method: 'PATCH', url: `/api/v4/leads/${id}`, body: patch, signal });
      if (body === null) throw new ApiError('malformed', { detail: 'empty patch answer' });
      return parsePatchResult(body);
    },
  };
}
