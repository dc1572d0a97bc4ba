// The page's view of the widget's API requests: jQuery's XHR and bare fetch alike, as DevTools would show them.
import { sandbox, pushLog, hostFetch } from './state.js';

function logRequest(method, url, body) {
  const u = new URL(String(url), location.href);
  if (u.origin === location.origin && u.pathname.indexOf('/api/v4/') !== 0) return null;
  return pushLog(sandbox.requests, {
    method: String(method || 'GET').toUpperCase(),
    url: u.origin === location.origin ? u.pathname + u.search : u.href,
    body: typeof body === 'string' ? body : body == null ? null : String(body),
    time: Math.round(performance.now()),
    status: 0,
  });
}

export function watchRequests() {
  const xhrInfo = new WeakMap();
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    xhrInfo.set(this, { method: method, url: url });
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function (body) {
    const info = xhrInfo.get(this);
    const entry = info && logRequest(info.method, info.url, body);
    if (entry)
      this.addEventListener('loadend', function () {
        entry.status = this.status;
      });
    return send.apply(this, arguments);
  };
  window.fetch = function (input, init) {
    const url = typeof input === 'string' || input instanceof URL ? input : input.url;
    const entry = logRequest((init && init.method) || (input && input.method), url, init && init.body);
    return hostFetch(input, init).then(function (response) {
      if (entry) entry.status = response.status;
      return response;
    });
  };
}
