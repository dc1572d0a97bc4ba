// The request gate: what stands between a request and the API routes — the session, amoCRM's rate limit and
// its blocking, the armed faults and the latency. HTTP-free, so the HTTP server and the in-memory amoCRM share it.
const { DROPS, faultAnswer, noSession, tooManyRequests, blocked } = require('./faults');

/** amoCRM's documented limit: 7 requests per second. */
const RATE_LIMIT = 7;
// Repeated excess gets the account's API blocked with an nginx 403 page (API.md); the thresholds are the sandbox's own.
const BLOCK_AFTER_429 = 20;
const BLOCK_MS = 30000;
const WINDOW_MS = 1000;
const REFUSALS_WINDOW_MS = 60000;

/**
 * `clock.now()` in ms (Date by default; tests pass a fake one). `rateLimit`: requests per sliding second
 * before 429. The returned `faults` object is live: the control API and the page's panel show it.
 */
function createGate({ rateLimit = RATE_LIMIT, clock = { now: () => Date.now() }, role = 'admin' } = {}) {
  const faults = { latencyMs: 0, failNext: [], role, blockedUntil: 0 };
  const recent = [];
  const refused = [];

  /** `{latencyMs}`, `{failNext: {count, kind, method?, path?}}`, `{role}`, `{clear: true}` — as POST /__sandbox/faults. */
  function configure(input = {}) {
    if (typeof input.latencyMs === 'number') faults.latencyMs = Math.max(0, input.latencyMs);
    if (input.failNext) faults.failNext.push({ count: 1, ...input.failNext });
    if (input.clear) {
      faults.failNext = [];
      faults.blockedUntil = 0;
      refused.length = 0;
    }
    if (input.role === 'admin' || input.role === 'manager') faults.role = input.role;
    return faults;
  }

  function reset() {
    faults.latencyMs = 0;
    faults.failNext = [];
    faults.role = 'admin';
    faults.blockedUntil = 0;
    refused.length = 0;
    recent.length = 0;
  }

  /**
   * Decides one request before the routes see it. `session`: the request carries the session cookie;
   * `fromHost`: the host page's own request (amoCRM's page has its data already: never limited, never faulted).
   * Returns null to let it through, `{answer}` to answer instead, or `{drop}` ('network' | 'timeout').
   */
  function check({ method, url, session, fromHost }) {
    if (!session) return { answer: noSession() };
    if (fromHost) return null;
    const now = clock.now();
    while (recent.length && recent[0] <= now - WINDOW_MS) recent.shift();
    recent.push(now);
    if (faults.blockedUntil > now) return { answer: blocked() };
    if (recent.length > rateLimit) {
      while (refused.length && refused[0] <= now - REFUSALS_WINDOW_MS) refused.shift();
      refused.push(now);
      if (refused.length >= BLOCK_AFTER_429) faults.blockedUntil = now + BLOCK_MS;
      return { answer: tooManyRequests() };
    }
    const fault = faults.failNext.find(
      (f) => f.count > 0 && (!f.path || url.includes(f.path)) && (!f.method || f.method === method),
    );
    if (!fault) return null;
    fault.count -= 1;
    faults.failNext = faults.failNext.filter((f) => f.count > 0);
    return DROPS.includes(fault.kind) ? { drop: fault.kind } : { answer: faultAnswer(fault.kind) };
  }

  /** The card page itself is already there in amoCRM: only the widget's requests are slowed down. */
  const latencyFor = ({ fromHost }) => (fromHost ? 0 : faults.latencyMs);

  return { faults, configure, reset, check, latencyFor };
}

module.exports = { createGate, RATE_LIMIT };
