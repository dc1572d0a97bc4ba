// The API v4 routes: endpoints, shapes and errors as ../shared/docs/API.md and ../shared/fixtures show them.
// HTTP-free (the request gate in gate.js has already let the request through). A writing route VALIDATES the
// whole request first and only then APPLIES it, so a refused request changes nothing.
const { hal, none, problem, link, href, validation, paged, pageOf } = require('./responses');
const { customFieldsRoute, checkFieldValues, writeFieldValues, fieldValuesOut } = require('./custom-fields');

const MAX_PRICE = 2147483647;
const WON = 142;
const LOST = 143;
const WRITABLE = new Set([
  'name',
  'price',
  'status_id',
  'pipeline_id',
  'loss_reason_id',
  'responsible_user_id',
  'closed_at',
  'created_at',
  'updated_at',
  'tags_to_add',
  'tags_to_delete',
  '_embedded',
  'custom_fields_values',
  'created_by',
  'updated_by',
  'id',
  'request_id',
]);
const NOT_A_CHOICE = 'The value you selected is not a valid choice.';

const clone = (value) => JSON.parse(JSON.stringify(value));

function tagOut(t) {
  return { id: t.id, name: t.name, color: t.color ?? null };
}

function leadOut(state, lead, withs) {
  const out = {
    id: lead.id,
    name: lead.name,
    price: lead.price,
    responsible_user_id: lead.responsible_user_id,
    group_id: 0,
    status_id: lead.status_id,
    pipeline_id: lead.pipeline_id,
    loss_reason_id: lead.loss_reason_id,
    created_by: 11,
    updated_by: 11,
    created_at: lead.created_at,
    updated_at: lead.updated_at,
    closed_at: lead.closed_at,
    closest_task_at: null,
    is_deleted: false,
    custom_fields_values: fieldValuesOut(state, lead),
    score: null,
    account_id: 777,
    labor_cost: null,
    is_price_modified_by_robot: false,
    _links: link(`/api/v4/leads/${lead.id}`),
    _embedded: { tags: lead.tags.map(tagOut), companies: [] },
  };
  if (withs.includes('source_id') && lead.source_id) {
    out.source_id = lead.source_id;
    out._embedded.source = { id: lead.source_id, name: 'Сайт' };
  }
  if (withs.includes('contacts'))
    out._embedded.contacts = lead.contacts.map((c) => ({
      id: c.id,
      is_main: c.is_main,
      _links: link(`/api/v4/contacts/${c.id}`),
    }));
  if (withs.includes('loss_reason')) {
    const reason = state.lossReasons.find((r) => r.id === lead.loss_reason_id);
    out._embedded.loss_reason = reason
      ? [
          {
            ...reason,
            created_at: 1700000000,
            updated_at: 1700000000,
            _links: link(`/api/v4/leads/loss_reasons/${reason.id}`),
          },
        ]
      : [];
  }
  return out;
}

function pipelinesOut(state) {
  return {
    _total_items: state.pipelines.length,
    _links: link('/api/v4/leads/pipelines'),
    _embedded: {
      pipelines: state.pipelines.map(({ statuses, ...p }) => ({
        ...p,
        _links: link(`/api/v4/leads/pipelines/${p.id}`),
        _embedded: {
          statuses: statuses.map((s) => ({
            ...s,
            _links: link(`/api/v4/leads/pipelines/${p.id}/statuses/${s.id}`),
          })),
        },
      })),
    },
  };
}

function findTag(state, ref) {
  if (ref && Number.isInteger(ref.id)) return state.tags.find((t) => t.id === ref.id);
  if (ref && typeof ref.name === 'string')
    return state.tags.find((t) => t.name.toLowerCase() === ref.name.trim().toLowerCase());
  return undefined;
}

function createTag(state, name) {
  const tag = { id: state.nextTagId++, name: name.trim(), color: null };
  state.tags.push(tag);
  return tag;
}

/**
 * Checks one lead update against the account as it is. Returns `{refusal}` — the answer to give, nothing having
 * changed — or `{pipeline, fieldWrites}` for applyUpdate. `index` is the item's place in a batch (paths then
 * start with it), undefined for PATCH /leads/{id}.
 */
