// The control API (/__sandbox/*) the page's panels, tests and the benchmark drive the sandbox with; one typed
// client for it is control-client.js. HTTP-free: the server hands over the method, path and parsed body. The
// live-event stream (/__sandbox/events) is the server's own, as it holds connections open.
const fs = require('fs');
const path = require('path');

/** The manifest's settings fields of type `custom`: the platform drops a plain (non-JSON) string saved there. */
function customSettingsFields(widgetDir) {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(widgetDir, 'manifest.json'), 'utf8'));
    return Object.keys(manifest.settings || {}).filter(
      (key) => manifest.settings[key] && manifest.settings[key].type === 'custom',
    );
  } catch {
    return [];
  }
}

function isJson(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * `amo`: the in-memory amoCRM; `push(message)`: sends a raw socket message to every open tab and returns how
 * many there are. The returned function answers one control request with the JSON to send, or undefined for an
 * unknown path (404).
 */
function createControl({ amo, widgetDir, widgetCode, push }) {
  function saveSettings(input) {
    const state = amo.state();
    // { fields: {code: value}, active: bool } as the settings form saves them (a bare fields object works too).
    const fields = input.fields && typeof input.fields === 'object' ? input.fields : input;
    const custom = customSettingsFields(widgetDir);
    const next = {};
    for (const [key, raw] of Object.entries(fields)) {
      if (key === 'active') continue;
      const text = typeof raw === 'string' ? raw : JSON.stringify(raw ?? '');
      // PLATFORM.md §2: a custom field keeps only a JSON string or a number; a plain string is dropped.
      next[key] = custom.includes(key) && text !== '' && !isJson(text) ? '' : text;
    }
    state.settings = next;
    if (typeof input.active === 'boolean') state.active = input.active;
    amo.save();
  }

  return function control(method, pathname, input = {}) {
    const state = amo.state();
    const route = pathname.replace(/^\/__sandbox\//, '');
    const post = method === 'POST';
    if (route === 'config')
      return {
        widgetCode,
        path: `/widgets/${widgetCode}`,
        role: amo.faults.role,
        active: state.active !== false,
        account: state.account,
        settings: state.settings,
        users: state.users || [],
        leads: state.leads.map((l) => ({ id: l.id, name: l.name })),
      };
    // Any raw socket message, as amoCRM's socket would push it (tests of listenSocketChannel's filter).
    if (route === 'push' && post) return { ok: true, clients: push(input) };
    if (route === 'faults') return post ? amo.configure(input) : amo.faults;
    if (route === 'reset') {
      amo.reset();
      return { ok: true };
    }
    if (route === 'requests') return amo.requests;
    if (route === 'requests/clear') {
      amo.clearRequests();
      return { ok: true };
    }
    if (route === 'settings') {
      if (post) saveSettings(input);
      return { fields: amo.state().settings, active: amo.state().active !== false };
    }
    const lead = /^lead\/(\d+)$/.exec(route);
    if (lead) {
      const id = Number(lead[1]);
      if (post) amo.editLead(id, input);
      return amo.state().leads.find((l) => l.id === id) || null;
    }
    return undefined;
  };
}

module.exports = { createControl };
