import en from '../../i18n/en.json';
import es from '../../i18n/es.json';
import pt from '../../i18n/pt.json';
import ru from '../../i18n/ru.json';
import { ApiError, classifyFailure, classifyResponse } from '../api/errors';
import { answer } from '../api/testing';
import type { ApiErrorKind } from '../api/types';
import { errorMessage } from './error-message';

const NGINX_403 =
  '<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>';

describe("errorMessage: what a person reads for every row of API.md's table", () => {
  it.each<[string, number, string, ApiErrorKind, string]>([
    ['204 empty lead', 204, '', 'not_found', 'errors.not_found'],
    ['401 problem+json', 401, '{"title":"Unauthorized","status":401}', 'unauthorized', 'errors.unauthorized'],
    ['401 HTML', 401, '<html>login</html>', 'unauthorized', 'errors.unauthorized'],
    ['402 unknown shape', 402, '', 'payment_required', 'errors.payment_required'],
    ['402 JSON', 402, '{"title":"Payment Required"}', 'payment_required', 'errors.payment_required'],
    ['403 JSON', 403, '{"title":"Forbidden","detail":"Access denied"}', 'forbidden', 'errors.forbidden'],
    ['403 code 113', 403, '{"title":"Forbidden","detail":"Код ошибки 113"}', 'forbidden', 'errors.forbidden'],
    ['403 nginx HTML', 403, NGINX_403, 'blocked', 'errors.blocked'],
    ['403 empty', 403, '', 'blocked', 'errors.blocked'],
    ['429 text', 429, 'Too Many Requests', 'rate_limited', 'errors.rate_limited'],
    ['500 HTML', 500, '<html>oops</html>', 'server', 'errors.server'],
    ['502 empty', 502, '', 'server', 'errors.server'],
    ['503 JSON', 503, '{"title":"Service Unavailable"}', 'server', 'errors.server'],
    ['400 not JSON', 400, '<html>bad</html>', 'validation', 'errors.validation_generic'],
    ['418 unexpected', 418, '', 'malformed', 'errors.malformed'],
  ])('%s → %s', (_label, status, text, _kind, messageKey) => {
    expect(errorMessage(classifyResponse(answer(status, text))).key).toBe(messageKey);
  });

  it('anything that is not an ApiError reads as an unexpected answer', () => {
    expect(errorMessage(new TypeError('x'))).toEqual({ key: 'errors.malformed' });
  });

  it.each([
    ['price', 'errors.validation_price'],
    ['status_id', 'errors.validation_status'],
    ['pipeline_id', 'errors.validation_status'],
    ['tags_to_add.0.name', 'errors.validation_tags'],
    ['tags_to_delete.0.id', 'errors.validation_tags'],
    ['loss_reason_id', 'errors.validation_loss_reason'],
    ['custom_fields_values.6.values.0.value', 'errors.validation'],
  ])('a validation problem at %s reads as %s', (path, messageKey) => {
    const body = JSON.stringify({
      'validation-errors': [
        { request_id: '0', errors: [{ code: 'InvalidType', path, detail: 'Wrong type.' }] },
      ],
      title: 'Bad Request',
      status: 400,
      detail: 'Request validation failed',
    });
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