function checkUpdate(state, lead, body, index) {
  const errors = [];
  const at = (p) => (index === undefined ? p : `${index}.${p}`);
  const notAChoice = (p) => errors.push({ code: 'NotSupportedChoice', path: at(p), detail: NOT_A_CHOICE });
  for (const key of Object.keys(body))
    if (!WRITABLE.has(key))
      errors.push({ code: 'FieldNotExpected', path: at(key), detail: 'This field is not expected.' });
  if ('price' in body && !(Number.isInteger(body.price) && body.price >= 0 && body.price <= MAX_PRICE))
    errors.push({ code: 'InvalidType', path: at('price'), detail: 'This value should be of type int.' });
  if ('name' in body && typeof body.name !== 'string')
    errors.push({ code: 'InvalidType', path: at('name'), detail: 'This value should be of type string.' });
  let pipeline = null;
  if ('status_id' in body) {
    // Won and lost exist in every pipeline with the same ids: only pipeline_id says which one is meant.
    const pipelineId =
      'pipeline_id' in body
        ? body.pipeline_id
        : [WON, LOST].includes(body.status_id)
          ? null
          : lead.pipeline_id;
    pipeline = state.pipelines.find((p) => p.id === pipelineId);
    const target = pipeline && pipeline.statuses.find((s) => s.id === body.status_id);
    if (!pipeline) notAChoice('pipeline_id');
    else if (!target) notAChoice('status_id');
    // Moving a deal INTO Unsorted is not a normal edit (API.md); the sandbox refuses it so such a write shows up.
    else if (target.type === 1 && body.status_id !== lead.status_id) notAChoice('status_id');
  } else if ('pipeline_id' in body && !state.pipelines.some((p) => p.id === body.pipeline_id)) {
    notAChoice('pipeline_id');
  }
  if (
    body.loss_reason_id !== undefined &&
    body.loss_reason_id !== null &&
    !state.lossReasons.some((r) => r.id === body.loss_reason_id)
  )
    notAChoice('loss_reason_id');
  for (const key of ['tags_to_add', 'tags_to_delete']) {
    if (!(key in body)) continue;
    if (!Array.isArray(body[key])) {
      errors.push({ code: 'InvalidType', path: at(key), detail: 'This value should be of type array.' });
      continue;
    }
    body[key].forEach((r, i) => {
      if (!r || (typeof r.name !== 'string' && !Number.isInteger(r.id)))
        errors.push({
          code: 'InvalidType',
          path: at(`${key}.${i}`),
          detail: 'This value should be {id} or {name}.',
        });
      else if (typeof r.name === 'string' && !r.name.trim())
        errors.push({
          code: 'NotBlank',
          path: at(`${key}.${i}.name`),
          detail: 'This value should not be blank.',
        });
      else if (key === 'tags_to_add' && typeof r.name !== 'string' && !findTag(state, r))
        notAChoice(`${key}.${i}.id`);
    });
  }
  const embedded = body._embedded;
  if (
    embedded !== undefined &&
    (embedded === null || typeof embedded !== 'object' || Array.isArray(embedded))
  )
    errors.push({
      code: 'InvalidType',
      path: at('_embedded'),
      detail: 'This value should be of type object.',
    });
  else if (embedded && 'tags' in embedded && embedded.tags !== null) {
    if (!Array.isArray(embedded.tags))
      errors.push({
        code: 'InvalidType',
        path: at('_embedded.tags'),
        detail: 'This value should be of type array.',
      });
    else
      embedded.tags.forEach((r, i) => {
        const byName = r && typeof r.name === 'string' && r.name.trim();
        if (!byName && !(r && Number.isInteger(r.id) && findTag(state, r))) notAChoice(`_embedded.tags.${i}`);
      });
  }
  // The admin's required_statuses are NOT checked here: amoCRM's own card enforces them when a person moves a
  // deal, the API is not documented to (automation bypasses them; API.md), so a move without the fields is
  // accepted — a widget has to enforce the rule itself.
  const fields =
    'custom_fields_values' in body ? checkFieldValues(state, body.custom_fields_values, at) : null;
  if (fields) errors.push(...fields.errors);
  if (errors.length) return { refusal: validation(errors, String(index ?? 0)) };
  const nextStatus = 'status_id' in body ? body.status_id : lead.status_id;
  if (body.loss_reason_id !== undefined && body.loss_reason_id !== null && nextStatus !== LOST)
    return {
      refusal: problem(400, 'Bad Request', 'Invalid request body', {
        errors: { [String(lead.id)]: 'Loss reason can be specified only for lost lead' },
      }),
    };
  return { pipeline, fieldWrites: fields ? fields.writes : [] };
}

