// The jQuery transport runs on the real jQuery (as the host provides it) over a scripted XMLHttpRequest.
import jq from 'jquery';
import { createFetchTransport, createJQueryTransport } from './transport';
import type { HttpResponse } from './types';

/** Enough of XMLHttpRequest for jQuery's xhr transport; the test decides how each request ends. */
class ScriptedXhr {
  static last: ScriptedXhr | null = null;
  method = '';
  url = '';
  body: unknown = undefined;
  headers: Record<string, string> = {};
  status = 0;
  statusText = '';
  responseText = '';
  responseType = '';
  readyState = 0;
  aborted = false;
  private responseHeaders = '';
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onreadystatechange: (() => void) | null = null;

  constructor() {
    ScriptedXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
  }
  getAllResponseHeaders() {
    return this.responseHeaders;
  }
  respond(status: number, text: string, headers: Record<string, string> = {}) {
    this.status = status;
    this.responseText = text;
    this.readyState = 4;
    this.responseHeaders = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    this.onload?.();
  }
  failNetwork() {
    this.readyState = 4;
    this.onerror?.();
  }
}

const jquery = jq as unknown as {
  ajax: (s: Record<string, unknown>) => unknown;
  ajaxSettings: { xhr: () => unknown };
};
const originalXhr = jquery.ajaxSettings.xhr;
beforeEach(() => {
  ScriptedXhr.last = null;
  jquery.ajaxSettings.xhr = () => new ScriptedXhr();
});
afterAll(() => {
  jquery.ajaxSettings.xhr = originalXhr;
});

const sentXhr = (): ScriptedXhr => {
  if (!ScriptedXhr.last) throw new Error('nothing sent');
  return ScriptedXhr.last;
};

describe('createJQueryTransport (real jQuery)', () => {
  const transport = createJQueryTransport(jquery);

  it('a PATCH goes to the same origin as JSON with the headers the host sends', async () => {
    const pending = transport.send({ method: 'PATCH', url: '/api/v4/leads/5', body: { price: 1500 } });
    const xhr = sentXhr();
    expect([xhr.method, xhr.url, xhr.body]).toEqual(['PATCH', '/api/v4/leads/5', '{"price":1500}']);
    expect(xhr.headers['Content-Type']).toBe('application/json');
    expect(xhr.headers['X-Requested-With']).toBe('XMLHttpRequest');
    expect(xhr.headers.Accept).toMatch(/application\/hal\+json/);
    xhr.respond(200, '{"id":5}', { 'Content-Type': 'application/hal+json' });
    await expect(pending).resolves.toEqual<HttpResponse>({
      status: 200,
      contentType: 'application/hal+json',
      text: '{"id":5}',
      retryAfter: null,
    });
  });

  it('a GET has no body, no Content-Type and no cache-busting parameter', async () => {
    const pending = transport.send({ method: 'GET', url: '/api/v4/leads/5?with=contacts' });
    const xhr = sentXhr();
    expect(xhr.url).toBe('/api/v4/leads/5?with=contacts');
    expect(xhr.body ?? null).toBeNull();
    expect(xhr.headers['Content-Type']).toBeUndefined();
    xhr.respond(204, '');
    await expect(pending).resolves.toMatchObject({ status: 204, text: '' });
  });

  it.each([
    [400, 'application/problem+json', '{"title":"Bad Request"}'],
    [403, 'text/html', '<html>403 Forbidden</html>'],
    [500, 'text/html', '<html>oops</html>'],
  ])('a %s is an answer, not a failure: status and raw text come back', async (status, type, text) => {
    const pending = transport.send({ method: 'GET', url: '/api/v4/leads/5' });
    sentXhr().respond(status, text, { 'Content-Type': type });
    await expect(pending).resolves.toMatchObject({ status, contentType: type, text });
  });

  it('a 429 carries its Retry-After', async () => {
    const pending = transport.send({ method: 'GET', url: '/api/v4/leads/5' });
    sentXhr().respond(429, '', { 'Retry-After': '2' });
    await expect(pending).resolves.toMatchObject({ status: 429, retryAfter: '2' });
  });

  it('a network failure rejects with network', async () => {
    const pending = transport.send({ method: 'GET', url: '/api/v4/leads/5' });
    sentXhr().failNetwork();
    await expect(pending).rejects.toMatchObject({ kind: 'network' });
  });

  it('the signal aborts the XHR and rejects with aborted', async () => {
    const controller = new AbortController();
    const pending = transport.send({ method: 'GET', url: '/api/v4/leads/5', signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
    expect(sentXhr().aborted).toBe(true);
  });

  it('an already aborted signal sends nothing', async () => {
    await expect(
      transport.send({ method: 'GET', url: '/api/v4/leads/5', signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ kind: 'aborted' });
    expect(ScriptedXhr.last).toBeNull();
  });
});

describe('createFetchTransport', () => {
  const calls: [string, RequestInit][] = [];
  const fakeFetch = (reply: () => Promise<Response>) =>
    ((url: string, init: RequestInit) => {
      calls.push([url, init]);
      return reply();
    }) as unknown as typeof fetch;
  const response = (status: number, text: string, headers: Record<string, string> = {}) =>
    ({
      status,
      headers: { get: (name: string) => headers[name] ?? null },
      text: async () => text,
    }) as unknown as Response;

  beforeEach(() => {
    calls.length = 0;
  });

  it('sends the session cookie and the headers jQuery would send; any status is an answer', async () => {
    const transport = createFetchTransport(
      fakeFetch(async () => response(403, '<html>nginx</html>', { 'Content-Type': 'text/html' })),
    );
    const result = await transport.send({ method: 'POST', url: '/api/v4/leads/tags', body: [{ name: 'x' }] });
    expect(result).toEqual({
      status: 403,
      contentType: 'text/html',
      text: '<html>nginx</html>',
      retryAfter: null,
    });
    const [url, init] = calls[0];
    expect(url).toBe('/api/v4/leads/tags');
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '[{"name":"x"}]' });
    expect(init.headers).toMatchObject({
      'X-Requested-With': 'XMLHttpRequest',
      'Content-Type': 'application/json',
      Accept: expect.stringContaining('application/problem+json'),
    });
  });

  it('a GET has no body and no Content-Type', async () => {
    const transport = createFetchTransport(fakeFetch(async () => response(200, '{}')));
    await transport.send({ method: 'GET', url: '/api/v4/account' });
    expect(calls[0][1].body).toBeUndefined();
    expect(calls[0][1].headers).not.toHaveProperty('Content-Type');
  });

  it('a rejected fetch is network, or aborted when the signal fired', async () => {
    const transport = createFetchTransport(
      fakeFetch(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(transport.send({ method: 'GET', url: '/x' })).rejects.toMatchObject({ kind: 'network' });
    await expect(
      transport.send({ method: 'GET', url: '/x', signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({
      kind: 'aborted',
    });
  });
});
