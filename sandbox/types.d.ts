// The sandbox's data and logs as TypeScript sees them (the sandbox itself is plain JavaScript): the account's
// stored state, the request log, the faults, the control API's answers, and the host page's test hooks.

/** What an armed fault answers: an HTTP error class, a broken body, or no answer at all (network, timeout). */
export type FaultKind =
  '400' | '401' | '402' | '403' | '403html' | '429' | '500' | 'malformed' | 'empty' | 'network' | 'timeout';

/** The next `count` (default 1) requests whose method is `method` and whose URL contains `path` fail with `kind`. */
export interface ArmedFault {
  kind: FaultKind;
  count?: number;
  method?: 'GET' | 'POST' | 'PATCH';
  path?: string;
}

export type Role = 'admin' | 'manager';

/** The gate's settings, live. */
export interface Faults {
  latencyMs: number;
  /** Armed faults with the number of requests each has still to fail. */
  failNext: (ArmedFault & { count: number })[];
  role: Role;
  /** ms since the epoch until which the API answers the nginx 403 page (after repeated 429s). */
  blockedUntil: number;
}

/** What POST /__sandbox/faults takes; every part is optional. */
export interface FaultsInput {
  latencyMs?: number;
  failNext?: ArmedFault;
  role?: Role;
  clear?: boolean;
}

/** One API request of the widget as the server saw it. `status` -1: the connection was broken on purpose. */
export interface RequestLogEntry {
  method: string;
  url: string;
  body: unknown;
  /** ms since the sandbox started. */
  t: number;
  status: number;
  /** The X-Requested-With header (jQuery sends XMLHttpRequest). */
  xrw: string | null;
  bytes?: number;
}

export interface StoredTag {
  id: number;
  name: string;
  color: string | null;
}

/** A custom field value as stored: text-like/numeric `{value: string}`, checkbox boolean, dates seconds, or an enum. */
export type StoredFieldValue =
  { value: string | number | boolean | Record<string, unknown> } | { enum_id: number };

export interface StoredLead {
  id: number;
  name: string;
  price: number;
  status_id: number;
  pipeline_id: number;
  loss_reason_id: number | null;
  closed_at: number | null;
  created_at: number;
  updated_at: number;
  responsible_user_id: number;
  source_id: number | null;
  contacts: { id: number; is_main: boolean }[];
  tags: StoredTag[];
  custom_fields_values: { field_id: number; values: StoredFieldValue[] }[];
}

export interface StoredStatus {
  id: number;
  name: string;
  sort: number;
  color: string;
  /** 1 = Unsorted. */
  type: 0 | 1;
  pipeline_id: number;
  is_editable: boolean;
}

export interface StoredPipeline {
  id: number;
  name: string;
  sort: number;
  is_main: boolean;
  is_unsorted_on: boolean;
  is_archive: boolean;
  statuses: StoredStatus[];
}

export interface StoredCustomField {
  id: number;
  name: string;
  type: string;
  code: string | null;
  sort: number;
  enums?: { id: number; value: string; sort: number; code: string | null }[];
  /** The admin's rule: fill before the deal enters one of these stages (not enforced by the API). */
  required_statuses?: { status_id: number; pipeline_id: number }[];
}

export interface StoredUser {
  id: number;
  name: string;
  email: string;
  is_admin: boolean;
  is_active: boolean;
  can_edit_leads?: boolean;
  lang?: string;
  group_id?: number;
}

export interface StoredContact {
  id: number;
  name: string;
  first_name: string;
  last_name: string;
  responsible_user_id?: number;
  phones: string[];
  emails: string[];
}

/** The account as the sandbox keeps it (sandbox/seed.js builds one; sandbox/data/state.json saves it). */
export interface SandboxState {
  pipelines: StoredPipeline[];
  leads: StoredLead[];
  tags: StoredTag[];
  lossReasons: { id: number; name: string; sort: number }[];
  customFields: { leads: StoredCustomField[]; contacts: StoredCustomField[] };
  users: StoredUser[];
  contacts: StoredContact[];
  account: Record<string, unknown> & { id: number; subdomain: string; currency: string };
  settings: Record<string, string>;
  active?: boolean;
  nextTagId: number;
  [part: string]: unknown;
}

/** A raw socket message, as listenSocketChannel filters it. */
export interface SocketMessage {
  body: { channel: string; payload: unknown };
}

/** GET /__sandbox/config. */
export interface SandboxConfig {
  widgetCode: string;
  path: string;
  role: Role;
  active: boolean;
  account: SandboxState['account'];
  settings: Record<string, string>;
  users: StoredUser[];
  leads: { id: number; name: string }[];
}

export interface SavedSettings {
  fields: Record<string, string>;
  active: boolean;
}

/** The widget object the sandbox built, as far as tests call its system methods. */
export interface SandboxWidget {
  params: Record<string, unknown>;
  langs: Record<string, unknown>;
  callbacks: Record<string, unknown>;
  get_settings(): Record<string, unknown>;
  system(): { area: string };
  i18n(key: string): unknown;
  render(data: Record<string, unknown>, params?: Record<string, unknown>): string;
  render_template(options: Record<string, unknown>, data?: Record<string, unknown>): void;
  listenSocketChannel(channel: unknown, keys: unknown, callback: unknown): () => void;
  get_current_card_contacts_data(): Promise<Record<string, unknown>[]>;
  [key: string]: unknown;
}

/** `window.__sandbox` on the host page (sandbox/public/host/state.js and main.js). */
export interface SandboxPageHooks {
  /** Resolves true once the widget script is loaded and the first screen shown, false when it could not load. */
  ready: Promise<boolean>;
  openLead(id: number): Promise<unknown>;
  openNewLead(): void;
  openList(): void;
  openSettings(): void;
  saveSettings(): Promise<{ ok: boolean; error?: string }>;
  closeSettings(): void;
  setLang(code: string): Promise<unknown>;
  setTheme(theme: string): void;
  setUser(role: string): Promise<unknown>;
  subscriptions(): number;
  disableWidget(): Promise<{ ok: boolean }>;
  whenRendered(): Promise<unknown>;
  calls: { name: string; leadId: number | null; returned: unknown; t: number; arg?: unknown }[];
  appWrites: string[];
  requests: { method: string; url: string; body: string | null; time: number; status: number }[];
  renderCount: number;
  lastRenderAt: number;
  widgetCode: string;
  pageLoadId: string;
  pageReloads: number;
  instances: number;
  localeFallback: { wanted: string; used: string } | null;
  widget(): SandboxWidget;
  addNeighbourBlock(code: string, html?: string): Element;
  setReentry(mode: 'render' | 'page'): void;
}