/** Applies an update checkUpdate accepted. */
function applyUpdate(state, lead, body, { pipeline, fieldWrites }) {
  const now = Math.floor(Date.now() / 1000);
  if ('name' in body) lead.name = body.name;
  if ('price' in body) lead.price = body.price;
  if ('status_id' in body) {
    lead.status_id = body.status_id;
    lead.pipeline_id = pipeline.id;
    lead.closed_at = [WON, LOST].includes(body.status_id) ? now : null;
    // A status written without a reason leaves the deal without one, also lost → lost (the docs are silent; this
    // is the reading the widget's optimistic view makes, and src/testing/patch-agreement.test.ts holds both to it).
    lead.loss_reason_id = body.status_id === LOST ? (body.loss_reason_id ?? null) : null;
  } else if ('pipeline_id' in body && body.pipeline_id !== lead.pipeline_id) {
    // A pipeline without a stage: the deal lands in that pipeline's first ordinary stage.
    const target = state.pipelines.find((p) => p.id === body.pipeline_id);
    const first = target.statuses
      .filter((s) => s.type === 0 && s.id !== WON && s.id !== LOST)
      .sort((a, b) => a.sort - b.sort)[0];
    lead.pipeline_id = target.id;
    lead.status_id = first.id;
    lead.closed_at = null;
    lead.loss_reason_id = null;
  } else if (body.loss_reason_id !== undefined) lead.loss_reason_id = body.loss_reason_id;
  const embeddedTags = body._embedded && 'tags' in body._embedded ? body._embedded.tags : undefined;
  if (embeddedTags !== undefined) {
    // _embedded.tags replaces the whole set (null clears it) and wins over tags_to_add / tags_to_delete.
    const next = (embeddedTags || []).map((r) => findTag(state, r) || createTag(state, r.name));
    lead.tags = next.filter((t, i) => next.findIndex((x) => x.id === t.id) === i);
  } else {
    for (const ref of body.tags_to_delete || []) {
      const tag = findTag(state, ref);
      if (tag) lead.tags = lead.tags.filter((t) => t.id !== tag.id);
    }
    for (const ref of body.tags_to_add || []) {
      const tag = findTag(state, ref) || (typeof ref.name === 'string' ? createTag(state, ref.name) : null);
      if (tag && !lead.tags.some((t) => t.id === tag.id)) lead.tags.push(tag);
    }
  }
  if (fieldWrites.length) writeFieldValues(lead, fieldWrites);
  lead.updated_at = Math.max(lead.updated_at + 1, now);
}

/**
 * PATCH /api/v4/leads: all or nothing. The items are checked and applied one after another on a copy of the
 * deals and tags (a later item sees what an earlier one did), which replaces the account's only when all passed.
 */
function patchBatch(state, items) {
  const draft = { ...state, leads: clone(state.leads), tags: clone(state.tags) };
  const done = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!item || typeof item !== 'object' || Array.isArray(item))
      return validation(
        [{ code: 'InvalidType', path: `${i}`, detail: 'This value should be of type object.' }],
        String(i),
      );
    const lead = draft.leads.find((l) => l.id === item.id);
    if (!lead)
      return validation([{ code: 'NotFound', path: `${i}.id`, detail: 'Lead not found' }], String(i));
    const checked = checkUpdate(draft, lead, item, i);
    if (checked.refusal) return checked.refusal;
    applyUpdate(draft, lead, item, checked);
    done.push({
      id: lead.id,
      updated_at: lead.updated_at,
      ...(item.request_id !== undefined ? { request_id: String(item.request_id) } : {}),
      _links: link(`/api/v4/leads/${lead.id}`),
    });
  }
  state.leads = draft.leads;
  state.tags = draft.tags;
  state.nextTagId = draft.nextTagId;
  return { done };
}

function userOut(user) {
  const rights = (edit) => ({ view: 'A', edit, add: edit, delete: edit, export: edit });
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    lang: user.lang,
    rights: {
      leads: rights(user.can_edit_leads === false ? 'D' : 'A'),
      contacts: rights('A'),
      companies: rights('A'),
      tasks: { edit: 'A', delete: 'A' },
      mail_access: false,
      catalog_access: false,
      status_rights: [],
      is_admin: user.is_admin,
      is_free: false,
      is_active: user.is_active,
      group_id: user.group_id ?? null,
      role_id: null,
    },
    _links: link(`/api/v4/users/${user.id}`),
  };
}

function users(state, u, id) {
  const list = (state.users || []).map(userOut);
  if (id) {
    const user = list.find((x) => x.id === Number(id));
    return user ? hal(user) : none();
  }
  return paged(u, list, 'users');
}

