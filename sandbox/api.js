// The API v4 mock: endpoints, shapes and errors as ../shared/docs/API.md and ../shared/fixtures show them.
const MAX_PRICE = 2147483647;
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

const hal = (body, status = 200) => ({ status, type: 'application/hal+json', body });
const none = () => ({ status: 204, type: null, body: null });
const problem = (status, title, detail, extra = {}) => ({
  status,
  type: 'application/problem+json',
  body: { title, type: 'https://httpstatus.es/' + status, status, detail, ...extra },
});
const link = (path) => ({ self: { href: `http://sandbox.amocrm.test${path}` } });

function validation(errors, requestId = '0') {
  return problem(400, 'Bad Request', 'Request validation failed', {
    'validation-errors': [{ request_id: requestId, errors }],
  });
}

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
    custom_fields_values:
      lead.id % 2
        ? null
        : [
            {
              field_id: 501,
              field_name: 'Количество',
              field_code: null,
              field_type: 'numeric',
              values: [{ value: String(lead.id % 97) }],
            },
          ],
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

/** Validates and applies one lead update; returns an error response or null. */
function applyUpdate(state, lead, body, index) {
  const errors = [];
  const path = (p) => (index === undefined ? p : `${index}.${p}`);
  for (const key of Object.keys(body))
    if (!WRITABLE.has(key))
      errors.push({ code: 'FieldNotExpected', path: path(key), detail: 'This field is not expected.' });
  if ('price' in body && !(Number.isInteger(body.price) && body.price >= 0 && body.price <= MAX_PRICE))
    errors.push({ code: 'InvalidType', path: path('price'), detail: 'This value should be of type int.' });
  if ('name' in body && typeof body.name !== 'string')
    errors.push({ code: 'InvalidType', path: path('name'), detail: 'This value should be of type string.' });
  let pipeline = null;
  if ('status_id' in body) {
    const pipelineId =
      'pipeline_id' in body
        ? body.pipeline_id
        : [142, 143].includes(body.status_id)
          ? null
          : lead.pipeline_id;
    pipeline = state.pipelines.find((p) => p.id === pipelineId);
    if (!pipeline)
      errors.push({
        code: 'NotSupportedChoice',
        path: path('pipeline_id'),
        detail: 'The value you selected is not a valid choice.',
      });
    else if (!pipeline.statuses.some((s) => s.id === body.status_id))
      errors.push({
        code: 'NotSupportedChoice',
        path: path('status_id'),
        detail: 'The value you selected is not a valid choice.',
      });
  } else if ('pipeline_id' in body && !state.pipelines.some((p) => p.id === body.pipeline_id)) {
    errors.push({
      code: 'NotSupportedChoice',
      path: path('pipeline_id'),
      detail: 'The value you selected is not a valid choice.',
    });
  }
  if (pipeline && 'status_id' in body && body.status_id !== lead.status_id) {
    const target = pipeline.statuses.find((s) => s.id === body.status_id);
    // Moving a deal INTO Unsorted is not a normal edit (API.md); the sandbox refuses it so such a write shows up.
    if (target && target.type === 1)
      errors.push({
        code: 'NotSupportedChoice',
        path: path('status_id'),
        detail: 'The value you selected is not a valid choice.',
      });
  }
  if (
    body.loss_reason_id !== undefined &&
    body.loss_reason_id !== null &&
    !state.lossReasons.some((r) => r.id === body.loss_reason_id)
  )
    errors.push({
      code: 'NotSupportedChoice',
      path: path('loss_reason_id'),
      detail: 'The value you selected is not a valid choice.',
    });
  for (const key of ['tags_to_add', 'tags_to_delete']) {
    if (!(key in body)) continue;
    if (!Array.isArray(body[key])) {
      errors.push({ code: 'InvalidType', path: path(key), detail: 'This value should be of type array.' });
      continue;
    }
    body[key].forEach((r, i) => {
      if (!r || (typeof r.name !== 'string' && !Number.isInteger(r.id)))
        errors.push({
          code: 'InvalidType',
          path: path(`${key}.${i}`),
          detail: 'This value should be {id} or {name}.',
        });
      else if (typeof r.name === 'string' && !r.name.trim())
        errors.push({
          code: 'NotBlank',
          path: path(`${key}.${i}.name`),
          detail: 'This value should not be blank.',
        });
      else if (key === 'tags_to_add' && typeof r.name !== 'string' && !findTag(state, r))
        errors.push({
          code: 'NotSupportedChoice',
          path: path(`${key}.${i}.id`),
          detail: 'The value you selected is not a valid choice.',
        });
    });
  }
  const embedded = body._embedded;
  if (
    embedded !== undefined &&
    (embedded === null || typeof embedded !== 'object' || Array.isArray(embedded))
  )
    errors.push({
      code: 'InvalidType',
      path: path('_embedded'),
      detail: 'This value should be of type object.',
    });
  else if (embedded && 'tags' in embedded && embedded.tags !== null) {
    if (!Array.isArray(embedded.tags))
      errors.push({
        code: 'InvalidType',
        path: path('_embedded.tags'),
        detail: 'This value should be of type array.',
      });
    else
      embedded.tags.forEach((r, i) => {
        const byName = r && typeof r.name === 'string' && r.name.trim();
        if (!byName && !(r && Number.isInteger(r.id) && findTag(state, r)))
          errors.push({
            code: 'NotSupportedChoice',
            path: path(`_embedded.tags.${i}`),
            detail: 'The value you selected is not a valid choice.',
          });
      });
  }
  if (errors.length) return validation(errors, String(index ?? 0));
  const nextStatus = 'status_id' in body ? body.status_id : lead.status_id;
  if (body.loss_reason_id !== undefined && body.loss_reason_id !== null && nextStatus !== 143) {
    return problem(400, 'Bad Request', 'Invalid request body', {
      errors: { [String(lead.id)]: 'Loss reason can be specified only for lost lead' },
    });
  }
  if ('name' in body) lead.name = body.name;
  if ('price' in body) lead.price = body.price;
  if ('status_id' in body) {
    lead.status_id = body.status_id;
    lead.pipeline_id = pipeline.id;
    lead.closed_at = [142, 143].includes(body.status_id) ? Math.floor(Date.now() / 1000) : null;
    if (body.status_id !== 143) lead.loss_reason_id = null;
  } else if ('pipeline_id' in body && body.pipeline_id !== lead.pipeline_id) {
    // A pipeline without a stage: the deal lands in that pipeline's first ordinary stage.
    const target = state.pipelines.find((p) => p.id === body.pipeline_id);
    const first = target.statuses
      .filter((s) => s.type === 0 && s.id !== 142 && s.id !== 143)
      .sort((a, b) => a.sort - b.sort)[0];
    lead.pipeline_id = target.id;
    lead.status_id = first.id;
    lead.closed_at = null;
    lead.loss_reason_id = null;
  }
  if (body.loss_reason_id !== undefined) lead.loss_reason_id = body.loss_reason_id;
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
      const tag =
        findTag(state, ref) ||
        (typeof ref.name === 'string' && ref.name.trim() ? createTag(state, ref.name) : null);
      if (tag && !lead.tags.some((t) => t.id === tag.id)) lead.tags.push(tag);
    }
  }
  lead.updated_at = Math.max(lead.updated_at + 1, Math.floor(Date.now() / 1000));
  return null;
}

