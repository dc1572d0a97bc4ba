// Transports: the host's jQuery (what the vendor's own widgets use) or fetch sending the same headers.
// Every HTTP status resolves as an answer; only a network failure or an abort rejects.
import { ApiError } from './errors';
import type { HttpRequest, HttpResponse, Transport } from './types';

const ACCEPT = 'application/hal+json, application/problem+json, application/json';

/** The part of a jqXHR this transport reads. */
export interface JqXhrLike {
  status: number;
  responseText?: string;
  getResponseHeader(name: string): string | null;
  abort(): void;
}

/** The part of the host's jQuery this transport uses (HostJQuery satisfies it). */
export interface JQueryAjaxLike {
  ajax(settings: Record<string, unknown>): unknown;
}

function hasAbort(value: unknown): value is Pick<JqXhrLike, 'abort'> {
  return typeof value === 'object' && value !== null && typeof (value as JqXhrLike).abort === 'function';
}

/** Sends through `$.ajax` on the account's origin: its session cookie, its ajax setup, its headers. */
export function createJQueryTransport($: JQueryAjaxLike): Transport {
  return {
    send(request: HttpRequest) {
      return new Promise<HttpResponse>((resolve, reject) => {
        const signal = request.signal;
        if (signal?.aborted) return reject(new ApiError('aborted'));
        let settled = false;
        const onAbort = () => {
          if (!settled && hasAbort(xhr)) xhr.abort();
        };
        // jQuery calls `complete(jqXHR, textStatus)` once, for success and error alike.
        const complete = (done: JqXhrLike, textStatus: string) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          if (textStatus === 'abort' || textStatus === 'canceled') return reject(new ApiError('aborted'));
          if (!done.status) return reject(new ApiError(textStatus === 'timeout' ? 'timeout' : 'network'));
          resolve({
            status: done.status,
            contentType: done.getResponseHeader('Content-Type') ?? '',
            text: done.responseText ?? '',
            retryAfter: done.getResponseHeader('Retry-After'),
          });
        };
        const withBody = request.body !== undefined;
        const xhr: unknown = $.ajax({
          url: request.url,
          type: request.method,
          ...(withBody ? { data: JSON.stringify(request.body), contentType: 'application/json' } : {}),
          // Raw text: we parse (and refuse) JSON ourselves, so an HTML error page is an answer, not a crash.
          dataType: 'text',
          // jQuery adds X-Requested-With itself on same-origin requests; naming it keeps it if a host's
          // ajaxSetup marks requests cross-domain.
          headers: { Accept: ACCEPT, 'X-Requested-With': 'XMLHttpRequest' },
          cache: true,
          complete,
        });
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

/** The fallback without jQuery: same origin, session cookie and the headers jQuery would send. */
export function createFetchTransport(fetchImpl: typeof fetch): Transport {
  return {
    async send(request) {
      const headers: Record<string, string> = { Accept: ACCEPT, 'X-Requested-With': 'XMLHttpRequest' };
      if (request.body !== undefined) headers['Content-Type'] = 'application/json';
      try {
        const response = await fetchImpl(request.url, {
          method: request.method,
          headers,
          credentials: 'same-origin',
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal: request.signal,
        });
        return {
          status: response.status,
          contentType: response.headers.get('Content-Type') ?? '',
          text: await response.text(),
          retryAfter: response.headers.get('Retry-After'),
        };
      } catch {
        throw new ApiError(request.signal?.aborted ? 'aborted' : 'network');
      }
    },
  };
}
