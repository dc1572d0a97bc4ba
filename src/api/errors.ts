// One error type for every failure of API.md's table, each with a user-facing message key.
import type { ApiErrorKind, FieldProblem, HttpResponse } from './types';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number | null;
  readonly problems: FieldProblem[];
  readonly detail?: string;
  /** Seconds the server asked us to wait (429 Retry-After), when given. */
  readonly retryAfter?: number;

  constructor(kind: ApiErrorKind, init: { status?: number | null; problems?: FieldProblem[]; detail?: string; retryAfter?: number } = {}) {
    super(init.detail ? `${kind}: ${init.detail}` : kind);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = init.status ?? null;
    this.problems = init.problems ?? [];
    this.detail = init.detail;
    this.retryAfter = init.retryAfter;
  }

  /** i18n key of the message a user reads. */
  get messageKey(): string {
    return `errors.${this.kind}`;
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
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function problemsOf(body: Record<string, unknown>): FieldProblem[] {
  const groups = body['validation-errors'];
  if (!Array.isArray(groups)) return [];
  return groups.flatMap((group) => {
    const errors = asRecord(group)?.errors;
    return Array.isArray(errors)
      ? errors.map((e) => {
          const r = asRecord(e) ?? {};
          return { path: String(r.path ?? ''), code: String(r.code ?? ''), detail: String(r.detail ?? '') };
        })
      : [];
  });
}

/** The readable reason of a 400 without validation-errors: `errors` keyed by lead id, or `detail`. */
function reasonOf(body: Record<string, unknown>): string | undefined {
  const errors = asRecord(body.errors);
  if (errors) {
    const texts = Object.values(errors).filter((v): v is string => typeof v === 'string');
    if (texts.length) return texts.join('; ');
  }
  return typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : undefined;
}

/** Turns a non-2xx answer into an ApiError. 204 is handled by the caller (it means "nothing" there). */
export function errorFromResponse(response: HttpResponse, retryAfter?: number): ApiError {
  const { status, text } = response;
  const body = asRecord(tryJson(text));
  const detail = body ? reasonOf(body) : undefined;
  if (status === 400) {
    if (/\b244\b/.test(`${detail ?? ''} ${body?.title ?? ''}`)) return new ApiError('no_rights', { status, detail });
    return new ApiError('validation', { status, problems: body ? problemsOf(body) : [], detail });
  }
  if (status === 401) return new ApiError('unauthorized', { status, detail });
  if (status === 402) return new ApiError('payment_required', { status, detail });
  if (status === 403) return new ApiError(body ? 'forbidden' : 'blocked', { status, detail });
  if (status === 404) return new ApiError('not_found', { status, detail });
  if (status === 429) return new ApiError('rate_limited', { status, detail, retryAfter });
  if (status >= 500) return new ApiError('server', { status, detail });
  return new ApiError('malformed', { status, detail: `HTTP ${status}` });
}
