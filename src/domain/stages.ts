// Where a deal can be and where it can go: won/lost, Unsorted, the next stage, the pipelines on offer.
import type { Lead, Pipeline, Stage } from './types';

/** Won and lost have these ids in EVERY pipeline (pipelines rename them): match by id, never by name. */
export const WON_STATUS_ID = 142;
export const LOST_STATUS_ID = 143;
/** Shown for a stage whose colour the API did not give in a readable form. */
export const DEFAULT_STAGE_COLOR = '#c1c1c1';

export const isWon = (statusId: number) => statusId === WON_STATUS_ID;
export const isLost = (statusId: number) => statusId === LOST_STATUS_ID;
/** A closed deal is won or lost. */
export const isClosed = (statusId: number) => isWon(statusId) || isLost(statusId);

/** A status's kind from its id and the API's `type` (1 = Unsorted). */
export const stageKind = (id: number, type: unknown): Stage['kind'] =>
  isWon(id) ? 'won' : isLost(id) ? 'lost' : type === 1 || type === '1' ? 'unsorted' : 'open';

export function findStage(
  pipelines: readonly Pipeline[],
  pipelineId: number,
  statusId: number,
): Stage | undefined {
  return pipelines.find((p) => p.id === pipelineId)?.stages.find((s) => s.id === statusId);
}

/** The won or lost stage of a pipeline. */
export const closingStage = (pipelines: readonly Pipeline[], pipelineId: number, kind: 'won' | 'lost') =>
  findStage(pipelines, pipelineId, kind === 'won' ? WON_STATUS_ID : LOST_STATUS_ID);

/** The next open stage after the lead's one, by sort; none when closed or already at the last open stage. */
export function nextStage(pipelines: readonly Pipeline[], lead: Lead): Stage | undefined {
  const pipeline = pipelines.find((p) => p.id === lead.pipelineId);
  if (!pipeline || isClosed(lead.statusId)) return undefined;
  const current = pipeline.stages.find((s) => s.id === lead.statusId);
  return [...pipeline.stages]
    .sort((a, b) => a.sort - b.sort)
    .find((s) => s.kind === 'open' && (!current || current.kind === 'unsorted' || s.sort > current.sort));
}

/** Why Next stage is off, as an i18n key; null when it is available. */
export function nextStageBlocker(pipelines: readonly Pipeline[], lead: Lead): string | null {
  if (isClosed(lead.statusId)) return 'panel.next_closed';
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
