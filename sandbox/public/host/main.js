// The emulated amoCRM host page: boots the widget the way amoCRM does, binds the sandbox's own controls and
// publishes the test hooks on window.__sandbox (sandbox/README.md lists them).
import { sandbox, host, hostFetch, hostGet, control, markReady } from './state.js';
import { watchRequests } from './requests.js';
import { rawApp, installApp, configureApp, updateSystem } from './app.js';
import { loadHostModules } from './amd.js';
import { createInstance, deliver, subscriptionCount, whenRendered, addNeighbourBlock } from './widget.js';
import { openLead, openNewLead, openList, leave, reopen, syncUrl, listenPageReload } from './card.js';
import { openSettings, saveSettings, closeSettings, disableWidget } from './settings.js';

watchRequests();
installApp();

/**
 * The widget's locale: the user's language when the manifest lists it, else `en`, else the manifest's first
 * locale (what amoCRM does then is UNCONFIRMED; the page says which file the widget got).
 */
function chooseLocale() {
  const locales = (host.manifest.widget && host.manifest.widget.locale) || [];
  if (!Array.isArray(locales) || locales.length === 0 || locales.indexOf(host.lang) >= 0) return host.lang;
  return locales.indexOf('en') >= 0 ? 'en' : locales[0];
}

function loadLangs() {
  host.locale = chooseLocale();
  const notice = document.getElementById('sb-locale-notice');
  if (host.locale !== host.lang) {
    sandbox.localeFallback = { wanted: host.lang, used: host.locale };
    notice.textContent = 'The widget has no ' + host.lang + ' locale; showing ' + host.locale;
    notice.hidden = false;
  } else {
    sandbox.localeFallback = null;
    notice.hidden = true;
  }
  return hostFetch(host.config.path + '/i18n/' + host.locale + '.json')
    .then(function (r) {
      if (!r.ok) throw new Error('i18n/' + host.locale + '.json: HTTP ' + r.status);
      return r.json();
    })
    .then(function (data) {
      Object.keys(host.langs).forEach(function (k) {
        delete host.langs[k];
      });
      Object.assign(host.langs, data);
    });
}

function setLang(code) {
  const back = host.view.kind === 'settings' ? host.previousView || { kind: 'list' } : host.view;
  const modal = document.getElementById('sb-settings-modal');
  leave();
  if (modal) modal.remove();
  host.view = { kind: 'none', leadId: null };
  host.lang = code;
  rawApp.lang_id = code;
  document.documentElement.lang = code;
  document.getElementById('sb-lang').value = code;
  return loadLangs().then(function () {
    // amoCRM reloads the page for another language: a new widget object, the whole sequence again.
    createInstance();
    return reopen(back);
  });
}

function setTheme(theme) {
  document.documentElement.setAttribute('data-color-scheme', theme === 'dark' ? 'dark' : 'light');
  document.getElementById('sb-theme').value = theme === 'dark' ? 'dark' : 'light';
  if (host.config) syncUrl();
}

function setUser(next) {
  host.role = next === 'manager' ? 'manager' : 'admin';
  document.getElementById('sb-user').value = host.role;
  updateSystem();
  return control.setRole(host.role).then(function () {
    if (host.view.kind === 'card') return openLead(host.view.leadId);
  });
}

Object.assign(sandbox, {
  openLead: openLead,
  openNewLead: openNewLead,
  openList: openList,
  openSettings: openSettings,
  saveSettings: saveSettings,
  closeSettings: closeSettings,
  disableWidget: disableWidget,
  setLang: setLang,
  setTheme: setTheme,
  setUser: setUser,
  subscriptions: subscriptionCount,
  whenRendered: whenRendered,
  /** The live widget object, as amoCRM holds it (tests call its system methods). */
  widget: function () {
    return host.widget;
  },
  /** A block of another installed widget with that code, placed by the same rules as the widget's own. */
  addNeighbourBlock: addNeighbourBlock,
  /** 'render' (default) or 'page': see host.reentry in sandbox/public/host/state.js and sandbox/README.md. */
  setReentry: function (mode) {
    host.reentry = mode === 'page' ? 'page' : 'render';
    syncUrl();
  },
});

function startEvents(query) {
  const source = new EventSource('/__sandbox/events');
  source.onmessage = function (message) {
    const event = JSON.parse(message.data);
    if (event.type === 'widget-rebuilt') {
      if (!query.has('noreload')) location.reload();
      return;
    }
    deliver(event);
  };
}