/** A page of a list the way API v4 pages them: `_page`, `_page_count`, 204 past the end. */
function paged(u, items, key, selfPath) {
  const limit = Math.min(250, Math.max(1, Number(u.searchParams.get('limit')) || 50));
  const page = Math.max(1, Number(u.searchParams.get('page')) || 1);
  const found = items.slice((page - 1) * limit, page * limit);
  if (!found.length) return none();
  return hal({
    _total_items: items.length,
    _page: page,
    _page_count: Math.max(1, Math.ceil(items.length / limit)),
    _links: link(selfPath + u.search),
    _embedded: { [key]: found },
  });
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
  return paged(u, list, 'users', '/api/v4/users');
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

function fieldOut(entity, field) {
  return {
    id: field.id,
    name: field.name,
    type: field.type,
    code: field.code,
    sort: field.sort,
    is_predefined: Boolean(field.code),
    settings: null,
    remind: null,
    is_api_only: false,
    group_id: null,
    enums: null,
    required_statuses: null,
    entity_type: entity,
    _links: link(`/api/v4/${entity}/custom_fields/${field.id}`),
  };
}

const FIELD_TYPES = [
  'text',
  'numeric',
  'checkbox',
  'select',
  'multiselect',
  'date',
  'url',
  'textarea',
  'radiobutton',
  'birthday',
  'date_time',
];

function customFields(state, method, u, entity, body, canWrite) {
  state.customFields = state.customFields || { leads: [], contacts: [] };
  const fields = (state.customFields[entity] = state.customFields[entity] || []);
  if (method === 'GET')
    return paged(
      u,
      fields.map((f) => fieldOut(entity, f)),
      'custom_fields',
      `/api/v4/${entity}/custom_fields`,
    );
  if (method !== 'POST')
    return problem(405, 'Method Not Allowed', `${method} is not supported here by the sandbox`);
  if (!canWrite) return problem(403, 'Forbidden', 'Access denied');
  const items = Array.isArray(body) ? body : [];
  const errors = [];
  items.forEach((item, i) => {
    if (!item || typeof item.name !== 'string' || !item.name.trim())
      errors.push({ code: 'NotBlank', path: `${i}.name`, detail: 'This value should not be blank.' });
    else if (!FIELD_TYPES.includes(item.type))
      errors.push({
        code: 'InvalidChoice',
        path: `${i}.type`,
        detail: 'The value you selected is not a valid choice.',
      });
  });
  if (!items.length || errors.length)
    return validation(
      errors.length ? errors : [{ code: 'NotBlank', path: '0', detail: 'This value should not be blank.' }],
    );
  state.nextFieldId = state.nextFieldId || 900;
  const created = items.map((item) => {
    const field = {
      id: state.nextFieldId++,
      name: item.name.trim(),
      type: item.type,
      sort: 1000 + fields.length,
      code: null,
    };
    fields.push(field);
    return fieldOut(entity, field);
  });
  return hal({
    _total_items: created.length,
    _links: link(`/api/v4/${entity}/custom_fields`),
    _embedded: { custom_fields: created },
  });
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
    return paged(u, list, 'tasks', '/api/v4/tasks');
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

/**
 * Handles one /api/v4 request. `ctx` = { state, role, changed(leadId) }.
 * Returns { status, type, body } (body null for empty).
 */
function handleApi(method, url, body, ctx) {
  const { state } = ctx;
  const u = new URL(url, 'http://x');
  const parts = u.pathname.replace(/\/+$/, '').split('/').slice(3); // after /api/v4
  const withs = (u.searchParams.get('with') || '').split(',');
  const canWrite = ctx.role !== 'manager';
  const forbid = () => problem(403, 'Forbidden', 'Access denied: you have no rights to edit leads');

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
  if ((parts[0] === 'leads' || parts[0] === 'contacts') && parts[1] === 'custom_fields')
    return customFields(state, method, u, parts[0], body, canWrite);
  if (parts[0] === 'contacts' && parts[1] && method === 'GET') {
    const contact = (state.contacts || []).find((c) => c.id === Number(parts[1]));
    return contact ? hal(contactOut(contact)) : none();
  }
  if (parts[0] === 'tasks') return tasks(state, method, u, body, canWrite, ctx);
  if (parts[0] !== 'leads') return problem(404, 'Not Found', 'Unknown endpoint');

  if (parts[1] === 'pipelines' && method === 'GET') return hal(pipelinesOut(state));
  if (parts[1] === 'loss_reasons' && method === 'GET') {
    return hal({
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
    });
  }
  if (parts[1] === 'tags') {
    if (method === 'GET') {
      const query = (u.searchParams.get('query') || '').toLowerCase();
      const limit = Math.min(250, Math.max(1, Number(u.searchParams.get('limit')) || 50));
      const page = Math.max(1, Number(u.searchParams.get('page')) || 1);
      const matching = state.tags.filter((t) => t.name.toLowerCase().includes(query));
      const found = matching.slice((page - 1) * limit, page * limit);
      if (!found.length) return none();
      const links = link(u.pathname + u.search);
      if (matching.length > page * limit) {
        const next = new URLSearchParams(u.searchParams);
        next.set('page', String(page + 1));
        links.next = { href: `http://sandbox.amocrm.test${u.pathname}?${next}` };
      }
      return hal({ _page: page, _links: links, _embedded: { tags: found.map(tagOut) } });
    }
    if (method === 'POST') {
      if (!canWrite) return forbid();
      if (!Array.isArray(body) || body.some((r) => !r || typeof r.name !== 'string' || !r.name.trim()))
        return validation([{ code: 'NotBlank', path: '0.name', detail: 'This value should not be blank.' }]);
      const created = body.map((r) => findTag(state, r) || createTag(state, r.name));
      ctx.persist();
      return hal({
        _links: link('/api/v4/leads/tags'),
        _embedded: { tags: created.map((t) => ({ ...tagOut(t), request_id: '0' })) },
      });
    }
  }
  if (parts.length === 1 && method === 'PATCH') {
    if (!canWrite) return forbid();
    if (!Array.isArray(body) || !body.length)
      return problem(400, 'Bad Request', 'Request body must be a non-empty array');
    const done = [];
    // All or nothing: a failing item leaves every lead of the batch as it was.
    const before = JSON.stringify({ leads: state.leads, tags: state.tags, nextTagId: state.nextTagId });
    const undo = (response) => {
      const saved = JSON.parse(before);
      state.leads = saved.leads;
      state.tags = saved.tags;
      state.nextTagId = saved.nextTagId;
      return response;
    };
    for (let i = 0; i < body.length; i++) {
      const item = body[i];
      if (!item || typeof item !== 'object' || Array.isArray(item))
        return undo(
          validation(
            [{ code: 'InvalidType', path: `${i}`, detail: 'This value should be of type object.' }],
            String(i),
          ),
        );
      const lead = state.leads.find((l) => l.id === item.id);
      if (!lead)
        return undo(validation([{ code: 'NotFound', path: `${i}.id`, detail: 'Lead not found' }], String(i)));
      const error = applyUpdate(state, lead, item, i);
      if (error) return undo(error);
      done.push({
        id: lead.id,
        updated_at: lead.updated_at,
        ...(item.request_id !== undefined ? { request_id: String(item.request_id) } : {}),
        _links: link(`/api/v4/leads/${lead.id}`),
      });
    }
    ctx.persist();
    done.forEach((d) => ctx.changed(d.id));
    return hal({ _links: link('/api/v4/leads'), _embedded: { leads: done } });
  }
  if (parts.length === 2 && /^\d+$/.test(parts[1])) {
    const lead = state.leads.find((l) => l.id === Number(parts[1]));
    if (method === 'GET') return lead ? hal(leadOut(state, lead, withs)) : none();
    if (method === 'PATCH') {
      if (!canWrite) return forbid();
      if (!lead) return none();
      if (!body || typeof body !== 'object' || Array.isArray(body))
        return problem(400, 'Bad Request', 'Request body must be an object');
      const error = applyUpdate(state, lead, body);
      if (error) return error;
      ctx.persist();
      ctx.changed(lead.id);
      return hal({ id: lead.id, updated_at: lead.updated_at, _links: link(`/api/v4/leads/${lead.id}`) });
    }
  }
  return problem(405, 'Method Not Allowed', `${method} ${u.pathname} is not supported by the sandbox`);
}

module.exports = { handleApi, leadOut };
