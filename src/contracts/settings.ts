// The widget's settings, stored as ONE JSON string in the manifest's `custom` field (PLATFORM.md §2).
// parseSettings never throws: unknown or broken input falls back to defaults field by field.
import { MAX_TAG_NAME, normalizeTagName, tagNameKey } from '../domain/tags';

// Each choice's allowed values, in the order the settings page offers them.
export const CREATE_APIS = ['v4', 'v2'] as const;
/** Which pixel host the guide shows; 'auto' follows the account's own domain. */
export const PIXEL_HOSTS = ['auto', 'amocrm', 'kommo'] as const;
/** Whether "Lost" asks for a loss reason: as the account says, always, or never. */
export const LOSS_REASONS = ['account', 'always', 'never'] as const;

export type CreateApi = (typeof CREATE_APIS)[number];
export type PixelHost = (typeof PIXEL_HOSTS)[number];
export type LossReasonPolicy = (typeof LOSS_REASONS)[number];

export interface PanelOptions {
  showStage: boolean;
  showBudget: boolean;
  showTags: boolean;
  /** Pipelines offered in the stage picker; empty = all. */
  pipelineIds: number[];
  lossReason: LossReasonPolicy;
  /** Ask for the fields the admin made required for a stage before moving a deal there (on by default). */
  respectRequiredFields: boolean;
  /** One-click tags offered in the panel, normalised, no duplicates (any case). */
  quickTags: string[];
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

const DEFAULT_PANEL: PanelOptions = {
  showStage: true,
  showBudget: true,
  showTags: true,
  pipelineIds: [],
  lossReason: 'account',
  respectRequiredFields: true,
  quickTags: [],
};

export const DEFAULT_SETTINGS: WidgetSettings = {
  version: 1,
  panel: DEFAULT_PANEL,
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

/** The value when it has the fallback's type (boolean, string), else the fallback. */
function pickSameType<T extends boolean | string>(value: unknown, fallback: T): T {
  return typeof value === typeof fallback ? (value as T) : fallback;
}

function pickId(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
}

function pickOneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** Quick tags as saved or typed (a list, or names separated by commas): trimmed, blanks and duplicates dropped. */
export function quickTagList(input: string | readonly unknown[]): string[] {
  const names = (typeof input === 'string' ? input.split(',') : input).filter((n): n is string => typeof n === 'string');
  const seen = new Set<string>();
  return names.map(normalizeTagName).filter((name) => {
    const key = tagNameKey(name);
    if (name === '' || [...name].length > MAX_TAG_NAME || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The saved `custom` value (a JSON string, an already parsed object, or nothing) as its parts. */
function savedParts(raw: unknown): { panel: Record<string, unknown>; linking: Record<string, unknown> } {
  let data: unknown = raw;
  if (typeof raw === 'string') {
    try {
      data = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch {
      data = {};
    }
  }
  const root = isRecord(data) ? data : {};
  return { panel: isRecord(root.panel) ? root.panel : {}, linking: isRecord(root.linking) ? root.linking : {} };
}

function panelOptions(panel: Record<string, unknown>): PanelOptions {
  const ids = Array.isArray(panel.pipelineIds) ? panel.pipelineIds.map(pickId) : [];
  return {
    showStage: pickSameType(panel.showStage, DEFAULT_PANEL.showStage),
    showBudget: pickSameType(panel.showBudget, DEFAULT_PANEL.showBudget),
    showTags: pickSameType(panel.showTags, DEFAULT_PANEL.showTags),
    pipelineIds: ids.filter((id): id is number => id !== null),
    lossReason: pickOneOf(panel.lossReason, LOSS_REASONS, DEFAULT_PANEL.lossReason),
    respectRequiredFields: pickSameType(panel.respectRequiredFields, DEFAULT_PANEL.respectRequiredFields),
    quickTags: quickTagList(Array.isArray(panel.quickTags) ? panel.quickTags : []),
  };
}

/**
 * The lead panel's options alone: all a card reads (script.js), so the linking settings are parsed only where
 * they are edited (settings.js).
 */
export const parsePanelOptions = (raw: unknown): PanelOptions => panelOptions(savedParts(raw).panel);

/** Reads the saved `custom` value (a JSON string, an already parsed object, or nothing). */
export function parseSettings(raw: unknown): WidgetSettings {
  const { panel, linking } = savedParts(raw);
  const { linking: defaultLinking } = DEFAULT_SETTINGS;
  return {
    version: 1,
    panel: panelOptions(panel),
    linking: {
      siteUrl: pickSameType(linking.siteUrl, defaultLinking.siteUrl),
      hiddenField: pickSameType(linking.hiddenField, defaultLinking.hiddenField),
      pipelineId: pickId(linking.pipelineId),
      stageId: pickId(linking.stageId),
      createApi: pickOneOf(linking.createApi, CREATE_APIS, defaultLinking.createApi),
      pixelHost: pickOneOf(linking.pixelHost, PIXEL_HOSTS, defaultLinking.pixelHost),
    },
  };
}

/** The string written into the `custom` hidden input. */
export function serializeSettings(settings: WidgetSettings): string {
  return JSON.stringify(settings);
}
