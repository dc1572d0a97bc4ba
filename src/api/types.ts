// The project's own narrow types for what the widget reads and writes through API v4.
// Raw JSON is turned into these once, in parse.ts; nothing else looks at raw responses.

/** A lead tag; `color` is "#rrggbb" lower-case, or null when the account gave none. */
export interface Tag {
  id: number;
  name: string;
  color: string | null;
}

/** Status `type` 1 is Unsorted; 142 is won and 143 is lost in every pipeline. */
export interface Stage {
  id: number;
  name: string;
  sort: number;
  /** "#rrggbb" lower-case. */
  color: string;
  pipelineId: number;
  kind: 'open' | 'unsorted' | 'won' | 'lost';
}

export interface Pipeline {
  id: number;
  name: string;
  sort: number;
  isMain: boolean;
  isArchive: boolean;
  /** Sorted by `sort`. */
  stages: Stage[];
}

export interface LossReason {
  id: number;
  name: string;
  sort: number;
}

export interface Lead {
  id: number;
  name: string;
  /** Integer budget; a null price becomes 0. */
  price: number;
  statusId: number;
  pipelineId: number;
  lossReasonId: number | null;
  /** From `_embedded.loss_reason` (array or object in the wild). */
  lossReason: LossReason | null;
  tags: Tag[];
  mainContactId: number | null;
  contactIds: number[];
  sourceId: number | null;
  /** `_embedded.source.name` when the response names the source; people never see a bare source id. */
  sourceName: string | null;
  responsibleUserId: number | null;
  updatedAt: number;
  closedAt: number | null;
  isDeleted: boolean;
}

/** A stage a custom field must be filled for before a deal enters it (the admin's rule). */
export interface RequiredStage {
  statusId: number;
  pipelineId: number;
}

export interface CustomFieldEnum {
  id: number;
  value: string;
  sort: number;
}

/** A lead custom field as GET /api/v4/leads/custom_fields describes it. */
export interface CustomField {
  id: number;
  name: string;
  code: string | null;
  sort: number;
  /** text, numeric, select, file, ... — kept as given: new types appear without notice. */
  type: string;
  /** Sorted by `sort`; empty for types without choices. */
  enums: CustomFieldEnum[];
  requiredStatuses: RequiredStage[];
  isApiOnly: boolean;
}

/** One page of the custom-field list and whether `_links.next` points further. */
export interface CustomFieldPage {
  fields: CustomField[];
  hasNext: boolean;
}

export interface Account {
  id: number;
  subdomain: string;
  currentUserId: number | null;
  isLossReasonEnabled: boolean;
  /** ISO code such as "RUB" when the response carries one. */
  currency: string | null;
}

export type TagRef = { id: number } | { name: string };

/** The body of PATCH /api/v4/leads/{id}: only what changes (see payload.ts). */
export interface LeadPatch {
  price?: number;
  status_id?: number;
  pipeline_id?: number;
  loss_reason_id?: number;
  tags_to_add?: TagRef[];
  tags_to_delete?: TagRef[];
}

export interface PatchResult {
  id: number;
  updatedAt: number;
}

/** Every failure of API.md's table, plus the transport's own. */
export type ApiErrorKind =
  | 'not_found'
  | 'validation'
  | 'unauthorized'
  | 'payment_required'
  | 'forbidden'
  | 'no_rights'
  | 'blocked'
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'malformed'
  | 'aborted';

/** One validation problem, `path` is dot-notation into OUR request body. */
export interface FieldProblem {
  path: string;
  code: string;
  detail: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH';
  /** Same-origin path with query, e.g. "/api/v4/leads/1?with=contacts". */
  url: string;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  contentType: string;
  /** Raw text; '' when empty. */
  text: string;
  /** The Retry-After header (seconds or an HTTP date) when the server sent one, e.g. with a 429. */
  retryAfter?: string | null;
}

/** Injected so tests use a fake; the widget's default sends what the host's jQuery sends. */
export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
}

export interface ApiClient {
  /** GET /api/v4/leads/{id}?with=contacts,loss_reason,source_id; 204 → ApiError 'not_found'. */
  getLead(id: number, signal?: AbortSignal): Promise<Lead>;
  /** Pipelines with stages, fetched once per client (the page session) and shared. */
  getPipelines(signal?: AbortSignal): Promise<Pipeline[]>;
  /** GET /api/v4/leads/tags?query=&limit=; 204 → []. */
  searchTags(query: string, signal?: AbortSignal): Promise<Tag[]>;
  /** POST /api/v4/leads/tags [{name}] → the created (or existing) tag. */
  createTag(name: string, signal?: AbortSignal): Promise<Tag>;
  /** GET /api/v4/leads/loss_reasons, cached like pipelines. */
  getLossReasons(signal?: AbortSignal): Promise<LossReason[]>;
  /** GET /api/v4/account, cached. */
  getAccount(signal?: AbortSignal): Promise<Account>;
  /** PATCH /api/v4/leads/{id} with exactly `patch`. */
  patchLead(id: number, patch: LeadPatch, signal?: AbortSignal): Promise<PatchResult>;
}
