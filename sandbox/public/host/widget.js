// The widget runtime: builds the widget object the way amoCRM's loader does, gives it the Widget base class's
// methods, and drives its callbacks in the order PLATFORM.md §4a observed in amoCRM's production frontend.
import { sandbox, host, pushLog, reportAsync } from './state.js';
import { rawApp, appView } from './app.js';

// The installed widget's id in the account and its integration's OAuth client: the sandbox's own values.
const WIDGET_ID = 7432;
const OAUTH_CLIENT_UUID = '6f1c2a5e-3d4b-4c8a-9e7f-0a1b2c3d4e5f';

const subscriptions = new Map();
let nextSubscription = 1;
/** Every code that put a block in the column since the page was built (amoCRM's RIGHT_PANEL_WIDGETS). */
let panelCodes = [];
const renderWaiters = [];

export function widgetCode() {
  return host.config.widgetCode;
}

function hasPath(message, keys) {
  let node = message;
  for (let i = 0; i < keys.length; i++) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, keys[i]))
      return false;
    node = node[keys[i]];
  }
  return true;
}

/** The saved settings plus what the loader adds before any callback runs (§4a, "Settings object"). */
function widgetParams() {
  const config = host.config;
  const manifest = host.manifest;
  // The account stores the settings as one JSON string and the loader parses it: a copy, never shared.
  const saved = JSON.parse(JSON.stringify(config.settings || {}));
  return Object.assign(saved, {
    id: WIDGET_ID,
    status: host.active ? 'installed' : 'install',
    widget_code: config.widgetCode,
    path: config.path,
    version: manifest.widget.version,
    oauth_client_uuid: OAUTH_CLIENT_UUID,
    widget_active: host.active ? 'Y' : 'N',
    images_path: config.path + '/images',
    support: manifest.widget.support || null,
  });
}

/**
 * The right column's block shell, as §4a describes amoCRM's: div.card-widgets__widget-<code>[data-code] >
 * caption (with the widget's logo_medium.png and logo_min.png) + div.card-widgets__widget__body.
 */
export function insertBlock(code, parts) {
  const block = document.createElement('div');
  block.className =
    'card-widgets__widget card-widgets__widget-' +
    code +
    (parts.blockClass ? ' card-widgets__widget-' + parts.blockClass : '');
  block.setAttribute('data-code', code);
  const caption = document.createElement('div');
  caption.className = 'js-widget-caption-block card-widgets__widget__caption ' + (parts.captionClass || '');
  caption.setAttribute('data-code', code);
  if (parts.imagesPath)
    [
      ['card-widgets__widget__caption__logo', 'logo_medium.png'],
      ['card-widgets__widget__caption__logo_min', 'logo_min.png'],
    ].forEach(function (pair) {
      const img = document.createElement('img');
      img.className = pair[0];
      img.alt = '';
      // amoCRM drops a logo that fails to load; the failed request still shows in the server's log.
      img.onerror = function () {
        img.remove();
      };
      img.src = parts.imagesPath + '/' + pair[1];
      caption.appendChild(img);
    });
  const body = document.createElement('div');
  body.className = 'card-widgets__widget__body';
  body.innerHTML = parts.body;
  block.appendChild(caption);
  block.appendChild(body);
  // amoCRM puts a block at the index of its code among all codes registered in the column so far, sorted.
  // Blocks therefore come in code order, and a second block of the same code lands ABOVE the first one.
  panelCodes.push(code);
  const index = panelCodes.slice().sort().indexOf(code);
  const column = document.querySelector('#widgets_block .card-widgets__elements');
  column.insertBefore(block, column.children[index] || null);
  return block;
}