function showFaults(faults) {
  const out = document.getElementById('sb-fault-state');
  const armed = faults.failNext.map(function (f) {
    return f.count + '× ' + f.kind + (f.method ? ' ' + f.method : '') + (f.path ? ' ' + f.path : '');
  });
  out.textContent =
    'latency ' +
    faults.latencyMs +
    ' ms; armed: ' +
    (armed.join(', ') || 'none') +
    '; user ' +
    faults.role +
    (faults.blockedUntil > Date.now() ? '; API BLOCKED' : '');
}

function bindControls() {
  const select = document.getElementById('sb-lead');
  host.config.leads.forEach(function (lead) {
    const option = document.createElement('option');
    option.value = String(lead.id);
    option.textContent = lead.id + ' · ' + (lead.name.length > 40 ? lead.name.slice(0, 40) + '…' : lead.name);
    select.appendChild(option);
  });
  select.onchange = function () {
    openLead(Number(select.value));
  };
  document.getElementById('sb-new').onclick = openNewLead;
  document.getElementById('sb-list').onclick = openList;
  document.getElementById('sb-settings').onclick = openSettings;
  document.getElementById('sb-lang').onchange = function (e) {
    setLang(e.target.value);
  };
  document.getElementById('sb-theme').onchange = function (e) {
    setTheme(e.target.value);
  };
  document.getElementById('sb-user').onchange = function (e) {
    setUser(e.target.value);
  };
  const reentry = document.getElementById('sb-reentry');
  reentry.value = host.reentry;
  reentry.onchange = function () {
    sandbox.setReentry(reentry.value);
  };
  document.getElementById('sb-latency').onchange = function (e) {
    control.setLatency(Number(e.target.value) || 0).then(showFaults);
  };
  document.getElementById('sb-fail').onclick = function () {
    control
      .failNext({
        count: Number(document.getElementById('sb-fail-count').value) || 1,
        kind: document.getElementById('sb-fail-kind').value,
      })
      .then(showFaults);
  };
  document.getElementById('sb-clear').onclick = function () {
    control.clearFaults().then(function (faults) {
      document.getElementById('sb-latency').value = '0';
      showFaults(faults);
    });
  };
  document.getElementById('sb-reset').onclick = function () {
    control.reset().then(function () {
      location.reload();
    });
  };
  control.faults().then(showFaults);
}

function loadWidgetScript() {
  const url = host.config.path + '/script.js?v=' + encodeURIComponent(host.manifest.widget.version);
  return new Promise(function (resolve, reject) {
    requirejs(
      [url],
      function (WidgetConstructor) {
        if (typeof WidgetConstructor !== 'function')
          reject(new Error('script.js did not define a constructor (got ' + typeof WidgetConstructor + ')'));
        else {
          host.Ctor = WidgetConstructor;
          resolve();
        }
      },
      reject,
    );
  });
}

function boot() {
  const query = new URLSearchParams(location.search);
  host.lang = query.get('lang') || 'ru';
  host.reentry = query.get('reentry') === 'page' ? 'page' : 'render';
  rawApp.lang_id = host.lang;
  document.documentElement.lang = host.lang;
  document.getElementById('sb-lang').value = host.lang;
  if (query.get('theme')) setTheme(query.get('theme'));
  return control
    .config()
    .then(function (c) {
      host.config = c;
      const code = query.get('code');
      // Any code works (?code=...): a widget that hard-codes its own code breaks visibly.
      if (code && /^[A-Za-z0-9_-]{1,64}$/.test(code)) {
        host.config.widgetCode = code;
        host.config.path = '/widgets/' + code;
      }
      host.role = c.role;
      host.active = c.active !== false;
      sandbox.widgetCode = host.config.widgetCode;
      document.getElementById('sb-user').value = host.role;
      configureApp();
      return Promise.all([
        hostFetch(host.config.path + '/manifest.json').then(function (r) {
          if (!r.ok) throw new Error('manifest.json: HTTP ' + r.status);
          return r.json();
        }),
        hostGet('/api/v4/leads/pipelines'),
      ]);
    })
    .then(function (results) {
      host.manifest = results[0];
      host.pipelines = results[1]._embedded.pipelines;
      return Promise.all([loadLangs(), loadHostModules()]);
    })
    .then(loadWidgetScript)
    .then(function () {
      bindControls();
      listenPageReload();
      startEvents(query);
      createInstance();
      const start = query.get('view');
      const first =
        start === 'list'
          ? openList()
          : start === 'new'
            ? openNewLead()
            : start === 'settings'
              ? openSettings()
              : start !== 'none'
                ? openLead(Number(query.get('lead')) || host.config.leads[0].id)
                : null;
      return first;
    })
    .then(
      function () {
        markReady(true);
      },
      function (error) {
        document.getElementById('sb-card-fields').textContent =
          'The sandbox could not load the widget: ' + ((error && error.message) || error);
        markReady(false);
      },
    );
}

boot();
