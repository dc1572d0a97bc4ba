// The in-memory amoCRM: the account's data, the request gate (session, rate limit, blocking, latency, armed
// faults) and the API v4 routes behind one HTTP-free call. The sandbox's HTTP server is a thin adapter over it,
// and the jsdom tests use it as the widget client's transport (src/testing/amocrm.ts): one amoCRM for both.
const { createGate } = require('./gate');
const { handleApi } = require('./api');
const { createSeed } = require('./seed');
const { leadChangedMessage } = require('./live-events');
const { problem } = require('./responses');

const realClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id),
};

const clone = (value) => JSON.parse(JSON.stringify(value));

/** UTF-8 length without Buffer or TextEncoder, which a jsdom test environment may lack. */
function utf8Bytes(text) {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

function abortError() {
  return typeof DOMException === 'function'
    ? new DOMException('The operation was aborted.', 'AbortError')
    : Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
}

/** Resolves after `ms` on `clock`; rejects with an AbortError when `signal` fires first. */
function wait(clock, ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject(abortError());
    const timer = clock.setTimeout(() => {
      if (signal) signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    function stop() {
      clock.clearTimeout(timer);
      reject(abortError());
    }
    if (signal) signal.addEventListener('abort', stop, { once: true });
  });
}

/**
 * `seed`: the account's data (an object, copied, or a function returning a fresh one; default seed.js) — also
 * what reset() restores. `initialState`: start from saved data instead. `role`: 'admin' | 'manager'.
 * `rateLimit`: requests per sliding second before 429 (7). `clock`: `{now, setTimeout, clearTimeout}` for the
 * rate window and the latency. `persist(state)`: called after every write (the server saves its data file).
 */
function createInMemoryAmo({
  seed,
  initialState,
  role = 'admin',
  rateLimit,
  clock = realClock,
  persist = () => {},
} = {}) {
  const makeSeed = () => (typeof seed === 'function' ? seed() : seed ? clone(seed) : createSeed());
  let state = initialState || makeSeed();
  const gate = createGate({ rateLimit, clock, role });
  /** The widget's API requests (never the host page's own): method, url, body, t, status, xrw, bytes. */
  const requests = [];
  const listeners = new Set();
  const started = clock.now();
  const save = () => persist(state);
  const emit = (message) => listeners.forEach((listener) => listener(message));

  /**
   * One request as the server receives it: `text` is the raw body. `session`: the session cookie came with it;
   * `fromHost`: the host page's own request. Resolves with `{status, contentType, text}`, or `{drop}` when the
   * connection is to break ('network') or never answer ('timeout').
   */
  async function handle({ method, url, text = '', session = true, fromHost = false, xrw = null, signal }) {
    let body;
    let invalid = false;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      invalid = true;
    }
    const entry = { method, url, body: invalid ? text : body, t: clock.now() - started, status: 0, xrw };
    if (!fromHost) requests.push(entry);
    const finish = (answer) => {
      entry.status = answer.status;
      entry.bytes = utf8Bytes(answer.text);
      return answer;
    };
    const latency = gate.latencyFor({ fromHost });
    if (latency > 0) await wait(clock, latency, signal);
    const decision = gate.check({ method, url, session, fromHost });
    if (decision && decision.drop) {
      entry.status = -1;
      return { drop: decision.drop };
    }
    if (decision) return finish(decision.answer);
    if (invalid) {
      const refused = problem(400, 'Bad Request', 'Request body is not valid JSON');
      return finish({ status: 400, contentType: refused.type, text: JSON.stringify(refused.body) });
    }
    // The deals before a write, so the live event can say what each field was.
    const before = method === 'GET' ? null : clone(state.leads);
    const result = handleApi(method, url, body, {
      state,
      role: gate.faults.role,
      persist: save,
      changed: (id) => changed(id, before && before.find((l) => l.id === id)),
    });
    return finish({
      status: result.status,
      contentType: result.type || '',
      text: result.body === null ? '' : JSON.stringify(result.body),
    });
  }

  function changed(leadId, before) {
    emit(
      leadChangedMessage(
        state.leads.find((l) => l.id === leadId),
        leadId,
        before,
      ),
    );
  }

  /**
   * The widget's side of the wire: `{method, url, body, signal}` (body as an object, sent as JSON) →
   * `{status, contentType, text}`. A 'network' fault throws as fetch does; a 'timeout' fault never answers until
   * the signal aborts.
   */
  async function send({ method, url, body, signal, session = true }) {
    if (signal && signal.aborted) throw abortError();
    const answer = await handle({
      method,
      url,
      text: body === undefined ? '' : JSON.stringify(body),
      session,
      signal,
    });
    if (answer.drop === 'network') throw new TypeError('Failed to fetch');
    if (answer.drop === 'timeout')
      return new Promise((_resolve, reject) => {
        if (signal) signal.addEventListener('abort', () => reject(abortError()), { once: true });
      });
    return { status: answer.status, contentType: answer.contentType, text: answer.text };
  }

  return {
    send,
    handle,
    /** The account's data, live (the routes change it in place). */
    state: () => state,
    /** The gate's live settings: latencyMs, failNext, role, blockedUntil. */
    faults: gate.faults,
    /** As POST /__sandbox/faults: `{latencyMs}`, `{failNext}`, `{role}`, `{clear: true}`. */
    configure: gate.configure,
    /** The next `count` (1) requests matching `method` and `path` (a substring of the URL) fail with `kind`. */
    arm: (fault) => gate.configure({ failNext: fault }),
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    /** Back to the seed: data, faults, role, request log. */
    reset() {
      state = makeSeed();
      gate.reset();
      requests.length = 0;
      save();
    },
    save,
    /** Raw socket messages `{body: {channel, payload}}` (live events); returns the unsubscribe function. */
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** An edit made elsewhere (another user, a robot): changes the deal as given and pushes the live event. */
    editLead(id, changes) {
      const lead = state.leads.find((l) => l.id === id);
      if (!lead) return null;
      const before = clone(lead);
      Object.assign(lead, changes, { updated_at: lead.updated_at + 1 });
      save();
      changed(id, before);
      return lead;
    },
  };
}

module.exports = { createInMemoryAmo };
