// Pure builders of the minimal PATCH for each quick action, refusing what the API would refuse.
import type { Lead, LeadPatch, Stage, TagRef } from './types';

/** amoCRM does not document the budget's storage; a 32-bit signed integer is the safe assumption. */
export const MAX_BUDGET = 2147483647;
/** Longer tag names (in characters, i.e. code points) are refused here: the API's own limit is undocumented. */
export const MAX_TAG_NAME = 255;

export type Built = { ok: true; patch: LeadPatch } | { ok: false; errorKey: string };
export type BudgetParse = { ok: true; value: number } | { ok: false; errorKey: string };

const refuse = (errorKey: string): { ok: false; errorKey: string } => ({ ok: false, errorKey });

/** A positive safe integer, as every amoCRM id is. */
const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/**
 * Moves the lead to `stage`: `pipeline_id` always goes with `status_id` (142/143 exist in every pipeline);
 * `loss_reason_id` only with lost, as the API answers 400 otherwise. Unsorted is never a target.
 */
export function stagePatch(lead: Lead, stage: Stage, lossReasonId?: number | null): Built {
  if (stage.kind === 'unsorted') return refuse('errors.stage_unsorted');
  if (stage.id === lead.statusId && stage.pipelineId === lead.pipelineId) return refuse('errors.stage_same');
  const patch: LeadPatch = { status_id: stage.id, pipeline_id: stage.pipelineId };
  if (stage.kind === 'lost' && isId(lossReasonId)) patch.loss_reason_id = lossReasonId;
  return { ok: true, patch };
}

// Any Unicode space (incl. NBSP U+00A0, thin U+2009, narrow NBSP U+202F) groups digits as people type them.
const SPACES = /[\s\u00a0\u2007\u2009\u202f]+/g;
// A currency sign typed or pasted with the amount ("₽ 1 500", "$100") carries no meaning for the value.
const CURRENCY_EDGES = /^\p{Sc}\s*|\s*\p{Sc}$/gu;

/** Reads a budget typed by a person: ASCII digits with space group separators; nothing else. */
export function parseBudget(input: string): BudgetParse {
  const text = input.replace(SPACES, ' ').trim().replace(CURRENCY_EDGES, '').trim();
  if (text === '') return refuse('errors.budget_empty');
  if (/^[-−–‐]/.test(text)) return refuse('errors.budget_negative');
  // "1,500,000" / "1.500": thousands grouped with commas or dots read as decimals in half the locales.
  if (/^[1-9]\d{0,2}([.,]\d{3})+$/.test(text)) return refuse('errors.budget_separator');
  if (/^[\d ]*[.,]\d*$/.test(text)) return refuse('errors.budget_decimal');
  if (!/^\d{1,3}( \d{3})*$|^\d+$/.test(text)) return refuse('errors.budget_not_number');
  const digits = text.replace(/ /g, '').replace(/^0+(?=\d)/, '');
  if (digits.length > 10 || Number(digits) > MAX_BUDGET) return refuse('errors.budget_too_big');
  return { ok: true, value: Number(digits) };
}

/** `{price}` from what the user typed; refuses the unchanged amount so nothing is sent for nothing. */
export function budgetPatch(lead: Lead, input: string): Built {
  const parsed = parseBudget(input);
  if (!parsed.ok) return parsed;
  if (parsed.value === lead.price) return refuse('errors.budget_same');
  return { ok: true, patch: { price: parsed.value } };
}

/** Collapses whitespace runs, drops control and zero-width characters, trims. */
export function normalizeTagName(name: string): string {
  return name
    .replace(/[\p{Cc}\u200b\u2060\ufeff]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Case-insensitive identity of a tag name (locale-independent, so Turkish "I" does not change results). */
const nameKey = (name: string) => normalizeTagName(name).toLowerCase();
const refKey = (ref: TagRef) => ('id' in ref ? `#${ref.id}` : `=${nameKey(ref.name)}`);

/** Incremental tag change only: `tags_to_add` / `tags_to_delete`, never `_embedded.tags` (it replaces all). */
export function tagsPatch(lead: Lead, change: { add?: TagRef[]; remove?: TagRef[] }): Built {
  const onLead = new Set(lead.tags.flatMap((t) => [`#${t.id}`, `=${nameKey(t.name)}`]));
  const present = new Set(onLead);
  const add: TagRef[] = [];
  for (const ref of change.add ?? []) {
    let next: TagRef;
    if ('id' in ref) {
      if (!isId(ref.id)) return refuse('errors.tag_blank');
      next = { id: ref.id };
    } else {
      const name = normalizeTagName(ref.name);
      if (name === '') return refuse('errors.tag_blank');
      if ([...name].length > MAX_TAG_NAME) return refuse('errors.tag_too_long');
      next = { name };
    }
    const key = refKey(next);
    if (present.has(key)) return refuse('errors.tag_duplicate');
    present.add(key);
    add.push(next);
  }
  // Removing what the lead does not carry (or twice) is a no-op the API need not see: a key leaves `onLead`
  // the first time it is removed.
  const remove = (change.remove ?? []).flatMap((ref): TagRef[] =>
    onLead.delete(refKey(ref)) ? ['id' in ref ? { id: ref.id } : { name: normalizeTagName(ref.name) }] : [],
  );
  if (!add.length && !remove.length) return refuse('errors.tag_nothing');
  const patch: LeadPatch = {};
  if (add.length) patch.tags_to_add = add;
  if (remove.length) patch.tags_to_delete = remove;
  return { ok: true, patch };
}
