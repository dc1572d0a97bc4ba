// The emulated amoCRM host: loads a widget the way amoCRM does and drives its callbacks like amoCRM.
// Everything a test needs is on window.__sandbox (see sandbox/README.md).
'use strict';

(function () {
  var LOG_LIMIT = 1000; // keeps the host's own logs from looking like a widget leak in long benchmark runs
  var sandbox = (window.__sandbox = {
    calls: [],
    appWrites: [],
    requests: [],
    widgetCode: null,
    lastSave: null,
    renderCount: 0,
    lastRenderAt: 0,
  });
  var config = null;
  var manifest = null;
  var Ctor = null;
  var $ = null;
  var widget = null;
  var langs = {};
  var lang = 'ru';
  var role = 'admin';
  var active = true;
  var view = { kind: 'none', leadId: null };
  var subscriptions = new Map();
  var nextSubscription = 1;
  var pipelines = [];
  var renderWaiters = [];
  var readyResolve;
  sandbox.ready = new Promise(function (resolve) {
    readyResolve = resolve;
  });

  var USERS = {
    admin: {
      id: 11,
      name: 'Администратор',
      rights: {
        is_admin: 'Y',
        is_free: 'N',
        leads: { view: 'A', edit: 'A', add: 'A', delete: 'A', export: 'A' },
      },
    },
    manager: {
      id: 12,
      name: 'Менеджер',
      rights: {
        is_admin: 'N',
        is_free: 'N',
        leads: { view: 'A', edit: 'D', add: 'D', delete: 'D', export: 'D' },
      },
    },
  };

  function pushLog(list, entry) {
    if (list === sandbox.calls && entry.t === undefined) entry.t = Math.round(performance.now());
    list.push(entry);
    if (list.length > LOG_LIMIT) list.splice(0, list.length - LOG_LIMIT);
    return entry;
  }

  // ---- the page's view of the widget's API requests (jQuery's XHR and fetch) -----------------------
  var hostFetch = window.fetch.bind(window);
  function logRequest(method, url, body) {
    var u = new URL(String(url), location.href);
    if (u.origin === location.origin && u.pathname.indexOf('/api/v4/') !== 0) return null;
    return pushLog(sandbox.requests, {
      method: String(method || 'GET').toUpperCase(),
      url: u.origin === location.origin ? u.pathname + u.search : u.href,
      body: typeof body === 'string' ? body : body == null ? null : String(body),
      time: Math.round(performance.now()),
      status: 0,
    });
  }
  (function watchRequests() {
    var xhrInfo = new WeakMap();
    var open = XMLHttpRequest.prototype.open;
    var send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.open = function (method, url) {
      xhrInfo.set(this, { method: method, url: url });
      return open.apply(this, arguments);
    };
    XMLHttpRequest.prototype.send = function (body) {
      var info = xhrInfo.get(this);
      var entry = info && logRequest(info.method, info.url, body);
      if (entry)
        this.addEventListener('loadend', function () {
          entry.status = this.status;
        });
      return send.apply(this, arguments);
    };
    window.fetch = function (input, init) {
      var url = typeof input === 'string' || input instanceof URL ? input : input.url;
      var entry = logRequest((init && init.method) || (input && input.method), url, init && init.body);
      return hostFetch(input, init).then(function (response) {
        if (entry) entry.status = response.status;
        return response;
      });
    };
  })();

  // ---- the APP global: a read-only view that reports every write ---------------------------------
  function cardModel(id) {
    // A tiny Backbone-like model of the card form; attribute names follow the API (the real ones are UNCONFIRMED).
    var attributes = { id: id };
    var noop = function () {};
    return {
      id: id,
      attributes: attributes,
      get: function (key) {
        return attributes[key];
      },
      toJSON: function () {
        return Object.assign({}, attributes);
      },
      on: noop,
      off: noop,
      once: noop,
      listenTo: noop,
      stopListening: noop,
    };
  }

  var rawApp = {
    data: { current_card: false },
    lang_id: lang,
    getBaseEntity: function () {
      return view.kind === 'none' ? null : 'leads';
    },
    isCard: function () {
      return view.kind === 'card' || view.kind === 'new';
    },
    getWidgetsArea: function () {
      return view.kind === 'list' ? 'leads' : view.kind === 'settings' ? 'settings' : 'leads_card';
    },
    constant: function (name) {
      var user = USERS[role];
      if (name === 'user') return { id: user.id, name: user.name, login: role + '@sandbox.test', lang: lang };
      if (name === 'account')
        return {
          id: config.account.id,
          subdomain: config.account.subdomain,
          currency: config.account.currency,
          name: config.account.name,
          country: config.account.country,
        };
      if (name === 'user_rights') return JSON.parse(JSON.stringify(user.rights));
      if (name === 'managers')
        return {
          11: { id: 11, title: USERS.admin.name, active: true, is_admin: 'Y' },
          12: { id: 12, title: USERS.manager.name, active: true, is_admin: 'N' },
        };
      if (name === 'groups') return { 0: 'Отдел продаж' };
      return undefined;
    },
    notifications: {
      show_message: function (m) {
        pushLog(sandbox.calls, {
          name: 'notifications.show_message',
          leadId: view.leadId,
          returned: undefined,
          arg: m,
        });
        toast(m, false);
      },
      add_error: function (m) {
        pushLog(sandbox.calls, {
          name: 'notifications.add_error',
          leadId: view.leadId,
          returned: undefined,
          arg: m,
        });
        toast(m, true);
      },
    },
  };

  function toast(message, isError) {
    var box = document.getElementById('sb-toasts');
    var item = document.createElement('div');
    item.className = 'sb-toast' + (isError ? ' sb-toast--error' : '');
    item.setAttribute('role', isError ? 'alert' : 'status');
    var text =
      message && typeof message === 'object'
        ? [message.header, message.text].filter(Boolean).join(': ')
        : String(message);
    item.textContent = text;
    box.appendChild(item);
    setTimeout(function () {
      item.remove();
    }, 5000);
  }

  function reportWrite(path) {
    sandbox.appWrites.push(path);
    var box = document.getElementById('sb-app-writes');
    box.hidden = false;
    box.textContent =
      'The widget wrote to APP (read-only by the platform rules): ' + sandbox.appWrites.join(', ');
  }

  var proxies = new WeakMap();
  function watched(target, path) {
    if (proxies.has(target)) return proxies.get(target);
    var proxy = new Proxy(target, {
      get: function (obj, key) {
        var value = obj[key];
        return value && typeof value === 'object' ? watched(value, path + '.' + String(key)) : value;
      },
      set: function (obj, key, value) {
        reportWrite(path + '.' + String(key));
        obj[key] = value;
        return true;
      },
      defineProperty: function (obj, key, desc) {
        reportWrite(path + '.' + String(key));
        return Reflect.defineProperty(obj, key, desc);
      },
      deleteProperty: function (obj, key) {
        reportWrite(path + '.' + String(key));
        return Reflect.deleteProperty(obj, key);
      },
    });
    proxies.set(target, proxy);
    return proxy;
  }
  var appView = watched(rawApp, 'APP');
  ['APP', 'AMOCRM'].forEach(function (name) {
    // Replacing the global itself is a write too.
    Object.defineProperty(window, name, {
      configurable: false,
      get: function () {
        return appView;
      },
      set: function () {
        reportWrite(name);
      },
    });
  });

  // ---- requests of the host page itself (not counted as the widget's) -----------------------------
  function hostGet(url) {
    return hostFetch(url, { headers: { 'X-Sandbox-Host': '1' }, credentials: 'same-origin' }).then(
      function (r) {
        return r.status === 204 ? null : r.json();
      },
    );
  }
  function control(pathname, body) {
    return hostFetch('/__sandbox/' + pathname, {
      method: body ? 'POST' : 'GET',
      headers: { 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (r) {
      return r.json();
    });
  }

  // ---- the widget object -------------------------------------------------------------------------
  function lookup(obj, key) {
    return String(key)
      .split('.')
      .reduce(function (node, part) {
        return node && typeof node === 'object' ? node[part] : undefined;
      }, obj);
  }

  function currentArea() {
    if (view.kind === 'settings') return 'settings';
    if (view.kind === 'list') return 'llist';
    return 'lcard';
  }

  function settingsParams() {
    var out = {};
    Object.keys(config.settings || {}).forEach(function (key) {
      out[key] = config.settings[key];
    });
    return out;
  }

  function systemMethods() {
    var path = config.path;
    return {
      system: function () {
        var user = USERS[role];
        return {
          area: currentArea(),
          amouser_id: user.id,
          amouser: role + '@sandbox.test',
          subdomain: config.account.subdomain,
          domain: location.host,
        };
      },
      params: null,
      get_settings: function () {
        return Object.assign({}, widget.params);
      },
      set_settings: function (values) {
        Object.assign(widget.params, values);
      },
      get_version: function () {
        return manifest.widget.version;
      },
      get_install_status: function () {
        return active ? 'installed' : 'install';
      },
      i18n: function (key) {
        return lookup(langs, key);
      },
      langs: langs,
      render_template: function (options) {
        options = options || {};
        var block = document.createElement('div');
        block.className = 'sb-widget card-widgets__widget';
        block.setAttribute('data-widget-code', config.widgetCode);
        var caption = document.createElement('div');
        caption.className =
          'sb-widget__caption card-widgets__widget__caption ' +
          ((options.caption && options.caption.class_name) || '');
        var logo = document.createElement('img');
        logo.src = path + '/images/logo_medium.png';
        logo.onerror = function () {
          logo.onerror = null;
          logo.src = path + '/images/logo.png';
        };
        logo.alt = lookup(langs, manifest.widget.name) || config.widgetCode;
        caption.appendChild(logo);
        var body = document.createElement('div');
        body.className = 'sb-widget__body card-widgets__widget__body';
        // amoCRM's docs disagree on where the markup goes (`body`, or the twig `render` in the vendor's example):
        // the sandbox shows both, twig tags aside.
        body.innerHTML = (options.body || '') + (typeof options.render === 'string' ? options.render : '');
        block.appendChild(caption);
        block.appendChild(body);
        document.getElementById('sb-widgets').appendChild(block);
        sandbox.renderCount += 1;
        renderWaiters.splice(0).forEach(function (resolve) {
          resolve(block);
        });
      },
      listenSocketChannel: function (channel, keys, callback) {
        var id = nextSubscription++;
        subscriptions.set(id, { channel: channel, keys: keys, callback: callback });
        return function () {
          subscriptions.delete(id);
        };
      },
    };
  }

  function createWidget() {
    var methods = systemMethods();
    // The system methods exist before the constructor runs, as when amoCRM builds the widget object.
    var object = Object.create(Object.assign(Object.create(Ctor.prototype), methods));
    object.params = Object.assign(
      {
        path: config.path,
        widget_code: config.widgetCode,
        version: manifest.widget.version,
        status: active ? 'installed' : 'install',
      },
      settingsParams(),
    );
    var built = Ctor.call(object);
    widget = built && typeof built === 'object' ? built : object;
    if (!widget.params) widget.params = object.params;
  }

  function call(name, arg) {
    var fn = widget && widget.callbacks && widget.callbacks[name];
    if (typeof fn !== 'function') {
      pushLog(sandbox.calls, { name: name, leadId: view.leadId, returned: 'missing' });
      return undefined;
    }
    var returned;
    try {
      returned = arg === undefined ? fn() : fn(arg); // amoCRM leaves `this` undefined: keep a `self`.
    } catch (error) {
      pushLog(sandbox.calls, { name: name, leadId: view.leadId, returned: 'threw: ' + error.message });
      throw error;
    }
    var entry = {
      name: name,
      leadId: view.leadId,
      returned: returned instanceof Promise ? 'promise' : returned,
    };
    if (name === 'onSave') entry.arg = JSON.parse(JSON.stringify(arg)); // what the platform handed over
    pushLog(sandbox.calls, entry);
    return returned;
  }

  function renderArea() {
    if (!active) {
      document.getElementById('sb-widgets').innerHTML =
        '<p class="sb-empty">The widget is disabled (Widget settings → Save enables it).</p>';
      return;
    }
    sandbox.lastRenderAt = performance.now();
    if (call('render') === true) {
      call('init');
      call('bind_actions');
    }
  }

  function leave() {
    if ((view.kind === 'card' || view.kind === 'new' || view.kind === 'list') && active) call('destroy');
    document.getElementById('sb-widgets').innerHTML = '';
  }

  // ---- the card's own fields (stale until the card is re-opened or reloaded) ------------------------
  function stageName(pipelineId, statusId) {
    var p = pipelines.find(function (x) {
      return x.id === pipelineId;
    });
    var s =
      p &&
      p._embedded.statuses.find(function (x) {
        return x.id === statusId;
      });
    return (p ? p.name : '?') + ' → ' + (s ? s.name : '?');
  }

  function drawCardFields(lead) {
    var box = document.getElementById('sb-card-fields');
    box.innerHTML = '';
    if (!lead) {
      if (view.kind === 'card')
        box.innerHTML =
          '<h1>Сделка не найдена</h1><p class="sb-empty">GET /api/v4/leads/' +
          Number(view.leadId) +
          ' answered 204.</p>';
      else if (view.kind === 'new')
        box.innerHTML = '<h1>Новая сделка</h1><p class="sb-empty">Not saved yet (current_card.id = 0).</p>';
      else
        box.innerHTML =
          '<h1>Сделки</h1><p class="sb-empty">A list page: no card (current_card = false, area llist).</p>';
      return;
    }
    var h = document.createElement('h1');
    h.textContent = lead.name;
    box.appendChild(h);
    var dl = document.createElement('dl');
    [
      ['Этап', stageName(lead.pipeline_id, lead.status_id)],
      ['Бюджет', new Intl.NumberFormat('ru-RU').format(lead.price || 0) + ' ₽'],
      ['Теги', lead._embedded.tags],
      ['Обновлено', new Date(lead.updated_at * 1000).toLocaleString('ru-RU')],
    ].forEach(function (row) {
      var wrap = document.createElement('div');
      wrap.className = 'sb-field';
      var dt = document.createElement('dt');
      dt.textContent = row[0];
      var dd = document.createElement('dd');
      if (Array.isArray(row[1])) {
        row[1].forEach(function (tag) {
          var chip = document.createElement('span');
          chip.className = 'sb-chip';
          chip.textContent = tag.name;
          if (tag.color) chip.style.background = '#' + tag.color;
          dd.appendChild(chip);
        });
      } else dd.textContent = row[1];
      wrap.appendChild(dt);
      wrap.appendChild(dd);
      dl.appendChild(wrap);
    });
    box.appendChild(dl);
    var actions = document.createElement('div');
    actions.className = 'sb-card-actions';
    var reload = document.createElement('button');
    reload.type = 'button';
    reload.textContent = 'Reload card';
    reload.onclick = function () {
      sandbox.openLead(lead.id);
    };
    var elsewhere = document.createElement('button');
    elsewhere.type = 'button';
    elsewhere.textContent = 'Someone else edits this deal';
    elsewhere.title =
      'Changes the budget on the server as another user would; only live events tell the widget';
    elsewhere.onclick = function () {
      control('lead/' + lead.id).then(function (current) {
        if (current) control('lead/' + lead.id, { price: (current.price || 0) + 1000 });
      });
    };
    actions.appendChild(reload);
    actions.appendChild(elsewhere);
    box.appendChild(actions);
  }

  // ---- navigation ----------------------------------------------------------------------------------
  var navigation = 0;
  /** Keeps the address in step with the screen, so a reload (e.g. after a rebuild) comes back to it. */
  function syncUrl() {
    var q = new URLSearchParams(location.search);
    q.set('lang', lang);
    q.set('theme', document.documentElement.getAttribute('data-color-scheme') || 'light');
    var kind =
      view.kind === 'card' ? 'card' : view.kind === 'new' ? 'new' : view.kind === 'list' ? 'list' : null;
    if (kind) q.set('view', kind);
    if (view.kind === 'card') q.set('lead', String(view.leadId));
    else q.delete('lead');
    history.replaceState(null, '', '?' + q.toString());
  }
  sandbox.openLead = function (id) {
    leave();
    var ticket = ++navigation;
    view = { kind: 'card', leadId: id };
    var model = cardModel(id);
    rawApp.data.current_card = { id: id, model: model };
    document.getElementById('sb-lead').value = String(id);
    var fields = hostGet('/api/v4/leads/' + id + '?with=contacts').then(function (lead) {
      if (ticket !== navigation) return lead;
      if (lead)
        Object.assign(model.attributes, {
          name: lead.name,
          price: lead.price,
          status_id: lead.status_id,
          pipeline_id: lead.pipeline_id,
          responsible_user_id: lead.responsible_user_id,
        });
      drawCardFields(lead);
      return lead;
    });
    renderArea();
    syncUrl();
    return fields;
  };
  sandbox.openNewLead = function () {
    leave();
    navigation++;
    view = { kind: 'new', leadId: 0 };
    rawApp.data.current_card = { id: 0, model: cardModel(0) };
    drawCardFields(null);
    renderArea();
    syncUrl();
  };
  sandbox.openList = function () {
    leave();
    navigation++;
    view = { kind: 'list', leadId: null };
    rawApp.data.current_card = false;
    drawCardFields(null);
    renderArea();
    syncUrl();
  };

  // ---- the settings modal: the platform's form for the manifest's settings fields ------------------
  var previousView = null;
  function settingsForm(code) {
    var fields = document.createElement('div');
    fields.className = 'widget_settings_block__fields';
    var defs = (manifest && manifest.settings) || {};
    Object.keys(defs).forEach(function (key) {
      var def = defs[key] || {};
      var saved = widget.params[key] == null ? '' : String(widget.params[key]);
      if (def.type === 'custom') {
        // PLATFORM.md §2: a hidden input #<code>_custom carries the value; the widget fills #<code>_custom_content.
        var hidden = document.createElement('input');
        hidden.type = 'hidden';
        hidden.name = key;
        hidden.id = code + '_custom';
        hidden.value = saved;
        var content = document.createElement('div');
        content.id = code + '_custom_content';
        fields.appendChild(hidden);
        fields.appendChild(content);
        return;
      }
      var row = document.createElement('div');
      row.className = 'widget_settings_block__item_field sb-setting';
      var label = document.createElement('label');
      label.htmlFor = 'sb-setting-' + key;
      label.textContent = (lookup(langs, def.name) || key) + (def.required ? ' *' : '');
      var input = document.createElement('input');
      input.id = 'sb-setting-' + key;
      input.name = key;
      input.type = def.type === 'pass' ? 'password' : 'text';
      input.value = saved;
      input.setAttribute('data-required', def.required ? 'Y' : 'N');
      if (def.type === 'users' || def.type === 'users_lp')
        input.placeholder = 'JSON of user id → value (the sandbox does not draw the user list)';
      row.appendChild(label);
      row.appendChild(input);
      fields.appendChild(row);
    });
    return fields;
  }

  function settingsFields(modal) {
    var values = {};
    modal.querySelectorAll('.widget_settings_block__fields input[name]').forEach(function (input) {
      values[input.name] = input.value;
    });
    return values;
  }

  sandbox.openSettings = function () {
    if (view.kind === 'settings') return;
    previousView = view;
    leave();
    navigation++;
    view = { kind: 'settings', leadId: null };
    rawApp.data.current_card = false;
    var code = config.widgetCode;
    var modal = document.createElement('div');
    modal.className = 'sb-modal';
    modal.id = 'sb-settings-modal';
    modal.innerHTML =
      '<div class="sb-modal__window" role="dialog" aria-modal="true" aria-label="Widget settings">' +
      '<div class="sb-modal__head"><img alt="" height="40" src="' +
      config.path +
      '/images/logo_small.png"><div><strong></strong><p class="sb-modal__descr"></p></div></div>' +
      '<div class="sb-modal__body widget_settings_block"></div>' +
      '<div class="sb-modal__foot"><button type="button" class="sb-save">Save</button><button type="button" class="sb-cancel">Cancel</button>' +
      '<button type="button" class="sb-disable">Disable</button><span class="sb-modal__error" role="alert"></span></div></div>';
    modal.querySelector('strong').textContent = lookup(langs, manifest.widget.name) || code;
    modal.querySelector('.sb-modal__descr').textContent =
      lookup(langs, manifest.widget.short_description) || '';
    modal.querySelector('.sb-modal__body').appendChild(settingsForm(code));
    modal.querySelector('.sb-disable').hidden = !active;
    document.body.appendChild(modal);
    modal.querySelector('.sb-save').onclick = function () {
      sandbox.saveSettings();
    };
    modal.querySelector('.sb-cancel').onclick = function () {
      sandbox.closeSettings();
    };
    modal.querySelector('.sb-disable').onclick = function () {
      sandbox.disableWidget();
    };
    modal.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && !event.defaultPrevented) sandbox.closeSettings();
    });
    call('settings', $(modal.querySelector('.sb-modal__body')));
  };

  function persistSettings(fields, isActive) {
    return control('settings', { fields: fields, active: isActive }).then(function (saved) {
      config.settings = saved.fields;
      active = saved.active;
      Object.assign(widget.params, saved.fields, { status: active ? 'installed' : 'install' });
      return saved;
    });
  }

  sandbox.saveSettings = function () {
    var modal = document.getElementById('sb-settings-modal');
    if (!modal) return Promise.resolve({ ok: false, error: 'no modal' });
    var errorBox = modal.querySelector('.sb-modal__error');
    var fields = settingsFields(modal);
    var missing = Array.prototype.filter.call(
      modal.querySelectorAll('input[data-required="Y"]'),
      function (input) {
        return !input.value.trim();
      },
    );
    if (missing.length) {
      errorBox.textContent = 'Fill in the required fields.';
      sandbox.lastSave = { ok: false, error: errorBox.textContent };
      return Promise.resolve(sandbox.lastSave);
    }
    var result;
    try {
      result = call('onSave', { fields: fields, active: 'Y' });
    } catch (error) {
      result = Promise.reject(error);
    }
    return Promise.resolve(result)
      .then(
        function (value) {
          if (value === false) throw new Error('onSave returned false');
          return persistSettings(fields, true).then(function (saved) {
            sandbox.lastSave = { ok: true, custom: saved.fields.custom, fields: saved.fields };
            sandbox.closeSettings();
            return sandbox.lastSave;
          });
        },
        function (error) {
          errorBox.textContent = (error && error.message) || 'The widget refused to save.';
          sandbox.lastSave = { ok: false, error: errorBox.textContent };
          return sandbox.lastSave;
        },
      )
      .catch(function (error) {
        errorBox.textContent = (error && error.message) || 'The widget refused to save.';
        sandbox.lastSave = { ok: false, error: errorBox.textContent };
        return sandbox.lastSave;
      });
  };

  /** "Disable": amoCRM calls onSave with active 'N', then destroy; the widget stays off until saved again. */
  sandbox.disableWidget = function () {
    var modal = document.getElementById('sb-settings-modal');
    if (!modal) return Promise.resolve({ ok: false, error: 'no modal' });
    var fields = settingsFields(modal);
    return Promise.resolve(call('onSave', { fields: fields, active: 'N' }))
      .catch(function () {
        // Disabling does not wait for the widget's consent.
      })
      .then(function () {
        return persistSettings(fields, false);
      })
      .then(function () {
        sandbox.closeSettings();
        return { ok: true };
      });
  };

  sandbox.closeSettings = function () {
    var modal = document.getElementById('sb-settings-modal');
    if (!modal) return;
    call('destroy');
    modal.remove();
    var back = previousView || { kind: 'list' };
    view = { kind: 'none', leadId: null };
    if (back.kind === 'card') sandbox.openLead(back.leadId);
    else if (back.kind === 'new') sandbox.openNewLead();
    else sandbox.openList();
  };

  sandbox.setLang = function (code) {
    var back = view.kind === 'settings' ? previousView || { kind: 'list' } : view;
    var modal = document.getElementById('sb-settings-modal');
    if (modal) {
      call('destroy');
      modal.remove();
    } else leave();
    view = { kind: 'none', leadId: null };
    lang = code;
    rawApp.lang_id = code;
    document.documentElement.lang = code;
    document.getElementById('sb-lang').value = code;
    return loadLangs().then(function () {
      createWidget(); // amoCRM reloads the page for another language: a new widget object
      if (back.kind === 'card') return sandbox.openLead(back.leadId);
      if (back.kind === 'new') return sandbox.openNewLead();
      return sandbox.openList();
    });
  };
  sandbox.setTheme = function (theme) {
    document.documentElement.setAttribute('data-color-scheme', theme === 'dark' ? 'dark' : 'light');
    document.getElementById('sb-theme').value = theme === 'dark' ? 'dark' : 'light';
    if (config) syncUrl();
  };
  sandbox.setUser = function (next) {
    role = next === 'manager' ? 'manager' : 'admin';
    document.getElementById('sb-user').value = role;
    return control('faults', { role: role }).then(function () {
      if (view.kind === 'card') return sandbox.openLead(view.leadId);
    });
  };
  sandbox.subscriptions = function () {
    return subscriptions.size;
  };
  /** Resolves with the widget block at the next render_template (at once when a block is already shown). */
  sandbox.whenRendered = function () {
    var block = document.querySelector('#sb-widgets .sb-widget');
    if (block) return Promise.resolve(block);
    return new Promise(function (resolve) {
      renderWaiters.push(resolve);
    });
  };

  // ---- loading -------------------------------------------------------------------------------------
  function loadLangs() {
    return hostFetch(config.path + '/i18n/' + lang + '.json')
      .then(function (r) {
        if (!r.ok) throw new Error('i18n/' + lang + '.json: HTTP ' + r.status);
        return r.json();
      })
      .then(function (data) {
        Object.keys(langs).forEach(function (k) {
          delete langs[k];
        });
        Object.assign(langs, data);
      });
  }

  function startEvents() {
    var source = new EventSource('/__sandbox/events');
    source.onmessage = function (message) {
      var event = JSON.parse(message.data);
      if (event.type === 'widget-rebuilt' && !query.has('noreload')) return location.reload();
      Array.from(subscriptions.values()).forEach(function (sub) {
        if (sub.channel === event.channel) sub.callback(event);
      });
    };
  }

  function showFaults(faults) {
    var out = document.getElementById('sb-fault-state');
    var armed = faults.failNext.map(function (f) {
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
    var select = document.getElementById('sb-lead');
    config.leads.forEach(function (lead) {
      var option = document.createElement('option');
      option.value = String(lead.id);
      option.textContent =
        lead.id + ' · ' + (lead.name.length > 40 ? lead.name.slice(0, 40) + '…' : lead.name);
      select.appendChild(option);
    });
    select.onchange = function () {
      sandbox.openLead(Number(select.value));
    };
    document.getElementById('sb-new').onclick = sandbox.openNewLead;
    document.getElementById('sb-list').onclick = sandbox.openList;
    document.getElementById('sb-settings').onclick = sandbox.openSettings;
    document.getElementById('sb-lang').onchange = function (e) {
      sandbox.setLang(e.target.value);
    };
    document.getElementById('sb-theme').onchange = function (e) {
      sandbox.setTheme(e.target.value);
    };
    document.getElementById('sb-user').onchange = function (e) {
      sandbox.setUser(e.target.value);
    };
    document.getElementById('sb-latency').onchange = function (e) {
      control('faults', { latencyMs: Number(e.target.value) || 0 }).then(showFaults);
    };
    document.getElementById('sb-fail').onclick = function () {
      control('faults', {
        failNext: {
          count: Number(document.getElementById('sb-fail-count').value) || 1,
          kind: document.getElementById('sb-fail-kind').value,
        },
      }).then(showFaults);
    };
    document.getElementById('sb-clear').onclick = function () {
      control('faults', { clear: true, latencyMs: 0 }).then(function (faults) {
        document.getElementById('sb-latency').value = '0';
        showFaults(faults);
      });
    };
    document.getElementById('sb-reset').onclick = function () {
      control('reset', {}).then(function () {
        location.reload();
      });
    };
    control('faults').then(showFaults);
  }

  var query = new URLSearchParams(location.search);
  lang = query.get('lang') || 'ru';
  rawApp.lang_id = lang;
  document.documentElement.lang = lang;
  document.getElementById('sb-lang').value = lang;
  if (query.get('theme')) sandbox.setTheme(query.get('theme'));
  control('config')
    .then(function (c) {
      config = c;
      var code = query.get('code');
      // Any code works (?code=...): a widget that hard-codes its own code breaks visibly.
      if (code && /^[A-Za-z0-9_-]{1,64}$/.test(code)) {
        config.widgetCode = code;
        config.path = '/widgets/' + code;
      }
      role = c.role;
      active = c.active !== false;
      sandbox.widgetCode = config.widgetCode;
      document.getElementById('sb-user').value = role;
      return Promise.all([
        hostFetch(config.path + '/manifest.json').then(function (r) {
          if (!r.ok) throw new Error('manifest.json: HTTP ' + r.status);
          return r.json();
        }),
        hostGet('/api/v4/leads/pipelines'),
        loadLangs(),
      ]);
    })
    .then(function (results) {
      manifest = results[0];
      pipelines = results[1]._embedded.pipelines;
      requirejs.config({ paths: { jquery: '/vendor/jquery' } });
      return new Promise(function (resolve, reject) {
        requirejs(
          ['jquery', config.path + '/script.js?v=' + encodeURIComponent(manifest.widget.version)],
          function (jq, WidgetConstructor) {
            $ = jq;
            Ctor = WidgetConstructor;
            if (typeof Ctor !== 'function')
              reject(new Error('script.js did not define a constructor (got ' + typeof Ctor + ')'));
            else resolve();
          },
          reject,
        );
      });
    })
    .then(function () {
      bindControls();
      startEvents();
      createWidget();
      var start = query.get('view');
      if (start === 'list') sandbox.openList();
      else if (start === 'new') sandbox.openNewLead();
      else if (start === 'settings') sandbox.openSettings();
      else if (start !== 'none') sandbox.openLead(Number(query.get('lead')) || config.leads[0].id);
      readyResolve(true);
    })
    .catch(function (error) {
      document.getElementById('sb-card-fields').textContent =
        'The sandbox could not load the widget: ' + error.message;
      readyResolve(false);
    });
})();