/** The Widget base class: the methods amoCRM's widget object inherits (its prototype, not own properties). */
function widgetBase() {
  return {
    system: function () {
      return appView.widgets.system;
    },
    i18n: function (key) {
      if (typeof key === 'string') {
        // As amoCRM's: a missing last part gives false, a missing part in the middle throws.
        let node = this.langs;
        const parts = key.split('.');
        for (let i = 0; i < parts.length; i++) node = node[parts[i]];
        if (node !== undefined) return node;
      }
      return false;
    },
    set_lang: function (langs) {
      this.langs = langs;
    },
    set_settings: function (values) {
      this.params = this.params || {};
      Object.assign(this.params, values);
    },
    get_settings: function () {
      return this.params;
    },
    get_install_status: function () {
      return this.params.status;
    },
    get_version: function () {
      return this.params.version;
    },
    /** twig(data).render(params); with {href, load | promised} the template file is loaded first. */
    render: function (data, params) {
      data = data || {};
      params = params || {};
      if ((data.load || data.promised) && data.href) {
        // The docs pass base_path (the widget's folder) beside an href relative to it.
        const options = Object.assign({}, data, { href: (data.base_path || '') + data.href, async: true });
        delete options.base_path;
        delete options.promised;
        if (data.promised)
          return new Promise(function (resolve) {
            host.twig(Object.assign(options, { load: resolve }));
          });
        host.twig(options);
        return true;
      }
      return host.twig(data).render(params);
    },
    render_template: function (options, data) {
      const params = this.params;
      options.caption = options.caption || {};
      options.caption.images_path = params.images_path;
      // What twig renders `render` with: render_template's SECOND argument, as the docs say (web_sdk/card.md,
      // integrations/script_js.md: "rendered with the parameters passed as the second argument") and as
      // amoCRM's Widget class does — not this.params. No `render` at all fails inside twig.js, as on amoCRM.
      const body = host.twig({ data: options.render }).render(data || {}) + (options.body || '');
      const block = insertBlock(params.widget_code, {
        captionClass: options.caption.class_name,
        blockClass: options.block_class_name,
        imagesPath: params.images_path,
        body: body,
      });
      sandbox.renderCount += 1;
      renderWaiters.splice(0).forEach(function (resolve) {
        resolve(block);
      });
      host.$(document).trigger('widget:render-template');
    },
    listenSocketChannel: function (channel, keys, callback) {
      if (keys === undefined) keys = [];
      if (typeof callback !== 'function') throw new TypeError('Callback is not a function.');
      if (typeof channel !== 'string') throw new TypeError('channel_name must be string');
      if (!Array.isArray(keys)) throw new TypeError('array_keys must be array');
      const id = nextSubscription++;
      subscriptions.set(id, { channel: channel, keys: keys.slice(), callback: callback });
      return function () {
        subscriptions.delete(id);
      };
    },
    /** The card's contacts from what the page already has: no request, no `is_main` (§4a). */
    get_current_card_contacts_data: function () {
      if (!rawApp.data.is_card || !host.card) return Promise.resolve([]);
      return Promise.resolve(
        host.card.contacts.map(function (c) {
          return {
            id: c.id,
            name: c.name,
            first_name: c.first_name,
            last_name: c.last_name,
            phones: c.phones.slice(),
            emails: c.emails.slice(),
          };
        }),
      );
    },
  };
}

/**
 * A new widget object, as amoCRM's loader makes one: the constructor's prototype is replaced by one that
 * inherits the Widget base class (so a `class` fails here as it does there), the object is built with `new`
 * — WITHOUT params or langs yet — and only then the loader sets the langs and the settings.
 */
export function createInstance() {
  const Ctor = host.Ctor;
  const proto = Object.create(widgetBase());
  proto.constructor = Ctor;
  Ctor.prototype = proto;
  const widget = new Ctor();
  widget.ns = '.widget:' + widgetCode();
  widget.init_once = host.manifest.widget.init_once ? 'Y' : 'N';
  widget.set_lang(host.langs);
  widget.set_settings(widgetParams());
  host.widget = widget;
  host.fresh = true;
  host.left = false;
  sandbox.instances += 1;
  return widget;
}

/** Calls one callback the way amoCRM does (as a method of `callbacks`, so `this` is not the widget). */
export function call(name, arg) {
  const callbacks = host.widget && host.widget.callbacks;
  const fn = callbacks && callbacks[name];
  if (typeof fn !== 'function') {
    pushLog(sandbox.calls, { name: name, leadId: host.view.leadId, returned: 'missing' });
    return undefined;
  }
  let returned;
  try {
    returned = arguments.length > 1 ? fn.call(callbacks, arg) : fn.call(callbacks);
  } catch (error) {
    pushLog(sandbox.calls, { name: name, leadId: host.view.leadId, returned: 'threw: ' + error.message });
    throw error;
  }
  const entry = {
    name: name,
    leadId: host.view.leadId,
    returned: returned && typeof returned.then === 'function' ? 'promise' : returned,
  };
  if (name === 'onSave') entry.arg = JSON.parse(JSON.stringify(arg)); // what the platform handed over
  pushLog(sandbox.calls, entry);
  return returned;
}

