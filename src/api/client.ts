// The API v4 client: rate-limited, time-limited, abortable; reference data cached per client (page session).
import { ApiError, classifyFailure, classifyResponse } from './errors';
import {
  parseAccount,
  parseLead,
  parseLossReasons,
  parsePatchResult,
  parsePipelines,
  parseTags,
} from './parse';
import { createScheduler, realClock, type Clock, type Scheduler } from './rate-limit';
import type { Account, ApiClient, HttpRequest, LossReason, Pipeline, Transport } from './types';

export interface RetryOptions {
  /** Total tries, the first included. */
  attempts: number;
  /** Wait before the 2nd try; doubles each time unless the server's Retry-After says otherwise. */
  baseDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error goes to the user at once. */
  maxDelayMs?: number;
}

export interface ApiClientOptions {
  transport: Transport;
  /** Share one per page session: amoCRM's limit is per account, not per card. */
  scheduler?: Scheduler;
  clock?: Clock;
  timeoutMs?: number;
  /** Tries for a 429 (any method: the request was refused) or a network failure (GET only). */
  retry?: RetryOptions;
}

export const TAG_SEARCH_LIMIT = 50;
const LEAD_WITH = 'contacts,loss_reason,source_id';
/** A 204 answer: distinct from a JSON `null` body, which is malformed wherever it comes. */
const NO_CONTENT: unique symbol = Symbol('204 No Content');

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

/**
 * One request shared by every caller until it settles; a success is kept, a failure forgotten. A caller that
 * aborts stops waiting; when the last waiting caller aborts, the request itself is cancelled.
 */
function shared<T>(load: (signal: AbortSignal) => Promise<T>): (signal?: AbortSignal) => Promise<T> {
  let done: Promise<T> | null = null;
  let current: { promise: Promise<T>; controller: AbortController; waiters: number } | null = null;
  return (signal) => {
    if (signal?.aborted) return Promise.reject(new ApiError('aborted'));
    if (done) return done;
    if (!current) {
      const controller = new AbortController();
      const promise = load(controller.signal);
      const entry = { promise, controller, waiters: 0 };
      current = entry;
      promise.then(
        () => {
          if (current === entry) current = null;
          done = promise;
        },
        () => {
          if (current === entry) current = null;
        },
      );
    }
    const entry = current;
    entry.waiters++;
    return new Promise<T>((resolve, reject) => {
      let left = false;
      const leave = () => {
        if (left) return false;
        left = true;
        entry.waiters--;
        signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const onAbort = () => {
        if (!leave()) return;
        reject(new ApiError('aborted'));
        if (entry.waiters === 0) {
          if (current === entry) current = null;
          entry.controller.abort();
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (value) => {
          if (leave()) resolve(value);
        },
        (error: unknown) => {
          if (leave()) reject(error);
        },
      );
    });
  };
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const clock = options.clock ?? realClock;
  const scheduler = options.scheduler ?? createScheduler({ clock });
  const timeoutMs = options.timeoutMs ?? 15000;
  const retry = { maxDelayMs: 30000, ...(options.retry ?? { attempts: 3, baseDelayMs: 1000 }) };

  /** One try: waits for a rate slot, sends with a time limit. Resolves with the parsed body, or NO_CONTENT. */
  async function attempt(request: HttpRequest): Promise<unknown> {
    const outer = request.signal;
    await scheduler.slot(outer);
    if (outer?.aborted) throw new ApiError('aborted');
    const controller = new AbortController();
    const forward = () => controller.abort();
    outer?.addEventListener('abort', forward, { once: true });
    let timedOut = false;
    const timer = clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      let response;
      try {
        response = await options.transport.send({ ...request, signal: controller.signal });
      } catch (error) {
        throw classifyFailure({ error, timedOut, aborted: outer?.aborted });
      }
      // A transport that ignored the signal still must not deliver an answer nobody waits for.
      if (outer?.aborted) throw new ApiError('aborted');
      if (timedOut) throw new ApiError('timeout');
      if (response.status === 204) return NO_CONTENT;
      const failure = classifyResponse(response, clock.now());
      if (failure) throw failure;
      return parseJson(response.text);
    } finally {
      clock.clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    }
  }

  /** Tries again only when nothing can have happened on the server: a 429, or a lost GET. */
  async function send(request: HttpRequest): Promise<unknown> {
    for (let tryNo = 1; ; tryNo++) {
      try {
        return await attempt(request);
      } catch (error) {
        const e = error instanceof ApiError ? error : new ApiError('network');
        const retriable = e.kind === 'rate_limited' || (e.kind === 'network' && request.method === 'GET');
        if (!retriable || tryNo >= retry.attempts) throw e;
        const delay = e.retryAfter !== undefined ? e.retryAfter * 1000 : retry.baseDelayMs * 2 ** (tryNo - 1);
        if (delay > retry.maxDelayMs) throw e;
        await sleep(clock, delay, request.signal);
      }
    }
  }

  const getJson = (url: string, signal?: AbortSignal) => send({ method: 'GET', url, signal });

  const getPipelines = shared<Pipeline[]>(async (signal) => {
    const body = await getJson('/api/v4/leads/pipelines', signal);
    if (body === NO_CONTENT) throw new ApiError('malformed', { status: 204, detail: 'no pipelines' });
    return parsePipelines(body);
  });
  const getLossReasons = shared<LossReason[]>(async (signal) => {
    const body = await getJson('/api/v4/leads/loss_reasons', signal);
    return body === NO_CONTENT ? [] : parseLossReasons(body);
  });
  const getAccount = shared<Account>(async (signal) => {
    const body = await getJson('/api/v4/account', signal);
    if (body === NO_CONTENT) throw new ApiError('malformed', { status: 204, detail: 'no account' });
    return parseAccount(body);
  });

  return {
    async getLead(id, signal) {
      const body = await getJson(`/api/v4/leads/${id}?with=${LEAD_WITH}`, signal);
      if (body === NO_CONTENT) throw new ApiError('not_found', { status: 204 });
      const lead = parseLead(body);
      if (lead.isDeleted) throw new ApiError('not_found', { status: 200, detail: 'deleted' });
      return lead;
    },
    getPipelines,
    async searchTags(query, signal) {
      const body = await getJson(
        `/api/v4/leads/tags?query=${encodeURIComponent(query)}&limit=${TAG_SEARCH_LIMIT}`,
        signal,
      );
      return body === NO_CONTENT ? [] : parseTags(body);
    },
    async createTag(name, signal) {
      const body = await send({ method: 'POST', url: '/api/v4/leads/tags', body: [{ name }], signal });
      const tag = body === NO_CONTENT ? undefined : parseTags(body)[0];
      if (!tag) throw new ApiError('malformed', { detail: 'no tag created' });
      return tag.name ? tag : { ...tag, name };
    },
    getLossReasons,
    getAccount,
    async patchLead(id, patch, signal) {
      const body = await send({ method: 'PATCH', url: `/api/v4/leads/${id}`, body: patch, signal });
      if (body === NO_CONTENT) throw new ApiError('malformed', { status: 204, detail: 'empty patch answer' });
      return parsePatchResult(body);
    },
  };
}
