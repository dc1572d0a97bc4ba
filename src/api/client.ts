// The API v4 client: rate-limited, time-limited, abortable; reference data cached per client (page session).
import { abortable } from './abort';
import { ApiError, classifyFailure, classifyResponse, malformed } from './errors';
import { tryJson } from './json';
import {
  parseAccount,
  parseCustomFieldPage,
  parseLead,
  parseLossReasons,
  parsePatchResult,
  parsePipelines,
  parseTags,
} from './parse';
import { realClock, type Clock } from '../contracts/clock';
import { createScheduler, type Scheduler } from './rate-limit';
import type { CustomField } from '../domain/types';
import type { ApiClient, ApiErrorKind, HttpRequest, Transport } from './types';

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
/** The docs say both "up to 50 per request" and "limit at most 250": ask for 250 and follow `_links.next`. */
export const CUSTOM_FIELDS_PAGE = 250;
/** A page count no real account reaches: a server that always says "next" must not keep the widget asking. */
export const CUSTOM_FIELDS_MAX_PAGES = 40;

/**
 * One request shared by every caller until it settles; a success is kept, a failure forgotten. A caller that
 * aborts stops waiting; when the last waiting caller aborts, the request itself is cancelled.
 */
function shared<T>(load: (signal: AbortSignal) => Promise<T>): (signal?: AbortSignal) => Promise<T> {
  let done: Promise<T> | undefined;
  let current: { promise: Promise<T>; controller: AbortController; waiters: number } | undefined;
  return (signal) => {
    if (signal?.aborted) return Promise.reject(new ApiError('aborted'));
    if (done) return done;
    if (!current) {
      const controller = new AbortController();
      const promise = load(controller.signal);
      const started = (current = { promise, controller, waiters: 0 });
      const forget = () => {
        if (current === started) current = undefined;
      };
      promise.then(() => {
        forget();
        done = promise;
      }, forget);
    }
    const entry = current;
    entry.waiters++;
    return abortable(
      signal,
      () => entry.promise,
      () => {
        if (--entry.waiters) return;
        if (current === entry) current = undefined;
        entry.controller.abort();
      },
    );
  };
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const clock = options.clock ?? realClock;
  const scheduler = options.scheduler ?? createScheduler({ clock });
  const timeoutMs = options.timeoutMs ?? 15000;
  const retry = { maxDelayMs: 30000, ...(options.retry ?? { attempts: 3, baseDelayMs: 1000 }) };

  /**
   * One try: waits for a rate slot, sends with a time limit. Resolves with the parsed body, or undefined for a
   * 204 (JSON itself never yields undefined); rejects with an ApiError.
   */
  async function attempt(request: HttpRequest): Promise<unknown> {
    let timedOut = false;
    let timer: unknown;
    try {
      await scheduler.slot(request.signal);
      const controller = new AbortController();
      timer = clock.setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      const response = await abortable(
        request.signal,
        () => options.transport.send({ ...request, signal: controller.signal }),
        () => controller.abort(),
      );
      // A transport that ignored the signal still must not deliver an answer nobody waits for (the caller's
      // abort is handled by `abortable`, our time limit here).
      if (timedOut) throw new ApiError('timeout');
      if (response.status === 204) return undefined;
      const failure = classifyResponse(response, clock.now());
      if (failure) throw failure;
      const body = tryJson(response.text);
      return body === undefined ? malformed('not JSON') : body;
    } catch (error) {
      throw classifyFailure({ error, timedOut });
    } finally {
      clock.clearTimeout(timer);
    }
  }

  /** Tries again only when nothing can have happened on the server: a 429, or a lost GET. */
  async function send(request: HttpRequest): Promise<unknown> {
    for (let tryNo = 1; ; tryNo++) {
      try {
        return await attempt(request);
      } catch (error) {
        const e = error as ApiError;
        const retriable = e.kind === 'rate_limited' || (e.kind === 'network' && request.method === 'GET');
        if (!retriable || tryNo >= retry.attempts) throw e;
        const delay = e.retryAfter !== undefined ? e.retryAfter * 1000 : retry.baseDelayMs * 2 ** (tryNo - 1);
        if (delay > retry.maxDelayMs) throw e;
        let timer: unknown;
        await abortable(
          request.signal,
          () => new Promise<void>((resolve) => (timer = clock.setTimeout(resolve, delay))),
          () => clock.clearTimeout(timer),
        );
      }
    }
  }

  /** The body of an answer that must carry one: a 204 there is an ApiError of `kind`. */
  async function bodyOf(request: HttpRequest, kind: ApiErrorKind = 'malformed'): Promise<unknown> {
    const body = await send(request);
    if (body === undefined) throw new ApiError(kind, { status: 204 });
    return body;
  }

  /** A list whose 204 means "none": an empty array, which every list parser accepts. */
  async function getList(url: string, signal?: AbortSignal): Promise<unknown> {
    const body = await send({ method: 'GET', url, signal });
    return body === undefined ? [] : body;
  }

  return {
    async getLead(id, signal) {
      const url = `/api/v4/leads/${id}?with=contacts,loss_reason,source_id`;
      const lead = parseLead(await bodyOf({ method: 'GET', url, signal }, 'not_found'));
      if (lead.isDeleted) throw new ApiError('not_found', { status: 200, detail: 'deleted' });
      return lead;
    },
    getPipelines: shared(async (signal) =>
      parsePipelines(await bodyOf({ method: 'GET', url: '/api/v4/leads/pipelines', signal })),
    ),
    async searchTags(query, signal) {
      const url = `/api/v4/leads/tags?query=${encodeURIComponent(query)}&limit=${TAG_SEARCH_LIMIT}`;
      return parseTags(await getList(url, signal));
    },
    async createTag(name, signal) {
      const body = await bodyOf({ method: 'POST', url: '/api/v4/leads/tags', body: [{ name }], signal });
      const tag = parseTags(body)[0] ?? malformed('no tag created');
      return tag.name ? tag : { ...tag, name };
    },
    getCustomFields: shared(async (signal) => {
      const fields: CustomField[] = [];
      for (let page = 1; page <= CUSTOM_FIELDS_MAX_PAGES; page++) {
        // A page past the end answers 204 (read as an empty last page). Pages are read one after another.
        const url = `/api/v4/leads/custom_fields?limit=${CUSTOM_FIELDS_PAGE}&page=${page}`;
        const next = parseCustomFieldPage(await send({ method: 'GET', url, signal }));
        fields.push(...next.fields);
        if (!next.hasNext || next.fields.length === 0) break;
      }
      return fields;
    }),
    getLossReasons: shared(async (signal) =>
      parseLossReasons(await getList('/api/v4/leads/loss_reasons', signal)),
    ),
    getAccount: shared(async (signal) =>
      parseAccount(await bodyOf({ method: 'GET', url: '/api/v4/account', signal })),
    ),
    async patchLead(id, patch, signal) {
      return parsePatchResult(
        await bodyOf({ method: 'PATCH', url: `/api/v4/leads/${id}`, body: patch, signal }),
      );
    },
  };
}
