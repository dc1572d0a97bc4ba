// One error type for every failure of API.md's table, each with the i18n key of a message a user can read.
// Also the helpers the rest of src/api shares (this module imports nothing at run time): JSON narrowing, used
// with parse.ts, and `abortable`, the one way a caller's AbortSignal ends a wait.
import type { ApiErrorKind, FieldProblem, HttpResponse } from './types';

export interface ApiErrorInit {
  status?: number | null;
  problems?: FieldProblem[];
  detail?: string;
  /** Seconds the server asked us to wait (Retry-After), when it said so. */
  retryAfter?: number;
}

/** The message of a validation problem, by the field of OUR request it is about (its path's first segment). */
const FIELD_KEYS = new Map(
  Object.entries({
    price: 'errors.validation_price',
    status_id: 'errors.validation_status',
    pipeline_id: 'errors.validation_status',
    tags_to_add: 'errors.validation_tags',
    tags_to_delete: 'errors.validation_tags',
    _embedded: 'errors.validation_tags',
    loss_reason_id: 'errors.validation_loss_reason',
  }),
);

function messageKeyOf(kind: ApiErrorKind, problems: FieldProblem[], detail: string | undefined): string {
  if (kind !== 'validation') return `errors.${kind}`;
  for (const problem of problems) {
    const key = FIELD_KEYS.get(problem.path.split('.')[0]);
    if (key) return key;
  }
  // The real 400 for a loss reason on a lead that is not lost carries no path, only these words.
  if (/loss[ _]?reason/i.test(detail ?? '')) return 'errors.validation_loss_reason';
  return problems.some((p) => p.detail) || detail ? 'errors.validation' : 'errors.validation_generic';
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
  /** i18n key of the message a user reads, e.g. "errors.network" or "errors.validation_price". */
  declare readonly messageKey: string;
  /** Variables for the message (only errors.validation uses {detail}: the server's own words). */
  declare readonly messageVars: { detail: string };

  constructor(kind: ApiErrorKind, { status = null, problems = [], detail, retryAfter }: ApiErrorInit = {}) {
    super(detail ? `${kind}: ${detail}` : kind);
    const words = problems
      .map((p) => p.detail)
      .filter(Boolean)
      .join('; ');
    Object.assign(this, {
      name: 'ApiError',
      kind,
      status,
      problems,
      detail,
      retryAfter,
      messageKey: messageKeyOf(kind, problems, detail),
      messageVars: { detail: words || detail || '' },
    });
  }
}

/** Throws ApiError('malformed'): an answer of a shape we cannot use. `detail` is for developers only. */
export const malformed = (detail: string): never => {
  throw new ApiError('malformed', { detail });
};

/**
 * Runs `start()` unless `signal` has already fired, and settles as it does — or, as soon as `signal` fires,
 * runs `onAbort` (to cancel the work) and rejects with ApiError('aborted') without waiting for the work.
 */
export function abortable<T>(
  signal: AbortSignal | undefined,
  start: () => Promise<T>,
  onAbort?: () => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ApiError('aborted'));
    const abort = () => {
      onAbort?.();
      reject(new ApiError('aborted'));
    };
    signal?.addEventListener('abort', abort, { once: true });
    start()
      .then(resolve, reject)
      .finally(() => signal?.removeEventListener('abort', abort));
  });
}

/** JSON.parse that answers undefined (which JSON itself never yields) instead of throwing. */
export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** Shown as text: a number stays readable, anything else (null, objects) becomes ''. */
export const asText = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

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
