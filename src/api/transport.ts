// Transports: the host's jQuery (what the vendor's own widgets use; it adds X-Requested-With on same-origin
// requests) or fetch sending the same headers. Every HTTP status resolves; only network failure rejects.
import { ApiError } from './errors';
import type { HttpRequest, HttpResponse, Transport } from './types';

const ACCEPT = 'application/hal+json, application/problem+json, application/json';

interface JqXhrLike {
  status: number;
  responseText?: string;
  getResponseHeader(name: string): string | null;
  abort(): void;
  then?: unknown;
}

export interface JQueryAjaxLike {
  ajax(settings: Record<string, unknown>): unknown;
}

export function createJQueryTransport($: JQueryAjaxLike): Transport {
  return {
    send(request: HttpRequest) {
      return new Promise<HttpResponse>((resolve, reject) => {
        if (request.signal?.aborted) return reject(new ApiError('aborted'));
        let settled = false;
        const finish = (xhr: JqXhrLike, textStatus: string) => {
          if (settled) return;
          settled = true;
          request.signal?.removeEventListener('abort', onAbort);
          if (textStatus === 'abort') return reject(new ApiError('aborted'));
          if (!xhr.status) return reject(new ApiError(textStatus === 'timeout' ? 'timeout' : 'network'));
          resolve({ status: xhr.status, contentType: xhr.getResponseHeader('Content-Type') ?? '', text: xhr.responseText ?? '' });
        };
        const xhr = $.ajax({
          url: request.url,
          type: request.method,
          data: request.body === undefined ? undefined : JSON.stringify(request.body),
          contentType: request.body === undefined ? undefined : 'application/json',
          dataType: 'text',
          headers: { Accept: ACCEPT },
          cache: true,
          complete: finish,
        }) as JqXhrLike;
        const onAbort = () => {
          if (settled) return;
          xhr.abort();
        };
        request.signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

export function createFetchTransport(fetchImpl: typeof fetch): Transport {
  return {
    async send(request) {
      const headers: Record<string, string> = { Accept: ACCEPT, 'X-Requested-With': 'XMLHttpRequest' };
      if (request.body !== undefined) headers['Content-Type'] = 'application/json';
      let response: Response;
      try {
        response = await fetchImpl(request.url, {
          method: request.method,
          headers,
          credentials: 'same-origin',
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal: request.signal,
        });
      } catch {
        throw new ApiError(request.signal?.aborted ? 'aborted' : 'network');
      }
      return { status: response.status, contentType: response.headers.get('Content-Type') ?? '', text: await response.text() };
    },
  };
}
