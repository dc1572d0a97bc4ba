// The one client of the sandbox's control API (/__sandbox/*, served by control.js): the host page, the browser
// tests and the benchmark drive the sandbox through it. Types: control-client.d.ts.
// One file for both worlds: CommonJS in Node (require), a classic script on the host page, where it sets
// window.__sandboxControl (no `define` check on purpose: RequireJS is on that page and must not claim this file).
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.__sandboxControl = factory();
})(globalThis, function () {
  'use strict';

  /**
   * `baseUrl`: the sandbox's address ('' on its own page); `fetch`: the fetch to use (the host page passes the
   * one it captured before it started logging the widget's requests).
   */
  function createControlClient(options) {
    const base = String((options && options.baseUrl) || '').replace(/\/+$/, '');
    const fetchImpl = (options && options.fetch) || fetch;

    /** GET without a body, POST with one. Answers are JSON; anything else is an error worth seeing. */
    function call(route, body) {
      return fetchImpl(base + '/__sandbox/' + route, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(function (response) {
        if (!response.ok) throw new Error('sandbox control ' + route + ': HTTP ' + response.status);
        return response.json();
      });
    }

    return {
      /** What the host page boots from: widget code and path, role, active, account, settings, users, leads. */
      config: function () {
        return call('config');
      },
      faults: function () {
        return call('faults');
      },
      /** `{latencyMs}`, `{failNext: {count, kind, method?, path?}}`, `{role}`, `{clear: true}`, together or apart. */
      setFaults: function (input) {
        return call('faults', input || {});
      },
      /** The next `count` (1) requests matching `method` and `path` (a substring of the URL) fail with `kind`. */
      failNext: function (fault) {
        return call('faults', { failNext: fault });
      },
      setLatency: function (ms) {
        return call('faults', { latencyMs: ms });
      },
      setRole: function (role) {
        return call('faults', { role: role });
      },
      /** No armed faults, no latency, the API unblocked. */
      clearFaults: function () {
        return call('faults', { clear: true, latencyMs: 0 });
      },
      /** Back to the seed data; faults, role and the request log cleared. */
      reset: function () {
        return call('reset', {});
      },
      /** The widget's API requests as the server saw them. */
      requests: function () {
        return call('requests');
      },
      clearRequests: function () {
        return call('requests/clear', {});
      },
      settings: function () {
        return call('settings');
      },
      /** Saves the widget's settings as the settings modal does: `{fields, active}`. */
      saveSettings: function (saved) {
        return call('settings', saved);
      },
      /** A deal as the server stores it (null when missing). */
      lead: function (id) {
        return call('lead/' + Number(id));
      },
      /** An edit made elsewhere: changes the stored deal and pushes the live event to every tab. */
      editLead: function (id, changes) {
        return call('lead/' + Number(id), changes);
      },
      /** Any raw socket message `{body: {channel, payload}}` to every open tab. */
      push: function (message) {
        return call('push', message);
      },
      /** The live-event stream (server-sent events): deal changes and rebuild notices. */
      eventsUrl: base + '/__sandbox/events',
    };
  }

  return { createControlClient: createControlClient };
});
