// What every part of the emulated host shares: its own state, the test hooks on window.__sandbox (listed in
// sandbox/README.md), the host page's own requests (never counted as the widget's) and small page helpers.

const LOG_LIMIT = 1000; // keeps the host's own logs from looking like a widget leak in long benchmark runs

function randomId() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
  return Math.random().toString(36).slice(2) + Date.now().toString(36);
}

export const sandbox = (window.__sandbox = {
  calls: [],
  appWrites: [],
  requests: [],
  widgetCode: null,
  lastSave: null,
  renderCount: 0,
  lastRenderAt: 0,
  // A new id only when the browser really loads the page: a test tells page:reload (same id) from location.reload().
  pageLoadId: randomId(),
  pageReloads: 0,
  instances: 0,
  localeFallback: null,
});

/** The host's mutable state. `view.kind`: card | new | list | settings | none. */
export const host = {
  config: null,
  manifest: null,
  Ctor: null,
  $: null,
  twig: null,
  widget: null,
  /** The widget object has not run any callback yet: its first area gets the whole sequence. */
  fresh: false,
  /** The widget object has gone through destroy (it left an area). */
  left: false,
  /**
   * What a widget object that left an area gets when it meets one again. 'render' (default, §4a): the same
   * object, render() alone. 'page': a new object and the whole sequence, unless the manifest says init_once.
   */
  reentry: 'render',
  lang: 'ru',
  /** The locale file actually given to the widget (lang, or a fallback when the widget lacks it). */
  locale: 'ru',
  langs: {},
  role: 'admin',
  active: true,
  view: { kind: 'none', leadId: null },
  previousView: null,
  /** The open card as the host read it: {lead, contacts}; null outside cards. */
  card: null,
  pipelines: [],
};

let readyResolve;
sandbox.ready = new Promise(function (resolve) {
  readyResolve = resolve;
});
export function markReady(ok) {
  readyResolve(ok);
}

export function pushLog(list, entry) {
  if (list === sandbox.calls && entry.t === undefined) entry.t = Math.round(performance.now());
  list.push(entry);
  if (list.length > LOG_LIMIT) list.splice(0, list.length - LOG_LIMIT);
  return entry;
}

// Captured before requests.js wraps window.fetch: the host page's own requests stay out of the widget's log.
export const hostFetch = window.fetch.bind(window);

export function hostGet(url) {
  return hostFetch(url, { headers: { 'X-Sandbox-Host': '1' }, credentials: 'same-origin' }).then(
    function (r) {
      return r.status === 204 ? null : r.json();
    },
  );
}

/**
 * The sandbox's control API, through the one client the tests and the benchmark use too (/control-client.js, a
 * classic script the page loads before its modules). Its requests go out with the host's own fetch.
 */
export const control = window.__sandboxControl.createControlClient({ fetch: hostFetch });

/** Dotted lookup that never throws (the host's own reads of the widget's locale). */
export function lookup(obj, key) {
  return String(key)
    .split('.')
    .reduce(function (node, part) {
      return node && typeof node === 'object' ? node[part] : undefined;
    }, obj);
}

export function toast(message, isError) {
  const box = document.getElementById('sb-toasts');
  const item = document.createElement('div');
  item.className = 'sb-toast' + (isError ? ' sb-toast--error' : '');
  item.setAttribute('role', isError ? 'alert' : 'status');
  item.textContent =
    message && typeof message === 'object'
      ? [message.header, message.text].filter(Boolean).join(': ')
      : String(message);
  box.appendChild(item);
  setTimeout(function () {
    item.remove();
  }, 5000);
}

/** A widget's exception must not stop the host, but it must reach the page's error reporting (and tests). */
export function reportAsync(error) {
  setTimeout(function () {
    throw error;
  }, 0);
}
