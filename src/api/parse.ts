// Narrows raw API JSON into the project's types, once, at the edge. Wrong shapes → ApiError('malformed').
import { DEFAULT_STAGE_COLOR, stageKind } from '../domain/stages';
import { malformed } from './errors';
import { asRecord, asText } from './json';
import type { Account, CustomFieldPage, PatchResult } from './types';
import type {
  CustomField,
  FieldValue,
  Lead,
  LeadFieldValues,
  LossReason,
  Pipeline,
  Stage,
  Tag,
} from '../domain/types';

type Json = Record<string, unknown>;

const record = (value: unknown, what: string): Json => asRecord(value) ?? malformed(what);

/** An integer, also from a digit string (numeric custom fields and some ids arrive as "14012"); else null. */
function optionalInt(value: unknown): number | null {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  return Number.isSafeInteger(n) ? (n as number) : null;
}

/** A required integer field of `r`; a missing or broken one names its key in the malformed error. */
const int = (r: Json, key: string): number => optionalInt(r[key]) ?? malformed(key);

const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const embedded = (body: Json): Json => asRecord(body._embedded) ?? {};

const bySortThenId = (a: { sort: number; id: number }, b: { sort: number; id: number }) =>
  a.sort - b.sort || a.id - b.id;

/** "RRGGBB", "#rrggbb" or "#rgb" (any case) → "#rrggbb"; anything else → null. */
function normalizeColor(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const hex = value.trim().replace(/^#/, '').toLowerCase();
  const full = hex.length === 3 ? hex.replace(/./g, '$&$&') : hex;
  return /^[0-9a-f]{6}$/.test(full) ? `#${full}` : null;
}

/** Budget: an integer on amoCRM; null → 0; a stray fraction (Kommo) is rounded, never a reason to fail. */
function price(value: unknown): number {
  if (value == null || value === '') return 0;
  const n = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (!Number.isFinite(n)) return malformed('lead.price');
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, Math.round(n as number)));
}

function parseTag(raw: unknown): Tag {
  const t = record(raw, 'tag');
  return { id: int(t, 'id'), name: asText(t.name), color: normalizeColor(t.color) };
}

function parseLossReason(raw: unknown): LossReason {
  const r = record(raw, 'loss reason');
  return { id: int(r, 'id'), name: asText(r.name), sort: optionalInt(r.sort) ?? 0 };
}

/** `custom_fields_values` (null when empty): broken entries are dropped, never a reason to refuse the lead. */
function parseFieldValues(raw: unknown): LeadFieldValues[] {
  return arrayOf(raw).flatMap((entry) => {
    const r = asRecord(entry);
    const fieldId = optionalInt(r?.field_id);
    if (fieldId === null) return [];
    const values = arrayOf(r!.values).flatMap((v): FieldValue[] => {
      const value = asRecord(v);
      if (!value) return [];
      const raw = value.value;
      // A file, an address or a legal entity arrives as an object: the panel does not read it, only that it is there.
      const kept =
        typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
          ? raw
          : typeof raw === 'object' && raw !== null
            ? true
            : null;
      return [{ value: kept, enumId: optionalInt(value.enum_id) }];
    });
    return [{ fieldId, values }];
  });
}

export function parseLead(raw: unknown): Lead {
  const body = record(raw, 'lead');
  const e = embedded(body);
  const contacts = arrayOf(e.contacts).flatMap((c) => {
    const r = asRecord(c);
    const id = optionalInt(r?.id);
    return id === null ? [] : [{ id, isMain: r!.is_main === true }];
  });
  // The doc example and the vendor library embed an ARRAY; the doc's field table says object: accept both.
  const lossRaw = asRecord(Array.isArray(e.loss_reason) ? e.loss_reason[0] : e.loss_reason);
  const lossReason = optionalInt(lossRaw?.id) === null ? null : parseLossReason(lossRaw);
  const source = asRecord(e.source);
  return {
    id: int(body, 'id'),
    name: asText(body.name),
    price: price(body.price),
    statusId: int(body, 'status_id'),
    pipelineId: int(body, 'pipeline_id'),
    lossReasonId: optionalInt(body.loss_reason_id) ?? lossReason?.id ?? null,
    lossReason,
    tags: arrayOf(e.tags).map(parseTag),
    mainContactId: contacts.find((c) => c.isMain)?.id ?? null,
    contactIds: contacts.map((c) => c.id),
    // The doc example carries `source_id: null` beside `_embedded.source.id`: take whichever is given.
    sourceId: optionalInt(body.source_id) ?? optionalInt(source?.id),
    sourceName: asText(source?.name).trim() || null,
    responsibleUserId: optionalInt(body.responsible_user_id),
    updatedAt: optionalInt(body.updated_at) ?? 0,
    closedAt: optionalInt(body.closed_at),
    isDeleted: body.is_deleted === true,
    customFields: parseFieldValues(body.custom_fields_values),
  };
}

