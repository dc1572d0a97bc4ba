import { isClosed } from '../domain/stages';
import type { Pipeline } from '../domain/types';
import { splitFields } from './snippets';
import type { WidgetSettings } from '../contracts/settings';

export type SettingsField = 'siteUrl' | 'hiddenField' | 'stageId' | 'actions';
export type SettingsErrors = Partial<Record<SettingsField, string>>;
/** Advice that does not block a save (i18n keys). */
export type SettingsWarnings = Partial<Record<SettingsField, string>>;

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_\-[\]]*$/;

/** The site address as a URL, accepting a bare host ("shop.example"); null when it is not one. */
export function normalizeSiteUrl(text: string): URL | null {
  const value = text.trim();
  if (!value) return null;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`);
    return (url.protocol === 'https:' || url.protocol === 'http:') &&
      /\./.test(url.hostname) &&
      !/\s/.test(value)
      ? url
      : null;
  } catch {
    return null;
  }
}

/**
 * i18n keys of what blocks a save. The site address is optional (it only names the source in the snippets);
 * the pipeline and stage are optional too (the guide works without them), but a stage needs its pipeline.
 */
export function validateSettings(settings: WidgetSettings, pipelines?: Pipeline[] | null): SettingsErrors {
  const errors: SettingsErrors = {};
  const { linking, panel } = settings;
  if (linking.siteUrl.trim() && !normalizeSiteUrl(linking.siteUrl)) errors.siteUrl = 'setup.error_site';
  const fields = splitFields(linking.hiddenField);
  if (fields.length === 0 || !fields.every((f) => FIELD_NAME.test(f) && f.length <= 64))
    errors.hiddenField = 'setup.error_field';
  if (linking.stageId !== null) {
    const pipeline = pipelines?.find((p) => p.id === linking.pipelineId);
    if (linking.pipelineId === null || (pipelines && !pipeline?.stages.some((s) => s.id === linking.stageId)))
      errors.stageId = 'setup.error_stage';
  }
  if (!panel.showStage && !panel.showBudget && !panel.showTags) errors.actions = 'setup.error_actions';
  return errors;
}

/**
 * A closed stage is allowed (the seed's own example uses won) but a deal born won or lost rarely reacts to
 * "Site visit" the way the admin expects, so the page says so.
 */
export function settingsWarnings(settings: WidgetSettings, pipelines?: Pipeline[] | null): SettingsWarnings {
  const { stageId, pipelineId } = settings.linking;
  if (stageId === null) return {};
  const stage = pipelines?.find((p) => p.id === pipelineId)?.stages.find((s) => s.id === stageId);
  const closed = stage
    ? stage.kind === 'won' || stage.kind === 'lost'
    : isClosed(stageId);
  return closed ? { stageId: 'setup.warn_stage_closed' } : {};
}
