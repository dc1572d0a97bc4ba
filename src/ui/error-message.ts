// What a person reads for an API failure: an i18n key by the error's kind, and for a validation problem by the
// field of OUR request it is about (its path's first segment), with the server's own words as {detail}.
import { ApiError } from '../api/errors';
import type { Message } from '../contracts/services';

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

function messageKeyOf({ kind, problems, detail }: ApiError): string {
  if (kind !== 'validation') return `errors.${kind}`;
  for (const problem of problems) {
    const key = FIELD_KEYS.get(problem.path.split('.')[0]);
    if (key) return key;
  }
  // The real 400 for a loss reason on a lead that is not lost carries no path, only these words.
  if (/loss[ _]?reason/i.test(detail ?? '')) return 'errors.validation_loss_reason';
  return problems.some((p) => p.detail) || detail ? 'errors.validation' : 'errors.validation_generic';
}

/** The message for any failure; something that is not an ApiError reads as an unexpected answer. */
export function errorMessage(error: unknown): Message {
  if (!(error instanceof ApiError)) return { key: 'errors.malformed' };
  const words = error.problems
    .map((p) => p.detail)
    .filter(Boolean)
    .join('; ');
  return { key: messageKeyOf(error), vars: { detail: words || error.detail || '' } };
}
