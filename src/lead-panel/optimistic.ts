// Pure helpers: what a PATCH does to the lead on screen, the PATCH that undoes it, and stage navigation.
import type { Lead, LeadPatch, Pipeline, Stage, Tag, TagRef } from '../api/types';

const nameKey = (name: string) => name.toLowerCase();

const sameTag = (tag: Tag, ref: TagRef) =>
  'id' in ref ? tag.id === ref.id : nameKey(tag.name) === nameKey(ref.name);

/** A stable negative id for a tag not created yet, so its chip keeps its identity across re-renders. */
export function provisionalTagId(name: string): number {
  let hash = 7;
  for (const ch of nameKey(name)) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) % 1_000_000_007;
  return -(hash + 1);
}

/** The lead as it will look once the PATCH is accepted (shown at once, before the answer). */
export function applyPatch(lead: Lead, patch: LeadPatch, knownTags: readonly Tag[] = []): Lead {
  const next: Lead = { ...lead };
  if (patch.price !== undefined) next.price = patch.price;
  if (patch.status_id !== undefined) {
    next.statusId = patch.status_id;
    next.pipelineId = patch.pipeline_id ?? lead.pipelineId;
    next.lossReasonId = patch.status_id === 143 ? (patch.loss_reason_id ?? null) : null;
    if (patch.status_id !== 143 || next.lossReasonId !== lead.lossReasonId) next.lossReason = null;
  }
  const toDelete = patch.tags_to_delete;
  if (toDelete) next.tags = next.tags.filter((t) => !toDelete.some((ref) => sameTag(t, ref)));
  if (patch.tags_to_add) {
    const added = patch.tags_to_add.map(
      (ref): Tag =>
        knownTags.find((t) => sameTag(t, ref)) ??
        ('id' in ref
          ? { id: ref.id, name: `#${ref.id}`, color: null }
          : { id: provisionalTagId(ref.name), name: ref.name, color: null }),
    );
    next.tags = [...next.tags, ...added.filter((t) => !next.tags.some((x) => x.id === t.id))];
  }
  return next;
}

export function findStage(
  pipelines: readonly Pipeline[],
  pipelineId: number,
  statusId: number,
): Stage | undefined {
  return pipelines.find((p) => p.id === pipelineId)?.stages.find((s) => s.id === statusId);
}

/**
 * The PATCH that puts back what `patch` changed on `before`, or null when that would be a write the API
 * must not get (back into Unsorted). A lost stage goes back with its reason; no other status carries one.
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
    if (before.statusId === 143 && before.lossReasonId) undo.loss_reason_id = before.lossReasonId;
  }
  if (patch.tags_to_add)
    undo.tags_to_delete = patch.tags_to_add.map((ref) => ('id' in ref ? { id: ref.id } : { name: ref.name }));
  if (patch.tags_to_delete)
    undo.tags_to_add = patch.tags_to_delete.map((ref) => ('id' in ref ? { id: ref.id } : { name: ref.name }));
  return Object.keys(undo).length ? undo : null;
}

/** The next open stage after the lead's one, by sort; none when closed or already at the last open stage. */
export function nextStage(pipelines: readonly Pipeline[], lead: Lead): Stage | undefined {
  const pipeline = pipelines.find((p) => p.id === lead.pipelineId);
  if (!pipeline || lead.statusId === 142 || lead.statusId === 143) return undefined;
  const current = pipeline.stages.find((s) => s.id === lead.statusId);
  return [...pipeline.stages]
    .sort((a, b) => a.sort - b.sort)
    .find((s) => s.kind === 'open' && (!current || current.kind === 'unsorted' || s.sort > current.sort));
}

/** Why Next stage is off, as an i18n key; null when it is available. */
export function nextStageBlocker(pipelines: readonly Pipeline[], lead: Lead): string | null {
  if (lead.statusId === 142 || lead.statusId === 143) return 'panel.next_closed';
  return nextStage(pipelines, lead) ? null : 'panel.next_last';
}

/** Pipelines offered in the picker: the admin's choice (empty = all), archived ones only when the lead is there. */
export function offeredPipelines(
  pipelines: readonly Pipeline[],
  allowed: readonly number[],
  leadPipelineId: number,
): Pipeline[] {
  return pipelines.filter(
    (p) => p.id === leadPipelineId || ((allowed.length === 0 || allowed.includes(p.id)) && !p.isArchive),
  );
}
