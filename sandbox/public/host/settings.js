// The settings modal: the platform's form for the manifest's `settings` fields, with the class names amoCRM's
// own modal has (.modal.<code>, .widget_settings_block, its __descr / __fields / __controls, .js-widget-save)
// because real widgets look them up.
import { sandbox, host, lookup, control, reportAsync } from './state.js';
import { rawApp, updateSystem } from './app.js';
import { call, enterArea, destroyInstance, clearColumn } from './widget.js';
import { leave, reopen } from './card.js';

function settingsForm(code) {
  const fields = document.createElement('div');
  fields.className = 'widget_settings_block__fields';
  const defs = (host.manifest && host.manifest.settings) || {};
  Object.keys(defs).forEach(function (key) {
    const def = defs[key] || {};
    const saved = host.widget.params[key] == null ? '' : String(host.widget.params[key]);
    if (def.type === 'custom') {
      // PLATFORM.md §2: a hidden input #<code>_custom carries the value; the widget fills #<code>_custom_content.
      const hidden = document.createElement('input');
      hidden.type = 'hidden';
      hidden.name = key;
      hidden.id = code + '_custom';
      hidden.value = saved;
      const content = document.createElement('div');
      content.id = code + '_custom_content';
      fields.appendChild(hidden);
      fields.appendChild(content);
      return;
    }
    const row = document.createElement('div');
    row.className = 'widget_settings_block__item_field sb-setting';
    const label = document.createElement('label');
    label.htmlFor = 'sb-setting-' + key;
    label.textContent = (lookup(host.langs, def.name) || key) + (def.required ? ' *' : '');
    const input = document.createElement('input');
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
  const values = {};
  modal.querySelectorAll('.widget_settings_block__fields input[name]').forEach(function (input) {
    values[input.name] = input.value;
  });
  return values;
}

export function openSettings() {
  if (host.view.kind === 'settings') return;
  host.previousView = host.view;
  leave();
  host.view = { kind: 'settings', leadId: null };
  updateSystem();
  host.card = null;
  rawApp.data.current_card = false;
  rawApp.data.is_card = false;
  rawApp.data.current_entity = null;
  const code = host.config.widgetCode;
  const modal = document.createElement('div');
  modal.className = 'sb-modal modal ' + code;
  modal.id = 'sb-settings-modal';
  modal.innerHTML =
    '<div class="sb-modal__window" role="dialog" aria-modal="true" aria-label="Widget settings">' +
    '<div class="sb-modal__head"><img alt="" height="40"><div><strong></strong></div></div>' +
    '<div class="sb-modal__body widget-settings"><div class="widget_settings_block">' +
    '<p class="widget_settings_block__descr sb-modal__descr"></p>' +
    '<div class="widget_settings_block__controls sb-modal__foot">' +
    '<button type="button" class="sb-save"></button><button type="button" class="sb-cancel">Cancel</button>' +
    '<button type="button" class="sb-disable">Disable</button><span class="sb-modal__error" role="alert"></span>' +
    '</div></div></div></div>';
  modal.querySelector('.sb-modal__head img').src = host.config.path + '/images/logo_small.png';
  modal.querySelector('strong').textContent = lookup(host.langs, host.manifest.widget.name) || code;
  modal.querySelector('.sb-modal__descr').textContent =
    lookup(host.langs, host.manifest.widget.short_description) || '';
  const block = modal.querySelector('.widget_settings_block');
  block.insertBefore(settingsForm(code), block.querySelector('.widget_settings_block__controls'));
  const save = modal.querySelector('.sb-save');
  // amoCRM's button: "Save" (js-widget-save) once installed, "Install" (js-widget-install) before.
  save.id = 'save_' + code;
  save.className += host.active ? ' js-widget-save' : ' js-widget-install';
  save.textContent = 'Save';
  modal.querySelector('.sb-disable').hidden = !host.active;
  document.body.appendChild(modal);
  save.onclick = function () {
    saveSettings();
  };
  modal.querySelector('.sb-cancel').onclick = function () {
    closeSettings();
  };
  modal.querySelector('.sb-disable').onclick = function () {
    disableWidget();
  };
  modal.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !event.defaultPrevented) closeSettings();
  });
  // The settings page is an area like any other: the widget is rendered there (area "settings") before the
  // modal's settings callback; the vendor's widget prepares its templates in that render.
  enterArea();
  try {
    call('settings', host.$(modal.querySelector('.sb-modal__body')));
  } catch (error) {
    reportAsync(error);
  }
}

function persistSettings(fields, isActive) {
  return control.saveSettings({ fields: fields, active: isActive }).then(function (saved) {
    host.config.settings = saved.fields;
    host.active = saved.active;
    Object.assign(host.widget.params, saved.fields, {
      status: host.active ? 'installed' : 'install',
      widget_active: host.active ? 'Y' : 'N',
    });
    return saved;
  });
}

function refuse(errorBox, error) {
  errorBox.textContent = (error && error.message) || 'The widget refused to save.';
  sandbox.lastSave = { ok: false, error: errorBox.textContent };
  return sandbox.lastSave;
}

export function saveSettings() {
  const modal = document.getElementById('sb-settings-modal');
  if (!modal) return Promise.resolve({ ok: false, error: 'no modal' });
  const errorBox = modal.querySelector('.sb-modal__error');
  const fields = settingsFields(modal);
  const missing = Array.prototype.filter.call(
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
  let result;
  try {
    result = call('onSave', { fields: fields, active: 'Y' });
  } catch (error) {
    result = Promise.reject(error);
  }
  return Promise.resolve(result)
    .then(
      function (value) {
        if (value === false) throw new Error('onSave returned false');
        // `fields` as the widget left it: onSave may rewrite a value (the vendor's widget fills its custom field there).
        return persistSettings(fields, true).then(function (saved) {
          sandbox.lastSave = { ok: true, custom: saved.fields.custom, fields: saved.fields };
          closeSettings();
          return sandbox.lastSave;
        });
      },
      function (error) {
        return refuse(errorBox, error);
      },
    )
    .catch(function (error) {
      return refuse(errorBox, error);
    });
}

/** "Disable": amoCRM calls onSave with active 'N', then destroy; the widget stays off until saved again. */
export function disableWidget() {
  const modal = document.getElementById('sb-settings-modal');
  if (!modal) return Promise.resolve({ ok: false, error: 'no modal' });
  const fields = settingsFields(modal);
  let result;
  try {
    result = call('onSave', { fields: fields, active: 'N' });
  } catch (error) {
    result = Promise.reject(error);
  }
  return Promise.resolve(result)
    .catch(function () {
      // Disabling does not wait for the widget's consent.
    })
    .then(function () {
      return persistSettings(fields, false);
    })
    .then(function () {
      closeSettings();
      return { ok: true };
    });
}

export function closeSettings() {
  const modal = document.getElementById('sb-settings-modal');
  if (!modal) return;
  destroyInstance();
  clearColumn();
  modal.remove();
  reopen(host.previousView || { kind: 'list' });
}
