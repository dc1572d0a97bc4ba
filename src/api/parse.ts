// Narrows raw API JSON into the project's types, once, at the edge. Wrong shapes → ApiError('malformed').
import { ApiError } from './errors';
import type { Account, Lead, LossReason, PatchResult, Pipeline, Stage, Tag } from './types';

type Json = Record<string, unknown>;

const malformed = (what: string): never => {
  throw new ApiError('malformed', { detail: what });
};

function asJson(value: unknown): Json | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
}

function record(value: unknown, what: string): Json {
  return asJson(value) ?? malformed(what);
}

function int(value: unknown, what: string): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : malformed(what);
}

function optionalInt(value: unknown): number | null {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : null;
}

/** Names are shown as text: a number stays readable, anything else (null, objects) becomes ''. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function embedded(body: Json): Json {
  return asJson(body._embedded) ?? {};
}

/** "RRGGBB", "#rrggbb" or "#rgb" (any case) → "#rrggbb"; anything else → null. */
export function normalizeColor(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const hex = value.trim().replace(/^#/, '').toLowerCase();
  if (/^[0-9a-f]{6}$/.test(hex)) return `#${hex}`;
  return /^[0-9a-f]{3}$/.test(hex) ? `#${hex.replace(/./g, '$&$&')}` : null;
}

/** Budget: an integer on amoCRM; null → 0; a stray fraction (Kommo) is rounded, never a reason to fail. */
function price(value: unknown): number {
  if (value === null || value === undefined || value === '') return 0;
  const n = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return malformed('lead.price');
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, Math.round(n)));
}

export function parseTag(raw: unknown): Tag {
  const t = record(raw, 'tag');
  return { id: int(t.id, 'tag.id'), name: text(t.name), color: normalizeColor(t.color) };
}

export function parseLossReason(raw: unknown): LossReason {
  const r = record(raw, 'loss reason');
  return { id: int(r.id, 'loss_reason.id'), name: text(r.name), sort: optionalInt(r.sort) ?? 0 };
}

export function parseLead(raw: unknown): Lead {
  const body = record(raw, 'lead');
  const e = embedded(body);
  const tags = Array.isArray(e.tags) ? e.tags.map(parseTag) : [];
  const contacts = (Array.isArray(e.contacts) ? e.contacts : []).flatMap((c) => {
    const r = asJson(c);
    const id = r ? optionalInt(r.id) : null;
    return r && id !== null ? [{ id, isMain: r.is_main === true }] : [];
  });
  // The doc example and the vendor library embed an ARRAY; the doc's field table says object: accept both.
  const lossRaw = asJson(Array.isArray(e.loss_reason) ? e.loss_reason[0] : e.loss_reason);
  const lossReason = lossRaw && optionalInt(lossRaw.id) !== null ? parseLossReason(lossRaw) : null;
  return {
    id: int(body.id, 'lead.id'),
    name: text(body.name),
    price: price(body.price),
    statusId: int(body.status_id, 'lead.status_id'),
    pipelineId: int(body.pipeline_id, 'lead.pipeline_id'),
    lossReasonId: optionalInt(body.loss_reason_id) ?? lossReason?.id ?? null,
    lossReason,
    tags,
    mainContactId: contacts.find((c) => c.isMain)?.id ?? null,
    contactIds: contacts.map((c) => c.id),
    // The doc example carries `source_id: null` beside `_embedded.source.id`: take whichever is given.
    sourceId: optionalInt(body.source_id) ?? optionalInt(asJson(e.source)?.id),
    responsibleUserId: optionalInt(body.responsible_user_id),
    updatedAt: optionalInt(body.updated_at) ?? 0,
    closedAt: optionalInt(body.closed_at),
    isDeleted: body.is_deleted === true,
  };
}

function stageKind(id: number, type: unknown): Stage['kind'] {
  if (id === 142) return 'won';
  if (id === 143) return 'lost';
  return type === 1 || type === '1' ? 'unsorted' : 'open';
}

export function parsePipeline(raw: unknown): Pipeline {
  const p = record(raw, 'pipeline');
  const id = int(p.id, 'pipeline.id');
  const statuses = embedded(p).statuses;
  const stages = (Array.isArray(statuses) ? statuses : []).map((s): Stage => {
    const r = record(s, 'status');
    const stageId = int(r.id, 'status.id');
    return {
      id: stageId,
      name: text(r.name),
      sort: optionalInt(r.sort) ?? 0,
      color: normalizeColor(r.color) ?? '#c1c1c1',
      pipelineId: optionalInt(r.pipeline_id) ?? id,
      kind: stageKind(stageId, r.type),
    };
  });
  stages.sort((a, b) => a.sort - b.sort || a.id - b.id);
  return {
    id,
    name: text(p.name),
    sort: optionalInt(p.sort) ?? 0,
    isMain: p.is_main === true,
    isArchive: p.is_archive === true,
    stages,
  };
}

/** The HAL list envelope, or the bare array some real snippets carry. */
export function parsePipelines(raw: unknown): Pipeline[] {
  const list = Array.isArray(raw) ? raw : embedded(record(raw, 'pipelines')).pipelines;
  if (!Array.isArray(list)) return malformed('pipelines list');
  return list.map(parsePipeline).sort((a, b) => a.sort - b.sort || a.id - b.id);
}

function listOf(raw: unknown, key: string): unknown[] {
  const list = Array.isArray(raw) ? raw : embedded(record(raw, key))[key];
  return Array.isArray(list) ? list : malformed(`${key} list`);
}

export const parseTags = (raw: unknown): Tag[] => listOf(raw, 'tags').map(parseTag);
export const parseLossReasons = (raw: unknown): LossReason[] =>
  listOf(raw, 'loss_reasons')
    .map(parseLossReason)
    .sort((a, b) => a.sort - b.sort);

export function parseAccount(raw: unknown): Account {
  const a = record(raw, 'account');
  const currency = [a.currency, a.currency_code].find(
    (c): c is string => typeof c === 'string' && /^[A-Za-z]{3}$/.test(c),
  );
  return {
    id: int(a.id, 'account.id'),
    subdomain: text(a.subdomain),
    currentUserId: optionalInt(a.current_user_id),
    isLossReasonEnabled: a.is_loss_reason_enabled === true,
    currency: currency ? currency.toUpperCase() : null,
  };
}

/** Single `{id, updated_at}` or the batch `_embedded.leads[0]`. */
export function parsePatchResult(raw: unknown): PatchResult {
  const body = record(raw, 'patch result');
  const leads = embedded(body).leads;
  const item = Array.isArray(leads) ? record(leads[0], 'patched lead') : body;
  return { id: int(item.id, 'patched lead id'), updatedAt: optionalInt(item.updated_at) ?? 0 };
}