function contactOut(contact) {
  const multitext = (fieldId, code, name, values) =>
    values.length
      ? [
          {
            field_id: fieldId,
            field_name: name,
            field_code: code,
            field_type: 'multitext',
            values: values.map((value) => ({ value, enum_code: 'WORK' })),
          },
        ]
      : [];
  return {
    id: contact.id,
    name: contact.name,
    first_name: contact.first_name,
    last_name: contact.last_name,
    responsible_user_id: contact.responsible_user_id,
    group_id: 0,
    created_by: 11,
    updated_by: 11,
    created_at: contact.created_at,
    updated_at: contact.updated_at,
    closest_task_at: null,
    is_deleted: false,
    custom_fields_values: [
      ...multitext(601, 'PHONE', 'Телефон', contact.phones),
      ...multitext(602, 'EMAIL', 'Email', contact.emails),
    ],
    account_id: 777,
    _links: link(`/api/v4/contacts/${contact.id}`),
    _embedded: { tags: [], companies: [] },
  };
}

/** Tasks, as far as a widget that checks for and creates a follow-up needs them (no completion, no updates). */
function tasks(state, method, u, body, canWrite, ctx) {
  state.tasks = state.tasks || [];
  if (method === 'GET') {
    const filter = (name) => u.searchParams.get(`filter[${name}]`);
    const list = state.tasks.filter(
      (t) =>
        (filter('entity_id') === null || String(t.entity_id) === filter('entity_id')) &&
        (filter('entity_type') === null || t.entity_type === filter('entity_type')) &&
        (filter('task_type') === null || String(t.task_type_id) === filter('task_type')) &&
        (filter('is_completed') === null || String(Number(t.is_completed)) === filter('is_completed')),
    );
    return paged(u, list, 'tasks');
  }
  if (method !== 'POST')
    return problem(405, 'Method Not Allowed', `${method} is not supported here by the sandbox`);
  if (!canWrite) return problem(403, 'Forbidden', 'Access denied');
  const items = Array.isArray(body) ? body : [];
  const bad = items.findIndex((t) => !t || typeof t.text !== 'string' || !Number.isInteger(t.complete_till));
  if (!items.length || bad >= 0)
    return validation([
      {
        code: 'NotBlank',
        path: `${Math.max(bad, 0)}.complete_till`,
        detail: 'This value should not be blank.',
      },
    ]);
  const now = Math.floor(Date.now() / 1000);
  state.nextTaskId = state.nextTaskId || 7001;
  const created = items.map((item, i) => {
    const task = {
      id: state.nextTaskId++,
      text: item.text,
      complete_till: item.complete_till,
      entity_id: item.entity_id ?? null,
      entity_type: item.entity_type ?? null,
      task_type_id: item.task_type_id ?? 1,
      responsible_user_id: item.responsible_user_id ?? 11,
      is_completed: false,
      created_at: now,
      updated_at: now,
    };
    state.tasks.push(task);
    return { id: task.id, request_id: String(i), _links: link(`/api/v4/tasks/${task.id}`) };
  });
  ctx.persist();
  return hal({ _links: link('/api/v4/tasks'), _embedded: { tasks: created } });
}

function lossReasonsOut(state) {
  return {
    _total_items: state.lossReasons.length,
    _links: link('/api/v4/leads/loss_reasons'),
    _embedded: {
      loss_reasons: state.lossReasons.map((r) => ({
        ...r,
        created_at: 1700000000,
        updated_at: 1700000000,
        _links: link(`/api/v4/leads/loss_reasons/${r.id}`),
      })),
    },
  };
}

function tagsRoute(state, method, u, body, ctx) {
  if (method === 'GET') {
    const query = (u.searchParams.get('query') || '').toLowerCase();
    const { limit, page } = pageOf(u);
    const matching = state.tags.filter((t) => t.name.toLowerCase().includes(query));
    const found = matching.slice((page - 1) * limit, page * limit);
    if (!found.length) return none();
    // The tag list's doc example has `_page` and `_links.next`, no totals.
    const links = link(u.pathname + u.search);
    if (matching.length > page * limit) {
      const next = new URLSearchParams(u.searchParams);
      next.set('page', String(page + 1));
      links.next = href(`${u.pathname}?${next}`);
    }
    return hal({ _page: page, _links: links, _embedded: { tags: found.map(tagOut) } });
  }
  if (method !== 'POST') return null;
  if (!ctx.canWrite) return ctx.forbid();
  if (!Array.isArray(body) || body.some((r) => !r || typeof r.name !== 'string' || !r.name.trim()))
    return validation([{ code: 'NotBlank', path: '0.name', detail: 'This value should not be blank.' }]);
  const created = body.map((r) => findTag(state, r) || createTag(state, r.name));
  ctx.persist();
  return hal({
    _links: link('/api/v4/leads/tags'),
    _embedded: { tags: created.map((t) => ({ ...tagOut(t), request_id: '0' })) },
  });
}

