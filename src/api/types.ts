// The API client's own types: reference data, transport and errors. The lead's types are the domain's
// (src/domain/types.ts); raw JSON is turned into them once, in parse.ts.
import type { CustomField, Lead, LeadPatch, LossReason, Pipeline, Tag } from '../domain/types';

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
  /** Every page of GET /api/v4/leads/custom_fields, fetched once per client and shared, like pipelines. */
  getCustomFields(signal?: AbortSignal): Promise<CustomField[]>;
  /** GET /api/v4/leads/loss_reasons, cached like pipelines. */
  getLossReasons(signal?: AbortSignal): Promise<LossReason[]>;
  /** GET /api/v4/account, cached. */
  getAccount(signal?: AbortSignal): Promise<Account>;
  /** PATCH /api/v4/leads/{id} with exactly `patch`. */
  patchLead(id: number, patch: LeadPatch, signal?: AbortSignal): Promise<PatchResult>;
}
