// The emulated amoCRM host: loads a widget the way amoCRM does and drives its callbacks like amoCRM.
'use strict';

(function () {
  var sandbox = (window.__sandbox = { calls: [], appWrites: [], widgetCode: null, lastSave: null });
  var config = null;
  var manifest = null;
  var Ctor = null;
  var $ = null;
  var widget = null;
  var langs = {};
  var lang = 'ru';
  var role = 'admin';
  var view = { kind: 'none', leadId: null };
  var subscriptions = new Map();
  var nextSubscription = 1;
  var pipelines = [];
  var readyResolve;
  sandbox.ready = new Promise(function (resolve) {
    readyResolve = resolve;
  });

  // ---- the APP global: a read-only view that reports every write ---------------------------------
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
      return view.kind === 'list' ? 'leads' : 'leads_card';
    },
    constant: function (name) {
      if (name === 'user') return { id: 11, name: role === 'admin' ? 'Администратор' : 'Менеджер', login: role + '@sandbox.test', lang: lang };
      if (name === 'account') return { id: 777, subdomain: 'sandbox', currency: config.account.currency, name: config.account.name };
      if (name === 'user_rights') return role === 'admin' ? { is_admin: 'Y', leads: { view: 'A', edit: 'A', add: 'A', delete: 'A', export: 'A' } } : { is_admin: 'N', leads: { view: 'A', edit: 'D', add: 'D', delete: 'D', export: 'D' } };
      if (name === 'managers') return { 11: { id: 11, title: 'Администратор', active: true }, 12: { id: 12, title: 'Менеджер', active: true } };
      if (name === 'groups') return { 0: 'Отдел продаж' };
      return undefined;
    },
    notifications: {
      show_message: function (m) {
        sandbox.calls.push({ name: 'notifications.show_message', arg: m });
      },
      add_error: function (m) {
        sandbox.calls.push({ name: 'notifications.add_error', arg: m });
      },
    },
  };

  function reportWrite(path) {
    sandbox.appWrites.push(path);
    var box = document.getElementById('sb-app-writes');
    box.hidden = false;
    box.textContent = 'The widget wrote to APP (read-only by the platform rules): ' + sandbox.appWrites.join(', ');
  }

  function watched(target, path) {
    return new Proxy(target, {
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
  }
  window.APP = watched(rawApp, 'APP');
  window.AMOCRM = window.APP;

  // ---- API helpers of the host page itself (not counted as the widget's requests) -----------------
  function hostGet(url) {
    return fetch(url, { headers: { 'X-Sandbox-Host': '1' }, credentials: 'same-origin' }).then(function (r) {
      return r.status === 204 ? null : r.json();
    });
  }
  function control(pathname, body) {
    return fetch('/__sandbox/' + pathname, { method: body ? 'POST' : 'GET', headers: { 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined }).then(function (r) {
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

  function systemMethods() {
    var path = config.path;
    return {
      system: function () {
        return { area: currentArea(), amouser_id: 11, amouser: role + '@sandbox.test', subdomain: 'sandbox', domain: location.host };
      },
      params: null,
      get_settings: function () {
        return Object.assign({}, this.params);
      },
      set_settings: function (values) {
        Object.assign(this.params, values);
      },
      get_version: function () {
        return manifest.widget.version;
      },
      get_install_status: function () {
        return 'installed';
      },
      i18n: function (key) {
        return lookup(langs, key);
      },
      langs: langs,
      render_template: function (options) {
        var block = document.createElement('div');
        block.className = 'sb-widget card-widgets__widget';
        block.setAttribute('data-widget-code', config.widgetCode);
        var caption = document.createElement('div');
        caption.className = 'sb-widget__caption ' + ((options && options.caption && options.caption.class_name) || '');
        var logo = document.createElement('img');
        logo.src = path + '/images/logo_medium.png';
        logo.alt = lookup(langs, manifest.widget.name) || config.widgetCode;
        caption.appendChild(logo);
        var body = document.createElement('div');
        body.className = 'sb-widget__body card-widgets__widget__body';
        // amoCRM's docs disagree on where the markup goes (`body`, or the twig `render` in the vendor's example):
        // the sandbox shows both, twig tags aside.
        body.innerHTML = ((options && options.body) || '') + ((options && typeof options.render === 'string' && options.render) || '');
        block.appendChild(caption);
        block.appendChild(body);
        document.getElementById('sb-widgets').appendChild(block);
      },
      listenSocketChannel: function (channel, keys, callback) {
        var id = nextSubscription++;
        subscriptions.set(id, { channel: channel, callback: callback });
        return function () {
          subscriptions.delete(id);
        };
      },
    };
  }

  function createWidget() {
    var methods = systemMethods();
    methods.params = Object.assign({ path: config.path, widget_code: config.widgetCode, version: manifest.widget.version, status: 'installed' }, config.settings);
    // The system methods exist before the constructor runs, as when amoCRM builds the widget object.
    var object = Object.create(Object.assign(Object.create(Ctor.prototype), methods));
    var built = Ctor.call(object);
    widget = built && typeof built === 'object' ? built : object;
    if (!widget.params) widget.params = methods.params;
  }

  function call(name, arg) {
    var fn = widget && widget.callbacks && widget.callbacks[name];
    if (typeof fn !== 'function') {
      sandbox.calls.push({ name: name, leadId: view.leadId, returned: 'missing' });
      return undefined;
    }
    var returned;
    try {
      returned = arg === undefined ? fn() : fn(arg); // amoCRM leaves `this` undefined: keep a `self`.
    } catch (error) {
      sandbox.calls.push({ name: name, leadId: view.leadId, returned: 'threw: ' + error.message });
      throw error;
    }
    sandbox.calls.push({ name: name, leadId: view.leadId, returned: returned instanceof Promise ? 'promise' : returned });
    return returned;
  }

  function renderArea() {
    sandbox.lastRenderAt = performance.now();
    if (call('render') === true) {
      call('init');
      call('bind_actions');
    }
  }

  function leave() {
    if (view.kind === 'card' || view.kind === 'new' || view.kind === 'list') {
      call('destroy');
      document.getElementById('sb-widgets').innerHTML = '';
    }
  }

  // ---- the card's own fields (stale until the card is re-opened or reloaded) ------------------------
  function stageName(pipelineId, statusId) {
    var p = pipelines.find(function (x) {
      return x.id === pipelineId;
    });
    var s = p && p._embedded.statuses.find(function (x) {
      return x.id === statusId;
    });
    return (p ? p.name : '?') + ' → ' + (s ? s.name : '?');
  }

  function drawCardFields(lead) {
    var box = document.getElementById('sb-card-fields');
    box.innerHTML = '';
    if (!lead) {
      box.innerHTML = view.kind === 'new' ? '<h1>Новая сделка</h1><p class="sb-empty">Not saved yet (current_card.id = 0).</p>' : '<h1>Сделки</h1><p class="sb-empty">A list page: no card (current_card = false).</p>';
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
    var reload = document.createElement('button');
    reload.type = 'button';
    reload.textContent = 'Reload card';
    reload.onclick = function () {
      sandbox.openLead(lead.id);
    };
    box.appendChild(reload);
  }

  // ---- navigation ----------------------------------------------------------------------------------
  sandbox.openLead = function (id) {
    leave();
    view = { kind: 'card', leadId: id };
    rawApp.data.current_card = { id: id, model: { get: function (k) { return k === 'id' ? id : undefined; } } };
    document.getElementById('sb-lead').value = String(id);
    var fields = hostGet('/api/v4/leads/' + id + '?with=contacts').then(drawCardFields);
    renderArea();
    return fields;
  };
  sandbox.openNewLead = function () {
    leave();
    view = { kind: 'new', leadId: 0 };
    rawApp.data.current_card = { id: 0, model: { get: function () { return undefined; } } };
    drawCardFields(null);
    renderArea();
  };
  sandbox.openList = function () {
    leave();
    view = { kind: 'list', leadId: null };
    rawApp.data.current_card = false;
    drawCardFields(null);
    renderArea();
  };

  var previousView = null;
  sandbox.openSettings = function () {
    if (view.kind === 'settings') return;
    previousView = view;
    leave();
    view = { kind: 'settings', leadId: null };
    rawApp.data.current_card = false;
    var modal = document.createElement('div');
    modal.className = 'sb-modal';
    modal.id = 'sb-settings-modal';
    var code = config.widgetCode;
    var saved = widget.params.custom || '';
    modal.innerHTML =
      '<div class="sb-modal__window" role="dialog" aria-modal="true" aria-label="Widget settings">' +
      '<div class="sb-modal__head"><img alt="" height="40" src="' + config.path + '/images/logo_small.png"><strong></strong></div>' +
      '<div class="sb-modal__body widget_settings_block"><div class="widget_settings_block__fields">' +
      '<input type="hidden" name="custom" id="' + code + '_custom"><div id="' + code + '_custom_content"></div></div></div>' +
      '<div class="sb-modal__foot"><button type="button" class="sb-save">Save</button><button type="button" class="sb-cancel">Cancel</button><span class="sb-modal__error" role="alert"></span></div></div>';
    modal.querySelector('strong').textContent = lookup(langs, manifest.widget.name) || code;
    modal.querySelector('input').value = saved;
    document.body.appendChild(modal);
    modal.querySelector('.sb-save').onclick = function () {
      sandbox.saveSettings();
    };
    modal.querySelector('.sb-cancel').onclick = function () {
      sandbox.closeSettings();
    };
    call('settings', $(modal.querySelector('.sb-modal__body')));
  };

  sandbox.saveSettings = function () {
    var modal = document.getElementById('sb-settings-modal');
    if (!modal) return Promise.resolve({ ok: false, error: 'no modal' });
    var input = modal.querySelector('#' + config.widgetCode + '_custom');
    var errorBox = modal.querySelector('.sb-modal__error');
    var fields = { custom: input.value };
    var result;
    try {
      result = call('onSave', { fields: fields, active: 'Y' });
    } catch (error) {
      result = Promise.reject(error);
    }
    return Promise.resolve(result).then(
      function (value) {
        if (value === false) throw new Error('onSave returned false');
        return control('settings', { custom: fields.custom }).then(function (settings) {
          config.settings = settings;
          widget.params.custom = settings.custom;
          sandbox.lastSave = { ok: true, custom: settings.custom };
          sandbox.closeSettings();
          return sandbox.lastSave;
        });
      },
      function (error) {
        errorBox.textContent = (error && error.message) || 'The widget refused to save.';
        sandbox.lastSave = { ok: false, error: errorBox.textContent };
        return sandbox.lastSave;
      },
    );
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
    var back = view;
    leave();
    view = { kind: 'none', leadId: null };
    lang = code;
    rawApp.lang_id = code;
    document.documentElement.lang = code;
    document.getElementById('sb-lang').value = code;
    return loadLangs().then(function () {
      createWidget();
      if (back.kind === 'card') return sandbox.openLead(back.leadId);
      if (back.kind === 'new') return sandbox.openNewLead();
      return sandbox.openList();
    });
  };
  sandbox.setTheme = function (theme) {
    document.documentElement.setAttribute('data-color-scheme', theme);
    document.getElementById('sb-theme').value = theme;
  };
  sandbox.setUser = function (next) {
    role = next;
    document.getElementById('sb-user').value = next;
    return control('faults', { role: next }).then(function () {
      if (view.kind === 'card') return sandbox.openLead(view.leadId);
    });
  };
  sandbox.subscriptions = function () {
    return subscriptions.size;
  };

  // ---- loading -------------------------------------------------------------------------------------
  function loadLangs() {
    return fetch(config.path + '/i18n/' + lang + '.json').then(function (r) {
      return r.json();
    }).then(function (data) {
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
      subscriptions.forEach(function (sub) {
        if (sub.channel === event.channel) sub.callback(event);
      });
    };
  }

  function bindControls() {
    var select = document.getElementById('sb-lead');
    config.leads.forEach(function (lead) {
      var option = document.createElement('option');
      option.value = String(lead.id);
      option.textContent = lead.id + ' · ' + (lead.name.length > 40 ? lead.name.slice(0, 40) + '…' : lead.name);
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
      control('faults', { latencyMs: Number(e.target.value) || 0 });
    };
    document.getElementById('sb-fail').onclick = function () {
      control('faults', { failNext: { count: Number(document.getElementById('sb-fail-count').value) || 1, kind: document.getElementById('sb-fail-kind').value } });
    };
    document.getElementById('sb-reset').onclick = function () {
      control('reset', {}).then(function () {
        location.reload();
      });
    };
  }

  var params = new URLSearchParams(location.search);
  lang = params.get('lang') || 'ru';
  rawApp.lang_id = lang;
  document.getElementById('sb-lang').value = lang;
  control('config')
    .then(function (c) {
      config = c;
      role = c.role;
      sandbox.widgetCode = c.widgetCode;
      document.getElementById('sb-user').value = role;
      return Promise.all([fetch(c.path + '/manifest.json').then(function (r) { return r.json(); }), hostGet('/api/v4/leads/pipelines'), loadLangs()]);
    })
    .then(function (results) {
      manifest = results[0];
      pipelines = results[1]._embedded.pipelines;
      requirejs.config({ paths: { jquery: '/vendor/jquery' } });
      return new Promise(function (resolve, reject) {
        requirejs(['jquery', config.path + '/script.js?v=' + encodeURIComponent(manifest.widget.version)], function (jq, WidgetConstructor) {
          $ = jq;
          Ctor = WidgetConstructor;
          resolve();
        }, reject);
      });
    })
    .then(function () {
      bindControls();
      startEvents();
      createWidget();
      var start = params.get('view');
      if (start === 'list') sandbox.openList();
      else if (start === 'new') sandbox.openNewLead();
      else if (start !== 'none') sandbox.openLead(Number(params.get('lead')) || config.leads[0].id);
      readyResolve(true);
    })
    .catch(function (error) {
      document.getElementById('sb-card-fields').textContent = 'The sandbox could not load the widget: ' + error.message;
      readyResolve(false);
    });
})();
