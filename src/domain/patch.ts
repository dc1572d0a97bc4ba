// A PATCH of a lead, once: the minimal PATCH for each quick action (refusing what the API would refuse), what a
// PATCH does to the lead (the optimistic view), and the PATCH that undoes one.
import { parseBudget } from './budget';
import { findStage, isLost, LOST_STATUS_ID } from './stages';
import { isSameTag, MAX_TAG_NAME, normalizeTagName, provisionalTagId, tagNameKey, tagRefKey } from './tags';
import type { FieldPatch, Lead, LeadPatch, Pipeline, Stage, Tag, TagRef } from './types';

/** A PATCH ready to send, or why there is none (an i18n key). */
export type Built = { ok: true; patch: LeadPatch } | { ok: false; errorKey: string };

const refuse = (errorKey: string): { ok: false; errorKey: string } => ({ ok: false, errorKey });

/** A positive safe integer, as every amoCRM id is. */
const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/**
 * Moves the lead to `stage`: `pipeline_id` always goes with `status_id` (won and lost exist in every pipeline);
 * `loss_reason_id` only with lost, as the API answers 400 otherwise. Unsorted is never a target. The fields the
 * stage requires travel in the SAME PATCH, so the deal never sits in the stage without them.
 */
export function stagePatch(
  lead: Lead,
  stage: Stage,
  lossReasonId?: number | null,
  fields: readonly FieldPatch[] = [],
): Built {
  if (stage.kind === 'unsorted') return refuse('errors.stage_unsorted');
  if (stage.id === lead.statusId && stage.pipelineId === lead.pipelineId) return refuse('errors.stage_same');
  const patch: LeadPatch = { status_id: stage.id, pipeline_id: stage.pipelineId };
  if (stage.kind === 'lost' && isId(lossReasonId)) patch.loss_reason_id = lossReasonId;
  if (fields.length) patch.custom_fields_values = fields;
  return { ok: true, patch };
}

/** `{price}` from what the user typed; refuses the unchanged amount so nothing is sent for nothing. */
export function budgetPatch(lead: Lead, input: string): Built {
  const parsed = parseBudget(input);
  if (!parsed.ok) return parsed;
  if (parsed.value === lead.price) return refuse('errors.budget_same');
  return { ok: true, patch: { price: parsed.value } };
}

/** Incremental tag change only: `tags_to_add` / `tags_to_delete`, never `_embedded.tags` (it replaces all). */
export function tagsPatch(lead: Lead, change: { add?: TagRef[]; remove?: TagRef[] }): Built {
  const onLead = new Set(lead.tags.flatMap((t) => [tagRefKey({ id: t.id }), tagRefKey({ name: t.name })]));
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
    const key = tagRefKey(next);
    if (present.has(key)) return refuse('errors.tag_duplicate');
    present.add(key);
    add.push(next);
  }
  // Removing what the lead does not carry (or twice) is a no-op the API need not see: a key leaves `onLead`
  // the first time it is removed.
  const remove = (change.remove ?? []).flatMap((ref): TagRef[] =>
    onLead.delete(tagRefKey(ref))
      ? ['id' in ref ? { id: ref.id } : { name: normalizeTagName(ref.name) }]
      : [],
  );
  if (!add.length && !remove.length) return refuse('errors.tag_nothing');
  const patch: LeadPatch = {};
  if (add.length) patch.tags_to_add = add;
  if (remove.length) patch.tags_to_delete = remove;
  return { ok: true, patch };
}

/** The lead as it will look once the PATCH is accepted (shown at once, before the answer). */
export function applyPatch(lead: Lead, patch: LeadPatch, knownTags: readonly Tag[] = []): Lead {
  const next: Lead = { ...lead };
  if (patch.price !== undefined) next.price = patch.price;
  if (patch.status_id !== undefined) {
    next.statusId = patch.status_id;
    next.pipelineId = patch.pipeline_id ?? lead.pipelineId;
    next.lossReasonId = isLost(patch.status_id) ? (patch.loss_reason_id ?? null) : null;
    if (!isLost(patch.status_id) || next.lossReasonId !== lead.lossReasonId) next.lossReason = null;
  }
  const written = patch.custom_fields_values;
  if (written) {
    const replaced = written.map((f) => ({
      fieldId: f.field_id,
      values: f.values.map((v) =>
        'enum_id' in v ? { value: null, enumId: v.enum_id } : { value: v.value, enumId: null },
      ),
    }));
    next.customFields = [
      ...lead.customFields.filter((f) => !written.some((w) => w.field_id === f.fieldId)),
      ...replaced,
    ];
  }
  const toDelete = patch.tags_to_delete;
  if (toDelete) next.tags = next.tags.filter((t) => !toDelete.some((ref) => isSameTag(t, ref)));
  if (patch.tags_to_add) {
    const added = patch.tags_to_add.map(
      (ref): Tag =>
        knownTags.find((t) => isSameTag(t, ref)) ??
        ('id' in ref
          ? { id: ref.id, name: `#${ref.id}`, color: null }
          : { id: provisionalTagId(ref.name), name: ref.name, color: null }),
    );
    // One tag may be named twice (by id and by name): the server keeps it once, and so does the view.
    for (const tag of added)
      if (!next.tags.some((x) => x.id === tag.id || tagNameKey(x.name) === tagNameKey(tag.name)))
        next.tags = [...next.tags, tag];
  }
  return next;
}

/**
 * The PATCH that puts back what `patch` changed on `before`, or null when that would be a write the API
 * must not get (back into Unsorted). A lost stage goes back with its reason; no other status carries one.
 * Fields filled for a move stay filled: they are the user's data, valid whatever the stage.
 */
export function inversePatch(
  before: Lead,
  patch: LeadPatch,
  pipelines: readonly Pipeline[],
): LeadPatch | null {
  const undo: LeadPatch = {};
  if (patch.price !== undefined) undo.price = before.price;
  if (patch.status_id !== undefined) {
    const stage = findStage(pipelines, before.pipelineId, before.statusId);
    if (!stage || stage.kind === 'unsorted') return null;
    undo.status_id = before.statusId;
    undo.pipeline_id = before.pipelineId;
    if (before.statusId === LOST_STATUS_ID && before.lossReasonId) undo.loss_reason_id = before.lossReasonId;
  }
  if (patch.tags_to_add)
    undo.tags_to_delete = patch.tags_to_add.map((ref) => ('id' in ref ? { id: ref.id } : { name: ref.name }));
  if (patch.tags_to_delete)
    undo.tags_to_add = patch.tags_to_delete.map((ref) => ('id' in ref ? { id: ref.id } : { name: ref.name }));
  return Object.keys(undo).length ? undo : null;
}