/** PATCH /api/v4/leads/{id} and PATCH /api/v4/leads (batch). */
function patchRoute(state, leadId, body, ctx) {
  if (!ctx.canWrite) return ctx.forbid();
  if (leadId === null) {
    if (!Array.isArray(body) || !body.length)
      return problem(400, 'Bad Request', 'Request body must be a non-empty array');
    const result = patchBatch(state, body);
    if (!result.done) return result;
    ctx.persist();
    result.done.forEach((d) => ctx.changed(d.id));
    return hal({ _links: link('/api/v4/leads'), _embedded: { leads: result.done } });
  }
  const lead = state.leads.find((l) => l.id === leadId);
  if (!lead) return none();
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return problem(400, 'Bad Request', 'Request body must be an object');
  const checked = checkUpdate(state, lead, body);
  if (checked.refusal) return checked.refusal;
  applyUpdate(state, lead, body, checked);
  ctx.persist();
  ctx.changed(lead.id);
  return hal({ id: lead.id, updated_at: lead.updated_at, _links: link(`/api/v4/leads/${lead.id}`) });
}

/**
 * Handles one /api/v4 request. `ctx` = { state, role, persist(), changed(leadId) }.
 * Returns { status, type, body } (body null for empty).
 */
function handleApi(method, url, body, ctx) {
  const { state } = ctx;
  const u = new URL(url, 'http://x');
  const parts = u.pathname.replace(/\/+$/, '').split('/').slice(3); // after /api/v4
  const withs = (u.searchParams.get('with') || '').split(',');
  const canWrite = ctx.role !== 'manager';
  const route = {
    ...ctx,
    canWrite,
    forbid: () => problem(403, 'Forbidden', 'Access denied: you have no rights to edit leads'),
  };
  const notSupported = () =>
    problem(405, 'Method Not Allowed', `${method} ${u.pathname} is not supported by the sandbox`);

  if (parts[0] === 'account' && method === 'GET') {
    const embedded = {};
    if (withs.includes('task_types')) embedded.task_types = state.taskTypes || [];
    if (withs.includes('users_groups')) embedded.users_groups = [{ id: 0, name: 'Отдел продаж', uuid: null }];
    return hal({
      ...state.account,
      current_user_id: ctx.role === 'manager' ? 12 : 11,
      _links: link('/api/v4/account'),
      ...(Object.keys(embedded).length ? { _embedded: embedded } : {}),
    });
  }
  if (parts[0] === 'users' && method === 'GET') return users(state, u, parts[1]);
  if ((parts[0] === 'leads' || parts[0] === 'contacts') && parts[1] === 'custom_fields' && parts.length === 2)
    return customFieldsRoute(state, method, u, parts[0], body, canWrite);
  if (parts[0] === 'contacts' && parts[1] && method === 'GET') {
    const contact = (state.contacts || []).find((c) => c.id === Number(parts[1]));
    return contact ? hal(contactOut(contact)) : none();
  }
  if (parts[0] === 'tasks') return tasks(state, method, u, body, canWrite, ctx);
  if (parts[0] !== 'leads') return problem(404, 'Not Found', 'Unknown endpoint');

  if (parts[1] === 'pipelines' && method === 'GET') return hal(pipelinesOut(state));
  if (parts[1] === 'loss_reasons' && method === 'GET') return hal(lossReasonsOut(state));
  if (parts[1] === 'tags') return tagsRoute(state, method, u, body, route) || notSupported();
  if (parts.length === 1 && method === 'PATCH') return patchRoute(state, null, body, route);
  if (parts.length === 2 && /^\d+$/.test(parts[1])) {
    const id = Number(parts[1]);
    if (method === 'GET') {
      const lead = state.leads.find((l) => l.id === id);
      return lead ? hal(leadOut(state, lead, withs)) : none();
    }
    if (method === 'PATCH') return patchRoute(state, id, body, route);
  }
  return notSupported();
}

module.exports = { handleApi, leadOut };