export function parsePipeline(raw: unknown): Pipeline {
  const p = record(raw, 'pipeline');
  const id = int(p, 'id');
  const stages = arrayOf(embedded(p).statuses).map((s): Stage => {
    const r = record(s, 'status');
    const stageId = int(r, 'id');
    return {
      id: stageId,
      name: asText(r.name),
      sort: optionalInt(r.sort) ?? 0,
      color: normalizeColor(r.color) ?? DEFAULT_STAGE_COLOR,
      pipelineId: optionalInt(r.pipeline_id) ?? id,
      kind: stageKind(stageId, r.type),
    };
  });
  return {
    id,
    name: asText(p.name),
    sort: optionalInt(p.sort) ?? 0,
    isMain: p.is_main === true,
    isArchive: p.is_archive === true,
    stages: stages.sort(bySortThenId),
  };
}

/** The HAL list envelope `{_embedded: {<key>: [...]}}`, or the bare array some real snippets carry. */
function listOf(raw: unknown, key: string): unknown[] {
  const list = Array.isArray(raw) ? raw : embedded(record(raw, key))[key];
  return Array.isArray(list) ? list : malformed(`${key} list`);
}

export const parsePipelines = (raw: unknown): Pipeline[] =>
  listOf(raw, 'pipelines').map(parsePipeline).sort(bySortThenId);
export const parseTags = (raw: unknown): Tag[] => listOf(raw, 'tags').map(parseTag);
export const parseLossReasons = (raw: unknown): LossReason[] =>
  listOf(raw, 'loss_reasons')
    .map(parseLossReason)
    .sort((a, b) => a.sort - b.sort);

function parseCustomField(raw: unknown): CustomField {
  const f = record(raw, 'custom field');
  const enums = arrayOf(f.enums).flatMap((e) => {
    const r = asRecord(e);
    const id = optionalInt(r?.id);
    return id === null ? [] : [{ id, value: asText(r!.value), sort: optionalInt(r!.sort) ?? 0 }];
  });
  // `required_statuses` is null when the admin set no rule; a broken entry is dropped, not guessed.
  const requiredStatuses = arrayOf(f.required_statuses).flatMap((s) => {
    const r = asRecord(s);
    const statusId = optionalInt(r?.status_id);
    const pipelineId = optionalInt(r?.pipeline_id);
    return statusId === null || pipelineId === null ? [] : [{ statusId, pipelineId }];
  });
  return {
    id: int(f, 'id'),
    name: asText(f.name),
    code: typeof f.code === 'string' && f.code !== '' ? f.code : null,
    sort: optionalInt(f.sort) ?? 0,
    type: asText(f.type),
    enums: enums.sort(bySortThenId),
    requiredStatuses,
    isApiOnly: f.is_api_only === true,
  };
}

/** One page of GET /api/v4/leads/custom_fields; a 204 (past the last page) is an empty last page. */
export function parseCustomFieldPage(raw: unknown): CustomFieldPage {
  if (raw === undefined) return { fields: [], hasNext: false };
  const body = record(raw, 'custom_fields');
  const next = asRecord(asRecord(body._links)?.next);
  return {
    fields: listOf(body, 'custom_fields').map(parseCustomField),
    hasNext: typeof next?.href === 'string' && next.href !== '',
  };
}

export function parseAccount(raw: unknown): Account {
  const a = record(raw, 'account');
  const currency = [a.currency, a.currency_code].find(
    (c): c is string => typeof c === 'string' && /^[A-Za-z]{3}$/.test(c),
  );
  return {
    id: int(a, 'id'),
    subdomain: asText(a.subdomain),
    currentUserId: optionalInt(a.current_user_id),
    isLossReasonEnabled: a.is_loss_reason_enabled === true,
    currency: currency?.toUpperCase() ?? null,
  };
}

/** Single `{id, updated_at}` or the batch `_embedded.leads[0]`. */
export function parsePatchResult(raw: unknown): PatchResult {
  const body = record(raw, 'patch result');
  const leads = embedded(body).leads;
  const item = Array.isArray(leads) ? record(leads[0], 'patched lead') : body;
  return { id: int(item, 'id'), updatedAt: optionalInt(item.updated_at) ?? 0 };
}
