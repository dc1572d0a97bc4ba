// Custom fields: the account's field lists (GET/POST /api/v4/{leads|contacts}/custom_fields, paged, with enums and
// the admin's `required_statuses`), the values a lead PATCH may write (checked by type as API.md describes), and
// the values GET shows on a lead. Shapes follow ../shared/fixtures (custom_fields_list_doc.json,
// lead_real_many_field_types.json, error_400_validation_*.json).
const { hal, problem, link, validation, paged } = require('./responses');

/** Written as `{value: "string"}`. */
const TEXT_TYPES = ['text', 'textarea', 'url', 'streetaddress', 'tracking_data'];
/** Written as `{enum_id}`, `{enum_code}` or `{value}` naming one of the field's enums; multiselect takes several. */
const ENUM_TYPES = ['select', 'radiobutton', 'multiselect'];
/** Written as Unix seconds or an RFC 3339 string; GET shows seconds. */
const DATE_TYPES = ['date', 'date_time', 'birthday'];
/**
 * Types with value shapes of their own (file uuids, addresses, requisites, catalog links, money, phones...): the
 * sandbox lists them, shows seeded values, and refuses writes — a widget should leave them to the card.
 */
const FIELD_TYPES = [
  ...TEXT_TYPES,
  ...ENUM_TYPES,
  ...DATE_TYPES,
  'numeric',
  'checkbox',
  'multitext',
  'smart_address',
  'legal_entity',
  'chained_list',
  'monetary',
  'file',
  'price',
  'category',
  'items',
  'linked_entity',
  'payer',
  'supplier',
];

const WRITABLE_TYPES = [...TEXT_TYPES, ...ENUM_TYPES, ...DATE_TYPES, 'numeric', 'checkbox'];

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const NUMERIC = /^-?\d+(\.\d+)?$/;

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

function fieldsOf(state, entity) {
  state.customFields = state.customFields || { leads: [], contacts: [] };
  return (state.customFields[entity] = state.customFields[entity] || []);
}

function fieldOut(entity, field) {
  const enums = field.enums && field.enums.length ? field.enums : null;
  const required = field.required_statuses && field.required_statuses.length ? field.required_statuses : null;
  return {
    id: field.id,
    name: field.name,
    type: field.type,
    code: field.code ?? null,
    sort: field.sort,
    is_predefined: Boolean(field.code),
    is_deletable: !field.code,
    is_visible: true,
    is_required: false,
    settings: null,
    remind: null,
    is_api_only: false,
    group_id: null,
    enums: enums && enums.map((e) => ({ id: e.id, value: e.value, sort: e.sort, code: e.code ?? null })),
    required_statuses:
      required && required.map((r) => ({ status_id: r.status_id, pipeline_id: r.pipeline_id })),
    hidden_statuses: [],
    entity_type: entity,
    _links: link(`/api/v4/${entity}/custom_fields/${field.id}`),
  };
}

/**
 * GET (paged) and POST (create, admin only) of one entity's field list. The docs say both "up to 50 fields per
 * request" and "limit at most 250": the sandbox takes the stricter one, so a client that trusts `limit` alone and
 * does not follow `_links.next` misses fields here, visibly.
 */
