// The lead card page: the card's own fields (read when the card opens, so they go stale after a widget's
// write, as in amoCRM), navigation between cards and the list, and re-opening the card on page:reload.
import { sandbox, host, hostGet, control } from './state.js';
import { rawApp, cardModel, updateSystem } from './app.js';
import { createInstance, enterArea, destroyInstance, clearColumn } from './widget.js';

const LEAD = 2; // APP.element_types.leads
let navigation = 0;

function stageName(pipelineId, statusId) {
  const p = host.pipelines.find(function (x) {
    return x.id === pipelineId;
  });
  const s =
    p &&
    p._embedded.statuses.find(function (x) {
      return x.id === statusId;
    });
  return (p ? p.name : '?') + ' → ' + (s ? s.name : '?');
}

function userName(id) {
  const user = (host.config.users || []).find(function (u) {
    return u.id === id;
  });
  return user ? user.name : id ? 'user ' + id : '—';
}

/** The card as the page reads it when it opens: the deal with its contacts (the host's requests, not the widget's). */
function readCard(id) {
  return hostGet('/api/v4/leads/' + id + '?with=contacts').then(function (lead) {
    const links = (lead && lead._embedded.contacts) || [];
    return Promise.all(
      links.map(function (link) {
        return hostGet('/api/v4/contacts/' + link.id);
      }),
    ).then(function (found) {
      const contacts = found.filter(Boolean).map(function (c) {
        const values = function (code) {
          const field = (c.custom_fields_values || []).find(function (f) {
            return f.field_code === code;
          });
          return field
            ? field.values.map(function (v) {
                return v.value;
              })
            : [];
        };
        return {
          id: c.id,
          name: c.name,
          first_name: c.first_name,
          last_name: c.last_name,
          phones: values('PHONE'),
          emails: values('EMAIL'),
        };
      });
      return { lead: lead, contacts: contacts };
    });
  });
}

/** One custom field value as the card shows it: a choice by its name, a date as a date, a file by its name. */
function fieldText(field, value) {
  if (value.enum_id) return value.value;
  const v = value.value;
  if (typeof v === 'boolean') return v ? 'да' : 'нет';
  if (typeof v === 'number' && /date|birthday/.test(field.field_type)) {
    // In the account's time zone, as amoCRM's card shows dates (the seed's days are Moscow midnights).
    const settings = host.config.account.datetime_settings || {};
    const options = { timeZone: settings.timezone || undefined };
    const at = new Date(v * 1000);
    return field.field_type === 'date_time'
      ? at.toLocaleString('ru-RU', options)
      : at.toLocaleDateString('ru-RU', options);
  }
  if (v && typeof v === 'object') return v.file_name || JSON.stringify(v);
  return String(v);
}

/** The deal's filled custom fields, as the card lists them below its own fields. */
function customFieldRows(lead) {
  return (lead.custom_fields_values || []).map(function (field) {
    return [
      field.field_name,
      field.values
        .map(function (value) {
          return fieldText(field, value);
        })
        .join(', '),
    ];
  });
}

