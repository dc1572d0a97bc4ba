// One error type for every failure of API.md's table, each with the i18n key of a message a user can read.
import type { ApiErrorKind, FieldProblem, HttpResponse } from './types';

export interface ApiErrorInit {
  status?: number | null;
  problems?: FieldProblem[];
  detail?: string;
  /** Seconds the server asked us to wait (Retry-After), when it said so. */
  retryAfter?: number;
}

/** Which field of OUR request a validation problem is about (first segment of its dot path). */
const FIELD_KEYS: [RegExp, string][] = [
  [/^price$/, 'errors.validation_price'],
  [/^(status_id|pipeline_id)$/, 'errors.validation_status'],
  [/^(tags_to_add|tags_to_delete|_embedded)$/, 'errors.validation_tags'],
  [/^loss_reason_id$/, 'errors.validation_loss_reason'],
];

function messageKeyOf(kind: ApiErrorKind, problems: FieldProblem[], detail: string | undefined): string {
  if (kind !== 'validation') return `errors.${kind}`;
  for (const problem of problems) {
    const head = problem.path.split('.')[0];
    const found = FIELD_KEYS.find(([re]) => re.test(head));
    if (found) return found[1];
  }
  // The real 400 for a loss reason on a lead that is not lost carries no path, only these words.
  if (/loss[ _]?reason/i.test(detail ?? '')) return 'errors.validation_loss_reason';
  return problems.some((p) => p.detail) || detail ? 'errors.validation' : 'errors.validation_generic';
}

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  /** HTTP status, or null when no answer came (network, timeout, abort). */
  readonly status: number | null;
  /** Validation problems with their dot paths into our request body. */
  readonly problems: FieldProblem[];
  /** The server's own words (not translated), when it gave any. */
  readonly detail?: string;
  readonly retryAfter?: number;
  /** i18n key of the message a user reads, e.g. "errors.network" or "errors.validation_price". */
  readonly messageKey: string;

  constructor(kind: ApiErrorKind, init: ApiErrorInit = {}) {
    super(init.detail ? `${kind}: ${init.detail}` : kind);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = init.status ?? null;
    this.problems = init.problems ?? [];
    this.detail = init.detail;
    this.retryAfter = init.retryAfter;
    this.messageKey = messageKeyOf(kind, this.problems, init.detail);
  }

  /** Variables for the message (only errors.validation uses {detail}: the server's own words). */
  get messageVars(): { detail: string } {
    const words = this.problems.map((p) => p.detail).filter(Boolean);
    return { detail: words.length ? words.join('; ') : (this.detail ?? '') };
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

const str = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

function problemsOf(body: Record<string, unknown>): FieldProblem[] {
  const groups = body['validation-errors'];
  if (!Array.isArray(groups)) return [];
  return groups.flatMap((group) => {
    const errors = asRecord(group)?.errors;
    return Array.isArray(errors)
      ? errors.map((e) => {
          const r = asRecord(e) ?? {};
          return { path: str(r.path), code: str(r.code), detail: str(r.detail) };
        })
      : [];
  });
}

/** The readable reason of a problem+json body: `errors` keyed by lead id first, else `detail`, else `title`. */
function reasonOf(body: Record<string, unknown>): string | undefined {
  const errors = asRecord(body.errors);
  const texts = errors ? Object.values(errors).filter((v): v is string => typeof v === 'string') : [];
  if (texts.length) return texts.join('; ');
  return str(body.detail) || str(body.title) || undefined;
}

/** Retry-After as seconds: an integer, or an HTTP date relative to `now` (ms). */
export function retryAfterSeconds(header: string | null | undefined, now: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Classifies an HTTP answer. Returns null for a 2xx with a body (the caller parses it); 204 is not_found —
 * list callers treat it as an empty result before asking.
 */
export function classifyResponse(response: HttpResponse, now = Date.now()): ApiError | null {
  const { status, text } = response;
  if (status === 204) return new ApiError('not_found', { status });
  if (status >= 200 && status < 300) return null;
  const body = asRecord(tryJson(text));
  const detail = body ? reasonOf(body) : undefined;
  if (status === 400) {
    const problems = body ? problemsOf(body) : [];
    // "Код ошибки 244": amoCRM's own words (detail/title, never echoed field values) for no rights or an
    // ended subscription.
    const said = body ? `${str(body.detail)} ${str(body.title)}` : '';
    if (!problems.length && /(^|\D)244(\D|$)/.test(said))
      return new ApiError('no_rights', { status, detail });
    return new ApiError('validation', { status, problems, detail });
  }
  if (status === 401) return new ApiError('unauthorized', { status, detail });
  if (status === 402) return new ApiError('payment_required', { status, detail });
  // JSON 403: no rights for the method or IP not allowed (code 113). A non-JSON 403 is the nginx page
  // amoCRM serves when it has blocked the account's API after repeated rate-limit excess.
  if (status === 403) return new ApiError(body ? 'forbidden' : 'blocked', { status, detail });
  if (status === 404) return new ApiError('not_found', { status, detail });
  if (status === 429) {
    return new ApiError('rate_limited', {
      status,
      detail,
      retryAfter: retryAfterSeconds(response.retryAfter, now),
    });
  }
  if (status >= 500) return new ApiError('server', { status, detail });
  return new ApiError('malformed', { status, detail: `HTTP ${status}` });
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

function isResponse(value: HttpResponse | TransportFailure): value is HttpResponse {
  return (
    typeof (value as HttpResponse).status === 'number' && typeof (value as HttpResponse).text === 'string'
  );
}

/** Either an HTTP answer (null = a 2xx body to parse) or a failure to get one. */
export function classify(input: HttpResponse, now?: number): ApiError | null;
export function classify(input: TransportFailure): ApiError;
export function classify(input: HttpResponse | TransportFailure, now?: number): ApiError | null {
  return isResponse(input) ? classifyResponse(input, now) : classifyFailure(input);
}
