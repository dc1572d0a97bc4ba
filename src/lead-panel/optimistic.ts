// Pure helpers: what a PATCH does to the lead on screen, and the PATCH that undoes it.
import type { Lead, LeadPatch, Pipeline, Stage, Tag, TagRef } from '../api/types';

const sameTag = (tag: Tag, ref: TagRef) =>
  'id' in ref ? tag.id === ref.id : tag.name.toLocaleLowerCase() === ref.name.toLocaleLowerCase();

let provisionalId = -1;

/** The lead as it will look once the PATCH is accepted (shown at once, before the answer). */
export function applyPatch(lead: Lead, patch: LeadPatch, knownTags: Tag[] = []): Lead {
  const next: Lead = { ...lead };
  if (patch.price !== undefined) next.price = patch.price;
  if (patch.status_id !== undefined) {
    next.statusId = patch.status_id;
    next.pipelineId = patch.pipeline_id ?? lead.pipelineId;
    next.lossReasonId = patch.status_id === 143 ? (patch.loss_reason_id ?? null) : null;
    if (patch.status_id !== 143) next.lossReason = null;
  }
  if (patch.tags_to_delete) next.tags = next.tags.filter((t) => !patch.tags_to_delete!.some((ref) => sameTag(t, ref)));
  if (patch.tags_to_add) {
    const added = patch.tags_to_add.map(
      (ref): Tag =>
        knownTags.find((t) => sameTag(t, ref)) ?? ('id' in ref ? { id: ref.id, name: `#${ref.id}`, color: null } : { id: provisionalId--, name: ref.name, color: null }),
    );
    next.tags = [...next.tags, ...added.filter((t) => !next.tags.some((x) => x.id === t.id))];
  }
  return next;
}

/** The PATCH that puts back what `patch` changed on `before`. Never sends loss_reason_id without 143. */
export function inversePatch(before: Lead, patch: LeadPatch): LeadPatch {
  const undo: LeadPatch = {};
  if (patch.price !== undefined) undo.price = before.price;
  if (patch.status_id !== undefined) {
    undo.status_id = before.statusId;
    undo.pipeline_id = before.pipelineId;
    if (before.statusId === 143 && before.lossReasonId) undo.loss_reason_id = before.lossReasonId;
  }
  if (patch.tags_to_add) undo.tags_to_delete = patch.tags_to_add.map((ref) => ('id' in ref ? { id: ref.id } : { name: ref.name }));
  if (patch.tags_to_delete) undo.tags_to_add = patch.tags_to_delete.map((ref) => ('id' in ref ? { id: ref.id } : { name: ref.name }));
  return undo;
}

export function findStage(pipelines: Pipeline[], pipelineId: number, statusId: number): Stage | undefined {
  return pipelines.find((p) => p.id === pipelineId)?.stages.find((s) => s.id === statusId);
}

/** The next open stage after the lead's one, by sort; none when closed or already at the last open stage. */
export function nextStage(pipelines: Pipeline[], lead: Lead): Stage | undefined {
  const pipeline = pipelines.find((p) => p.id === lead.pipelineId);
  if (!pipeline || lead.statusId === 142 || lead.statusId === 143) return undefined;
  const current = pipeline.stages.find((s) => s.id === lead.statusId);
  return pipeline.stages.find((s) => s.kind === 'open' && (!current || current.kind === 'unsorted' || s.sort > current.sort));
}