const FIELDS_PER_PAGE = 50;
function customFieldsRoute(state, method, u, entity, body, canWrite) {
  const fields = fieldsOf(state, entity);
  if (method === 'GET') {
    const sorted = [...fields].sort((a, b) => a.sort - b.sort || a.id - b.id);
    return paged(
      u,
      sorted.map((f) => fieldOut(entity, f)),
      'custom_fields',
      FIELDS_PER_PAGE,
    );
  }
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
    else if (item.enums !== undefined && item.enums !== null && !Array.isArray(item.enums))
      errors.push({ code: 'InvalidType', path: `${i}.enums`, detail: 'This value should be of type array.' });
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
      enums: ENUM_TYPES.includes(item.type)
        ? (item.enums || []).map((e, k) => ({
            id: state.nextFieldId++,
            value: String((e && e.value) ?? ''),
            sort: Number.isInteger(e && e.sort) ? e.sort : (k + 1) * 10,
            code: null,
          }))
        : undefined,
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

/** The enum a written value names, by enum_id, enum_code or value (in that order), and the key it used. */
function findEnum(field, value) {
  const enums = field.enums || [];
  if (value.enum_id !== undefined)
    return { key: 'enum_id', found: enums.find((e) => e.id === value.enum_id) };
  if (value.enum_code !== undefined)
    return { key: 'enum_code', found: enums.find((e) => e.code && e.code === value.enum_code) };
  if (value.value !== undefined) return { key: 'value', found: enums.find((e) => e.value === value.value) };
  return { key: null, found: undefined };
}

/** Unix seconds from what a date field accepts: integer seconds or an RFC 3339 string; else null. */
function dateSeconds(value) {
  if (Number.isSafeInteger(value)) return value;
  if (typeof value !== 'string' || !RFC3339.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

/**
 * One written value in its type's stored form, or the error at `path` (a path into the request). Enum values are
 * stored by id; GET names them again from the field's enums.
 */
function checkValue(field, value, path) {
  const invalid = (at, detail) => ({ error: { code: 'InvalidType', path: at, detail } });
  if (!isObject(value)) return invalid(path, 'This value should be of type object.');
  if (TEXT_TYPES.includes(field.type))
    return typeof value.value === 'string'
      ? { stored: { value: value.value } }
      : invalid(`${path}.value`, 'This value should be of type string.');
  if (field.type === 'numeric')
    return typeof value.value === 'string' && NUMERIC.test(value.value.trim())
      ? { stored: { value: value.value.trim() } }
      : invalid(`${path}.value`, 'This value should be a numeric string.');
  if (field.type === 'checkbox')
    return typeof value.value === 'boolean'
      ? { stored: { value: value.value } }
      : invalid(`${path}.value`, 'This value should be of type bool.');
  if (DATE_TYPES.includes(field.type)) {
    const seconds = dateSeconds(value.value);
    return seconds === null
      ? invalid(`${path}.value`, 'This value should be a Unix timestamp or an RFC 3339 date.')
      : { stored: { value: seconds } };
  }
  if (ENUM_TYPES.includes(field.type)) {
    const { key, found } = findEnum(field, value);
    if (!key) return invalid(path, 'This value should carry enum_id, enum_code or value.');
    return found
      ? { stored: { enum_id: found.id } }
      : {
          error: {
            code: 'NotSupportedChoice',
            path: `${path}.${key}`,
            detail: 'The value you selected is not a valid choice.',
          },
        };
  }
  // checkFieldValues refuses other types before their values are looked at.
  return invalid(path, `The sandbox does not write ${field.type} fields.`);
}

function findField(state, item) {
  const fields = fieldsOf(state, 'leads');
  if (item.field_id !== undefined) return fields.find((f) => f.id === item.field_id);
  return fields.find((f) => f.code && f.code === item.field_code);
}

/**
 * Checks `custom_fields_values` of one lead update: `[{field_id | field_code, values: [...] | null}]`, each field
 * a lead field, each value in its type's shape (null clears the field). Returns `{errors, writes}`: the problems
 * with paths into the request (`at` adds the batch index), or the writes in stored form.
 */
function checkFieldValues(state, list, at) {
  const errors = [];
  const writes = [];
  if (!Array.isArray(list)) {
    errors.push({
      code: 'InvalidType',
      path: at('custom_fields_values'),
      detail: 'This value should be of type array.',
    });
    return { errors, writes };
  }
  list.forEach((item, i) => {
    const base = `custom_fields_values.${i}`;
    if (!isObject(item)) {
      errors.push({ code: 'InvalidType', path: at(base), detail: 'This value should be of type object.' });
      return;
    }
    if (item.field_id === undefined && item.field_code === undefined) {
      errors.push({
        code: 'NotBlank',
        path: at(`${base}.field_id`),
        detail: 'This value should not be blank.',
      });
      return;
    }
    const field = findField(state, item);
    if (!field) {
      errors.push({
        code: 'NotSupportedChoice',
        path: at(`${base}.${item.field_id !== undefined ? 'field_id' : 'field_code'}`),
        detail: 'The value you selected is not a valid choice.',
      });
      return;
    }
    if (item.values === null) {
      writes.push({ field_id: field.id, values: null });
      return;
    }
    if (!Array.isArray(item.values) || item.values.length === 0) {
      errors.push({
        code: 'InvalidType',
        path: at(`${base}.values`),
        detail: 'This value should be a non-empty array (or null to clear the field).',
      });
      return;
    }
    if (!WRITABLE_TYPES.includes(field.type)) {
      errors.push({
        code: 'InvalidType',
        path: at(`${base}.values`),
        detail: `The sandbox does not write ${field.type} fields (their value shape is not emulated).`,
      });
      return;
    }
    if (field.type !== 'multiselect' && item.values.length > 1) {
      errors.push({
        code: 'InvalidType',
        path: at(`${base}.values.1`),
        detail: `A ${field.type} field takes one value.`,
      });
      return;
    }
    const stored = [];
    item.values.forEach((value, j) => {
      const checked = checkValue(field, value, `${base}.values.${j}`);
      if (checked.error) errors.push({ ...checked.error, path: at(checked.error.path) });
      else if (!stored.some((s) => JSON.stringify(s) === JSON.stringify(checked.stored)))
        stored.push(checked.stored);
    });
    writes.push({ field_id: field.id, values: stored });
  });
  return { errors, writes };
}

/** Applies checked writes: only the fields sent change; null clears one. */
function writeFieldValues(lead, writes) {
  let values = (lead.custom_fields_values || []).filter(
    (f) => !writes.some((w) => w.field_id === f.field_id),
  );
  for (const w of writes) if (w.values !== null) values.push({ field_id: w.field_id, values: w.values });
  values = values.filter((f, i) => values.findIndex((x) => x.field_id === f.field_id) === i);
  lead.custom_fields_values = values;
}

/** A lead's `custom_fields_values` as GET shows them (null when none), in the account's field order. */
function fieldValuesOut(state, lead) {
  const fields = fieldsOf(state, 'leads');
  const out = (lead.custom_fields_values || [])
    .map((entry) => ({ entry, field: fields.find((f) => f.id === entry.field_id) }))
    .filter(({ field }) => field)
    .sort((a, b) => a.field.sort - b.field.sort || a.field.id - b.field.id)
    .map(({ entry, field }) => ({
      field_id: field.id,
      field_name: field.name,
      field_code: field.code ?? null,
      field_type: field.type,
      values: entry.values.flatMap((v) => {
        if (v.enum_id === undefined) return [{ ...v }];
        const e = (field.enums || []).find((x) => x.id === v.enum_id);
        return e ? [{ value: e.value, enum_id: e.id, enum_code: e.code ?? null }] : [];
      }),
    }))
    .filter((f) => f.values.length);
  return out.length ? out : null;
}

module.exports = { customFieldsRoute, checkFieldValues, writeFieldValues, fieldValuesOut, FIELD_TYPES };
