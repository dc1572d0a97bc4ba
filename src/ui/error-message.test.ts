import en from '../../i18n/en.json';
import es from '../../i18n/es.json';
import pt from '../../i18n/pt.json';
import ru from '../../i18n/ru.json';
import { ApiError, classifyFailure, classifyResponse } from '../api/errors';
import { answer, API_ERROR_TABLE, validationProblem, VALIDATION_PATHS } from '../api/testing';
import type { ApiErrorKind } from '../api/types';
import { errorMessage } from './error-message';

describe("errorMessage: what a person reads for every row of API.md's table", () => {
  it.each(API_ERROR_TABLE)('%s → %s', (_label, status, text, _kind, messageKey) => {
    expect(errorMessage(classifyResponse(answer(status, text))).key).toBe(messageKey);
  });

  it('anything that is not an ApiError reads as an unexpected answer', () => {
    expect(errorMessage(new TypeError('x'))).toEqual({ key: 'errors.malformed' });
  });

  it.each(VALIDATION_PATHS)('a validation problem at %s reads as %s', (path, messageKey) => {
    const body = validationProblem(path);
    expect(errorMessage(classifyResponse(answer(400, body)))).toEqual({
      key: messageKey,
      vars: { detail: 'Wrong type.' },
    });
  });

});

describe('errorMessage when no answer came', () => {
  it('a network failure reads as errors.network', () => {
    expect(errorMessage(classifyFailure({ error: new TypeError('Failed to fetch') })).key).toBe('errors.network');
  });
});

describe('every message key exists in every locale', () => {
  const kinds: ApiErrorKind[] = [
    'not_found',
    'validation',
    'unauthorized',
    'payment_required',
    'forbidden',
    'no_rights',
    'blocked',
    'rate_limited',
    'server',
    'network',
    'timeout',
    'malformed',
    'aborted',
  ];
  const keys = [
    ...kinds.map((k) => errorMessage(new ApiError(k)).key),
    'errors.validation_generic',
    'errors.validation_price',
    'errors.validation_status',
    'errors.validation_tags',
    'errors.validation_loss_reason',
  ];
  it.each(Object.entries({ en, ru, es, pt }))('%s', (_lang, locale) => {
    const errors = (locale as { errors: Record<string, string> }).errors;
    for (const key of keys) expect(errors[key.replace(/^errors\./, '')]).toEqual(expect.any(String));
    expect(errors.validation).toContain('{detail}');
  });
});
