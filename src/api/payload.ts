// Pure builders of the minimal PATCH for each quick action, refusing what the API would refuse.
import type { Lead, LeadPatch, Stage, TagRef } from './types';

/** amoCRM does not document the budget's storage; a 32-bit signed integer is the safe assumption. */
export const MAX_BUDGET = 2147483647;
/** Longer tag names are refused before they reach the API (the API's own limit is undocumented). */
export const MAX_TAG_NAME = 255;

export type Built = { ok: true; patch: LeadPatch } | { ok: false; errorKey: string };

/** Moves the lead to `stage`; `pipeline_id` always goes with `status_id`; `loss_reason_id` only with 143. */
export function stagePatch(lead: Lead, stage: Stage, lossReasonId?: number | null): Built {
  if (stage.kind === 'unsorted') return { ok: false, errorKey: 'errors.stage_unsorted' };
  if (stage.id === lead.statusId && stage.pipelineId === lead.pipelineId) return { ok: false, errorKey: 'errors.stage_same' };
  const patch: LeadPatch = { status_id: stage.id, pipeline_id: stage.pipelineId };
  if (stage.kind === 'lost' && typeof lossReasonId === 'number' && lossReasonId > 0) patch.loss_reason_id = lossReasonId;
  return { ok: true, patch };
}

/** Reads a budget typed by a person: digits with space/NBSP/thin-space group separators; nothing else. */
export function parseBudget(input: string): { ok: true; value: number } | { ok: false; errorKey: string } {
  const text = input.replace(/[\s\u00a0\u2009\u202f]+/g, ' ').trim();
  if (text === '') return { ok: false, errorKey: 'errors.budget_empty' };
  if (/^[-−–]/.test(text)) return { ok: false, errorKey: 'errors.budget_negative' };
  if (/[.,]\d*$/.test(text) || /\d[.,]\d/.test(text)) return { ok: false, errorKey: 'errors.budget_decimal' };
  if (!/^\d{1,3}( \d{3})*$|^\d+$/.test(text)) return { ok: false, errorKey: 'errors.budget_not_number' };
  const digits = text.replace(/ /g, '').replace(/^0+(?=\d)/, '');
  if (digits.length > 10 || Number(digits) > MAX_BUDGET) return { ok: false, errorKey: 'errors.budget_too_big' };
  return { ok: true, value: Number(digits) };
}

export function budgetPatch(lead: Lead, input: string): Built {
  const parsed = parseBudget(input);
  if (!parsed.ok) return parsed;
  if (parsed.value === lead.price) return { ok: false, errorKey: 'errors.budget_same' };
  return { ok: true, patch: { price: parsed.value } };
}

export function normalizeTagName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

const tagKey = (ref: TagRef) => ('id' in ref ? `#${ref.id}` : normalizeTagName(ref.name).toLocaleLowerCase());

/** Incremental tag change only (never `_embedded.tags`, which would replace the whole set). */
export function tagsPatch(lead: Lead, change: { add?: TagRef[]; remove?: TagRef[] }): Built {
  const present = new Set(lead.tags.flatMap((t) => [`#${t.id}`, t.name.toLocaleLowerCase()]));
  const add: TagRef[] = [];
  for (const ref of change.add ?? []) {
    if (!('id' in ref)) {
      const name = normalizeTagName(ref.name);
      if (name === '') return { ok: false, errorKey: 'errors.tag_blank' };
      if (name.length > MAX_TAG_NAME) return { ok: false, errorKey: 'errors.tag_too_long' };
      if (present.has(name.toLocaleLowerCase())) return { ok: false, errorKey: 'errors.tag_duplicate' };
      add.push({ name });
    } else {
      if (present.has(`#${ref.id}`)) return { ok: false, errorKey: 'errors.tag_duplicate' };
      add.push({ id: ref.id });
    }
    present.add(tagKey(add[add.length - 1]));
  }
  const remove = (change.remove ?? []).filter((ref) => present.has(tagKey(ref)));
  const patch: LeadPatch = {};
  if (add.length) patch.tags_to_add = add;
  if (remove.length) patch.tags_to_delete = remove;
  if (!add.length && !remove.length) return { ok: false, errorKey: 'errors.tag_nothing' };
  return { ok: true, patch };
}
