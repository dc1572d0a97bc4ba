// The APP global (AMOCRM is the same object): what widgets read of the page, behind a Proxy that reports
// every write on the page and in __sandbox.appWrites (the platform's rules make APP read-only for widgets).
import { sandbox, host, pushLog, toast } from './state.js';

/** The sandbox's two roles and the users behind them; names come from the account's users (seed). */
const ROLES = {
  admin: {
    id: 11,
    rights: {
      is_admin: 'Y',
      is_free: 'N',
      leads: { view: 'A', edit: 'A', add: 'A', delete: 'A', export: 'A' },
    },
  },
  manager: {
    id: 12,
    rights: {
      is_admin: 'N',
      is_free: 'N',
      leads: { view: 'A', edit: 'D', add: 'D', delete: 'D', export: 'D' },
    },
  },
};

// Field type ids as amoCRM numbers them (API v2's field types); the vendor's widget maps API v4 type names
// through this object. Only types whose ids are well attested are listed.
const CF_TYPES = {
  text: 1,
  numeric: 2,
  checkbox: 3,
  select: 4,
  multiselect: 5,
  date: 6,
  url: 7,
  multitext: 8,
  textarea: 9,
  radiobutton: 10,
  streetaddress: 11,
  smart_address: 13,
  birthday: 14,
  legal_entity: 15,
  date_time: 19,
};
// Entity type ids as the docs number them (web_sdk/card.md: 1 contact, 2 lead, 3 company, 12 customer).
const ELEMENT_TYPES = { contacts: 1, leads: 2, companies: 3, customers: 12 };

/** The account's PHP-style pattern ('d.m.Y H:i') as the moment.js pattern widgets format with. */
function momentPattern(php) {
  const map = { d: 'DD', j: 'D', m: 'MM', n: 'M', Y: 'YYYY', y: 'YY', H: 'HH', G: 'H', i: 'mm', s: 'ss' };
  return String(php || '').replace(/[djmnYyHGis]/g, function (c) {
    return map[c];
  });
}

/**
 * APP.system.format.date: the account's date formats as moment.js patterns. `date`, `date_short` and `full`
 * are what the vendor's widget reads; `time` and `date_time` are the sandbox's guess at the rest.
 */
function dateFormats(account) {
  const settings = (account && account.datetime_settings) || {};
  const date = momentPattern(settings.date_format || 'd.m.Y');
  const time = momentPattern(settings.short_time_pattern || 'H:i');
  // The day and the month in the account's order, without the year (a birthday check compares these).
  const dateShort = date.replace(/[^A-Za-z]*Y+[^A-Za-z]*/, '');
  return {
    date: date,
    date_short: dateShort,
    time: time,
    full: date + ' ' + time,
    date_time: date + ' ' + time,
  };
}

export function currentUser() {
  const role = ROLES[host.role];
  const user = (host.config.users || []).find(function (u) {
    return u.id === role.id;
  });
  return {
    id: role.id,
    name: user ? user.name : host.role,
    login: user ? user.email : host.role + '@sandbox.test',
    rights: role.rights,
  };
}

/** APP.constant('managers'): every user of the account by id, in the shape amoCRM's page keeps them. */
function managers() {
  const out = {};
  (host.config.users || []).forEach(function (u) {
    out[u.id] = {
      id: u.id,
      title: u.name,
      option: u.name,
      login: u.email,
      active: u.is_active !== false,
      is_admin: u.is_admin ? 'Y' : 'N',
      free_user: 'N',
      group: 'group_' + (u.group_id || 0),
      avatar: '',
    };
  });
  return out;
}

export const rawApp = {
  data: { current_card: false, current_entity: null, is_card: false },
  lang_id: 'ru',
  widgets: {
    // self.system() returns this very object (the Widget base class reads APP.widgets.system).
    system: {
      area: null,
      amouser_id: null,
      amouser: null,
      amohash: 'sandbox-api-hash',
      subdomain: null,
      domain: null,
    },
  },
  system: { format: { date: dateFormats(null) } },
  cf_types: CF_TYPES,
  element_types: ELEMENT_TYPES,
  getBaseEntity: function () {
    return host.view.kind === 'none' || host.view.kind === 'settings' ? null : 'leads';
  },
  isCard: function () {
    return host.view.kind === 'card' || host.view.kind === 'new';
  },
  getWidgetsArea: function () {
    const kind = host.view.kind;
    return kind === 'list' ? 'leads' : kind === 'settings' ? 'settings' : 'leads_card';
  },
  constant: function (name) {
    const user = currentUser();
    const account = host.config.account;
    if (name === 'user')
      return {
        id: user.id,
        name: user.name,
        login: user.login,
        lang: host.lang,
        api_key: 'sandbox-api-hash',
      };
    if (name === 'account')
      return {
        id: account.id,
        subdomain: account.subdomain,
        currency: account.currency,
        name: account.name,
        country: account.country,
        date_format: account.datetime_settings && account.datetime_settings.date_format,
        time_format: account.datetime_settings && account.datetime_settings.time_format,
        timezone: account.datetime_settings && account.datetime_settings.timezone,
      };
    if (name === 'user_rights') return JSON.parse(JSON.stringify(user.rights));
    if (name === 'managers') return managers();
    if (name === 'groups') return { group_0: 'Отдел продаж' };
    return undefined;
  },
  notifications: {
    show_message: function (m) {
      pushLog(sandbox.calls, {
        name: 'notifications.show_message',
        leadId: host.view.leadId,
        returned: undefined,
        arg: m,
      });
      toast(m, false);
    },
    add_error: function (m) {
      pushLog(sandbox.calls, {
        name: 'notifications.add_error',
        leadId: host.view.leadId,
        returned: undefined,
        arg: m,
      });
      toast(m, true);
    },
  },
};

/** Called once the account is known: formats and the user in APP.widgets.system. */
export function configureApp() {
  rawApp.system.format.date = dateFormats(host.config.account);
  updateSystem();
}

/** Keeps APP.widgets.system (= self.system()) in step with the screen and the user. */
export function updateSystem() {
  const user = currentUser();
  const system = rawApp.widgets.system;
  const kind = host.view.kind;
  system.area =
    kind === 'settings' ? 'settings' : kind === 'list' ? 'llist' : kind === 'none' ? null : 'lcard';
  system.amouser_id = user.id;
  system.amouser = user.login;
  system.subdomain = host.config.account.subdomain;
  system.domain = location.host;
}

function reportWrite(path) {
  sandbox.appWrites.push(path);
  const box = document.getElementById('sb-app-writes');
  box.hidden = false;
  box.textContent =
    'The widget wrote to APP (read-only by the platform rules): ' + sandbox.appWrites.join(', ');
}

const proxies = new WeakMap();
function watched(target, path) {
  if (proxies.has(target)) return proxies.get(target);
  const proxy = new Proxy(target, {
    get: function (obj, key) {
      const value = obj[key];
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

export const appView = watched(rawApp, 'APP');

export function installApp() {
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
}

/** A tiny Backbone-like model of the card form; attribute names follow the API (the real ones are UNCONFIRMED). */
export function cardModel(id, attributes) {
  const attrs = Object.assign({ id: id }, attributes);
  const noop = function () {};
  return {
    id: id,
    attributes: attrs,
    get: function (key) {
      return attrs[key];
    },
    toJSON: function () {
      return Object.assign({}, attrs);
    },
    on: noop,
    off: noop,
    once: noop,
    listenTo: noop,
    stopListening: noop,
  };
}