function drawCardFields(card) {
  const box = document.getElementById('sb-card-fields');
  box.innerHTML = '';
  const lead = card && card.lead;
  if (!lead) {
    if (host.view.kind === 'card')
      box.innerHTML =
        '<h1>Сделка не найдена</h1><p class="sb-empty">GET /api/v4/leads/' +
        Number(host.view.leadId) +
        ' answered 204.</p>';
    else if (host.view.kind === 'new')
      box.innerHTML = '<h1>Новая сделка</h1><p class="sb-empty">Not saved yet (current_card.id = 0).</p>';
    else
      box.innerHTML =
        '<h1>Сделки</h1><p class="sb-empty">A list page: no card (current_card = false, area llist).</p>';
    return;
  }
  const h = document.createElement('h1');
  h.textContent = lead.name;
  box.appendChild(h);
  const dl = document.createElement('dl');
  [
    ['Этап', stageName(lead.pipeline_id, lead.status_id)],
    ['Бюджет', new Intl.NumberFormat('ru-RU').format(lead.price || 0) + ' ₽'],
    ['Ответственный', userName(lead.responsible_user_id)],
    [
      'Контакты',
      card.contacts
        .map(function (c) {
          return c.name;
        })
        .join(', ') || '—',
    ],
    ['Теги', lead._embedded.tags],
  ]
    .concat(customFieldRows(lead))
    .concat([['Обновлено', new Date(lead.updated_at * 1000).toLocaleString('ru-RU')]])
    .forEach(function (row) {
      const wrap = document.createElement('div');
      wrap.className = 'sb-field';
      const dt = document.createElement('dt');
      dt.textContent = row[0];
      const dd = document.createElement('dd');
      if (Array.isArray(row[1])) {
        row[1].forEach(function (tag) {
          const chip = document.createElement('span');
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
  const actions = document.createElement('div');
  actions.className = 'sb-card-actions';
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Open the card again';
  reload.title = 'Opens this card again, as a person would (the widget object stays: render alone)';
  reload.onclick = function () {
    openLead(lead.id);
  };
  const elsewhere = document.createElement('button');
  elsewhere.type = 'button';
  elsewhere.textContent = 'Someone else edits this deal';
  elsewhere.title =
    'Changes the budget on the server as another user would; only live events tell the widget';
  elsewhere.onclick = function () {
    control.lead(lead.id).then(function (current) {
      if (current) control.editLead(lead.id, { price: (current.price || 0) + 1000 });
    });
  };
  actions.appendChild(reload);
  actions.appendChild(elsewhere);
  box.appendChild(actions);
}

/** Keeps the address in step with the screen, so a reload (e.g. after a rebuild) comes back to it. */
export function syncUrl() {
  const q = new URLSearchParams(location.search);
  q.set('lang', host.lang);
  q.set('theme', document.documentElement.getAttribute('data-color-scheme') || 'light');
  if (host.reentry === 'page') q.set('reentry', 'page');
  else q.delete('reentry');
  const kind = host.view.kind;
  if (kind === 'card' || kind === 'new' || kind === 'list') q.set('view', kind);
  if (kind === 'card') q.set('lead', String(host.view.leadId));
  else q.delete('lead');
  history.replaceState(null, '', '?' + q.toString());
}

function setView(kind, leadId) {
  host.view = { kind: kind, leadId: leadId };
  updateSystem();
}

function setCard(card) {
  host.card = card;
  if (!card) {
    rawApp.data.current_card = false;
    rawApp.data.is_card = false;
    rawApp.data.current_entity = host.view.kind === 'list' ? 'leads' : null;
    return;
  }
  const lead = card.lead;
  const id = host.view.leadId;
  rawApp.data.is_card = true;
  rawApp.data.current_entity = 'leads';
  rawApp.data.current_card = {
    id: id,
    element_type: LEAD,
    // The responsible user's id (a new card: the current user, as amoCRM pre-fills it).
    main_user: lead ? lead.responsible_user_id : rawApp.widgets.system.amouser_id,
    new_card: id === 0,
    model: cardModel(
      id,
      lead
        ? {
            name: lead.name,
            price: lead.price,
            status_id: lead.status_id,
            pipeline_id: lead.pipeline_id,
            responsible_user_id: lead.responsible_user_id,
            updated_at: lead.updated_at,
          }
        : {},
    ),
  };
}

function renderArea() {
  const off = document.getElementById('sb-widget-off');
  off.hidden = host.active;
  if (host.active) enterArea();
}

/** Leaving the current screen: the widget's destroy steps (§4a), then the column is emptied of other blocks. */
export function leave() {
  const kind = host.view.kind;
  if ((kind === 'card' || kind === 'new' || kind === 'list' || kind === 'settings') && host.active)
    destroyInstance();
  clearColumn();
}

export function openLead(id) {
  leave();
  const ticket = ++navigation;
  setView('card', id);
  setCard(null);
  document.getElementById('sb-lead').value = String(id);
  syncUrl();
  // amoCRM has the card's data on the page before widgets run: the sandbox reads it first, then renders.
  return readCard(id).then(function (card) {
    if (ticket !== navigation) return card.lead;
    setCard(card);
    drawCardFields(card);
    renderArea();
    return card.lead;
  });
}

export function openNewLead() {
  leave();
  navigation++;
  setView('new', 0);
  setCard({ lead: null, contacts: [] });
  drawCardFields(null);
  renderArea();
  syncUrl();
}

export function openList() {
  leave();
  navigation++;
  setView('list', null);
  setCard(null);
  drawCardFields(null);
  renderArea();
  syncUrl();
}

/** Goes back to a screen after the settings modal, a language switch or page:reload. */
export function reopen(back) {
  setView('none', null);
  if (back.kind === 'card') return openLead(back.leadId);
  if (back.kind === 'new') return openNewLead();
  return openList();
}

/**
 * `$(document).trigger('page:reload')`: amoCRM's router re-navigates to the current page without a browser
 * reload — the widget's destroy steps, a NEW widget object, the card's fields read again, then
 * render / init / bind_actions. The router does it after the trigger returns, not inside the widget's call.
 */
export function listenPageReload() {
  host.$(document).on('page:reload.sandboxHost list:reload.sandboxHost', function () {
    setTimeout(pageReload, 0);
  });
}

function pageReload() {
  sandbox.pageReloads += 1;
  const note = document.getElementById('sb-page-reloads');
  note.hidden = false;
  note.textContent = 'Card re-opened (page:reload) ×' + sandbox.pageReloads;
  const modal = document.getElementById('sb-settings-modal');
  const back = modal ? host.previousView || { kind: 'list' } : host.view;
  leave();
  if (modal) modal.remove();
  createInstance();
  return reopen(back);
}
