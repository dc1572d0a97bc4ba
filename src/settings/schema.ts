// The widget's settings, stored as ONE JSON string in the manifest's `custom` field (PLATFORM.md §2).
// parseSettings never throws: unknown or broken input falls back to defaults field by field.

export type CreateApi = 'v4' | 'v2';
/** Which pixel host the guide shows; 'auto' follows the account's own domain. */
export type PixelHost = 'auto' | 'amocrm' | 'kommo';
/** Whether "Lost" asks for a loss reason: as the account says, always, or never. */
export type LossReasonPolicy = 'account' | 'always' | 'never';

export interface PanelOptions {
  showStage: boolean;
  showBudget: boolean;
  showTags: boolean;
  /** Pipelines offered in the stage picker; empty = all. */
  pipelineIds: number[];
  lossReason: LossReasonPolicy;
}

export interface VisitorLinking {
  /** The site's address as the admin typed it, e.g. "https://shop.example". */
  siteUrl: string;
  /** The hidden form field(s) receiving visitor_uid, comma-separated names allowed. */
  hiddenField: string;
  /** Where new site deals go; null until chosen. */
  pipelineId: number | null;
  stageId: number | null;
  createApi: CreateApi;
  pixelHost: PixelHost;
}

export interface WidgetSettings {
  version: 1;
  panel: PanelOptions;
  linking: VisitorLinking;
}

export const DEFAULT_SETTINGS: WidgetSettings = {
  version: 1,
  panel: { showStage: true, showBudget: true, showTags: true, pipelineIds: [], lossReason: 'account' },
  linking: {
    siteUrl: '',
    hiddenField: 'visitor_uid',
    pipelineId: null,
    stageId: null,
    createApi: 'v4',
    pixelHost: 'auto',
  },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pickBoolean(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function pickId(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
}

function pickOneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** Reads the saved `custom` value (a JSON string, an already parsed object, or nothing). */
export function parseSettings(raw: unknown): WidgetSettings {
  let data: unknown = raw;
  if (typeof raw === 'string') {
    try {
      data = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch {
      data = {};
    }
  }
  const root = isRecord(data) ? data : {};
  const panel = isRecord(root.panel) ? root.panel : {};
  const linking = isRecord(root.linking) ? root.linking : {};
  const d = DEFAULT_SETTINGS;
  const ids = Array.isArray(panel.pipelineIds) ? panel.pipelineIds.map(pickId) : [];
  return {
    version: 1,
    panel: {
      showStage: pickBoolean(panel.showStage, d.panel.showStage),
      showBudget: pickBoolean(panel.showBudget, d.panel.showBudget),
      showTags: pickBoolean(panel.showTags, d.panel.showTags),
      pipelineIds: ids.filter((id): id is number => id !== null),
      lossReason: pickOneOf(panel.lossReason, ['account', 'always', 'never'] as const, d.panel.lossReason),
    },
    linking: {
      siteUrl: typeof linking.siteUrl === 'string' ? linking.siteUrl : d.linking.siteUrl,
      hiddenField: typeof linking.hiddenField === 'string' ? linking.hiddenField : d.linking.hiddenField,
      pipelineId: pickId(linking.pipelineId),
      stageId: pickId(linking.stageId),
      createApi: pickOneOf(linking.createApi, ['v4', 'v2'] as const, d.linking.createApi),
      pixelHost: pickOneOf(linking.pixelHost, ['auto', 'amocrm', 'kommo'] as const, d.linking.pixelHost),
    },
  };
}

/** The string written into the `custom` hidden input. */
export function serializeSettings(settings: WidgetSettings): string {
  return JSON.stringify(settings);
}