/**
 * The widget meets an area (a card, the list, the settings page). A new instance gets the whole sequence:
 * render; init only after a truthy render (a returned promise: init once it RESOLVES, whatever the value,
 * never after a rejection); bind_actions right after render in every case — for a promise that is before
 * init, as amoCRM's loader calls it synchronously. A live instance entering an area again gets render alone.
 */
export function enterArea() {
  // The other reading (?reentry=page): amoCRM's loader builds every page anew (widgets:load → destroyAll
  // deletes each widget object unless init_once), so a widget that left an area comes back as a new object.
  if (host.reentry === 'page' && host.left && host.widget && host.widget.init_once !== 'Y') createInstance();
  const widget = host.widget;
  if (!widget) return;
  sandbox.lastRenderAt = performance.now();
  if (!host.fresh) {
    try {
      call('render');
    } catch (error) {
      reportAsync(error);
    }
    return;
  }
  host.fresh = false;
  const cb = widget.callbacks;
  if (
    !cb ||
    typeof cb.render !== 'function' ||
    typeof cb.init !== 'function' ||
    typeof cb.bind_actions !== 'function'
  ) {
    // amoCRM drops such a widget without calling anything.
    pushLog(sandbox.calls, {
      name: 'load',
      leadId: host.view.leadId,
      returned: 'refused: callbacks.render, init and bind_actions must all be functions',
    });
    return;
  }
  const code = widgetCode();
  const init = function () {
    host.$(document).trigger('widget:' + code + ':loaded');
    call('init');
  };
  try {
    const returned = call('render');
    if (returned && typeof returned.then === 'function')
      returned.then(
        function () {
          try {
            init();
          } catch (error) {
            reportAsync(error);
          }
        },
        function () {},
      );
    else if (returned) init();
    call('bind_actions');
  } catch (error) {
    // amoCRM's loader catches it and logs it; nothing after the failing callback runs.
    reportAsync(error);
  }
}

/** Leaving an area (§4a): destroy() first, then the host unbinds `.widget:<code>` on document and removes the block. */
export function destroyInstance() {
  if (!host.widget) return;
  const code = widgetCode();
  try {
    call('destroy');
  } catch (error) {
    // amoCRM does not catch it either: the rest of its clean-up does not happen.
    reportAsync(error);
    return;
  }
  host.$(document).off('.widget:' + code);
  host
    .$('#widgets_block')
    .find('.card-widgets__widget-' + code)
    .remove();
  host.left = true;
}

/** The page changes: other widgets' blocks go too and the column starts over. */
export function clearColumn() {
  document.querySelectorAll('#widgets_block [data-sandbox-neighbour]').forEach(function (el) {
    el.remove();
  });
  panelCodes = [];
}

/** A block of another installed widget (tests of the column's order). */
export function addNeighbourBlock(code, html) {
  const block = insertBlock(code, { captionClass: '', imagesPath: null, body: html || '' });
  block.setAttribute('data-sandbox-neighbour', '');
  return block;
}

/** A raw socket message: delivered to every subscription whose channel and key path it matches (§4a). */
export function deliver(message) {
  const channel = message && message.body && message.body.channel;
  Array.from(subscriptions.values()).forEach(function (sub) {
    if (channel !== sub.channel || (sub.keys.length > 0 && !hasPath(message, sub.keys))) return;
    try {
      sub.callback(message.body.payload);
    } catch (error) {
      reportAsync(error);
    }
  });
}

export function subscriptionCount() {
  return subscriptions.size;
}

/** Resolves with the widget's block at the next render_template (at once when one is already shown). */
export function whenRendered() {
  const block = document.querySelector('#widgets_block .card-widgets__widget-' + widgetCode());
  if (block) return Promise.resolve(block);
  return new Promise(function (resolve) {
    renderWaiters.push(resolve);
  });
}
