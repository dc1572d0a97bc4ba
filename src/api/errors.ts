// One error type for every failure of API.md's table: a kind, the HTTP status, the server's words and the
// validation problems with their paths into our request. What a person reads is the UI's business
// (src/ui/error-message.ts).
import { asRecord, asText, tryJson } from './json';
import type { ApiErrorKind, FieldProblem, HttpResponse } from './types';

export interface ApiErrorInit {
  status?: number | null;
  problems?: FieldProblem[];
  detail?: string;
  /** Seconds the server asked us to wait (Retry-After), when it said so. */
  retryAfter?: number;
}

export class ApiError extends Error {
  declare readonly kind: ApiErrorKind;
  /** HTTP status, or null when no answer came (network, timeout, abort). */
  declare readonly status: number | null;
  /** Validation problems with their dot paths into our request body. */
  declare readonly problems: FieldProblem[];
  /** The server's own words (not translated), when it gave any. */
  declare readonly detail?: string;
  declare readonly retryAfter?: number;

  constructor(kind: ApiErrorKind, { status = null, problems = [], detail, retryAfter }: ApiErrorInit = {}) {
    super(detail ? `${kind}: ${detail}` : kind);
    Object.assign(this, { name: 'ApiError', kind, status, problems, detail, retryAfter });
  }
}

/** Throws ApiError('malformed'): an answer of a shape we cannot use. `detail` is for developers only. */
export const malformed = (detail: string): never => {
  throw new ApiError('malformed', { detail });
};

function problemsOf(body: Record<string, unknown>): FieldProblem[] {
  const groups = body['validation-errors'];
  if (!Array.isArray(groups)) return [];
  return groups.flatMap((group) => {
    const errors = asRecord(group)?.errors;
    return Array.isArray(errors)
      ? errors.map((e) => {
          const r = asRecord(e) ?? {};
          return { path: asText(r.path), code: asText(r.code), detail: asText(r.detail) };
        })
      : [];
  });
}

/** The readable reason of a problem+json body: `errors` keyed by lead id first, else `detail`, else `title`. */
function reasonOf(body: Record<string, unknown>): string | undefined {
  const errors = asRecord(body.errors);
  const texts = errors ? Object.values(errors).filter((v) => typeof v === 'string') : [];
  return texts.length ? texts.join('; ') : asText(body.detail) || asText(body.title) || undefined;
}

/** Retry-After as seconds: an integer, or an HTTP date relative to `now` (ms). */
export function retryAfterSeconds(header: string | null | undefined, now: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Error kinds that follow from the status alone (400 and 403 depend on the body, 5xx is 'server'). */
const KIND_OF_STATUS: Record<number, ApiErrorKind> = {
  401: 'unauthorized',
  402: 'payment_required',
  404: 'not_found',
  429: 'rate_limited',
};

/**
 * Classifies an HTTP answer. Returns null for a 2xx with a body (the caller parses it); 204 is not_found —
 * list callers treat it as an empty result before asking.
 */
export function classifyResponse(response: HttpResponse, now = Date.now()): ApiError | null {
  const { status } = response;
  if (status === 204) return new ApiError('not_found', { status });
  if (status >= 200 && status < 300) return null;
  const body = asRecord(tryJson(response.text));
  const problems = body && status === 400 ? problemsOf(body) : [];
  let kind = KIND_OF_STATUS[status] ?? (status >= 500 ? 'server' : 'malformed');
  if (status === 400) {
    // "Код ошибки 244": amoCRM's own words (detail/title, never echoed field values) for no rights or an
    // ended subscription.
    const said = body ? `${asText(body.detail)} ${asText(body.title)}` : '';
    kind = !problems.length && /(^|\D)244(\D|$)/.test(said) ? 'no_rights' : 'validation';
  }
  // JSON 403: no rights for the method or IP not allowed (code 113). A non-JSON 403 is the nginx page
  // amoCRM serves when it has blocked the account's API after repeated rate-limit excess.
  if (status === 403) kind = body ? 'forbidden' : 'blocked';
  return new ApiError(kind, {
    status,
    problems,
    detail: body ? reasonOf(body) : undefined,
    retryAfter: status === 429 ? retryAfterSeconds(response.retryAfter, now) : undefined,
  });
}

/** What went wrong when no HTTP answer came. */
export interface TransportFailure {
  error: unknown;
  /** Our own time limit fired. */
  timedOut?: boolean;
  /** The caller's signal fired. */
  aborted?: boolean;
}

export function classifyFailure({ error, timedOut, aborted }: TransportFailure): ApiError {
  if (timedOut) return new ApiError('timeout');
  if (aborted) return new ApiError('aborted');
  if (error instanceof ApiError) return error;
  return new ApiError('network', { detail: error instanceof Error ? error.message : undefined });
}
