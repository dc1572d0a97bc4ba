// Transports: the host's jQuery (what the vendor's own widgets use) or fetch sending the same headers.
// Every HTTP status resolves as an answer; only a network failure or an abort rejects.
import { abortable } from './abort';
import { ApiError } from './errors';
import type { HttpResponse, Transport } from './types';

const JSON_TYPE = 'application/json';
// jQuery adds X-Requested-With itself on same-origin requests; naming it keeps it if a host's ajaxSetup marks
// requests cross-domain. fetch sends the same pair.
const HEADERS = {
  Accept: `application/hal+json, application/problem+json, ${JSON_TYPE}`,
  'X-Requested-With': 'XMLHttpRequest',
};

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

const answer = (status: number, text: string, header: (name: string) => string | null): HttpResponse => ({
  status,
  contentType: header('Content-Type') ?? '',
  text,
  retryAfter: header('Retry-After'),
});

/** Sends through `$.ajax` on the account's origin: its session cookie, its ajax setup, its headers. */
export function createJQueryTransport($: JQueryAjaxLike): Transport {
  return {
    send(request) {
      let xhr: Partial<JqXhrLike> | undefined;
      const start = () =>
        new Promise<HttpResponse>((resolve, reject) => {
          const body = JSON.stringify(request.body); // undefined when there is no body
          xhr = $.ajax({
            url: request.url,
            type: request.method,
            ...(body === undefined ? {} : { data: body, contentType: JSON_TYPE }),
            // Raw text: we parse (and refuse) JSON ourselves, so an HTML error page is an answer, not a crash.
            dataType: 'text',
            headers: HEADERS,
            cache: true,
            // jQuery calls `complete(jqXHR, textStatus)` once, for success and error alike.
            complete(done: JqXhrLike, textStatus: string) {
              if (textStatus === 'abort' || textStatus === 'canceled') reject(new ApiError('aborted'));
              else if (!done.status) reject(new ApiError(textStatus === 'timeout' ? 'timeout' : 'network'));
              else
                resolve(answer(done.status, done.responseText ?? '', (name) => done.getResponseHeader(name)));
            },
          }) as Partial<JqXhrLike>;
        });
      return abortable(request.signal, start, () => xhr?.abort?.());
    },
  };
}

/** The fallback without jQuery: same origin, session cookie and the headers jQuery would send. */
export function createFetchTransport(fetchImpl: typeof fetch): Transport {
  return {
    async send(request) {
      const body = JSON.stringify(request.body); // undefined when there is no body
      try {
        const response = await fetchImpl(request.url, {
          method: request.method,
          headers: body === undefined ? HEADERS : { ...HEADERS, 'Content-Type': JSON_TYPE },
          credentials: 'same-origin',
          body,
          signal: request.signal,
        });
        return answer(response.status, await response.text(), (name) => response.headers.get(name));
      } catch {
        throw new ApiError(request.signal?.aborted ? 'aborted' : 'network');
      }
    },
  };
}
