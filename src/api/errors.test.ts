import { ApiError, classifyFailure, classifyResponse, retryAfterSeconds } from './errors';
import { answer, API_ERROR_TABLE, validationProblem, VALIDATION_PATHS } from './testing';

describe("classifyResponse: every row of API.md's table", () => {
  it.each(API_ERROR_TABLE)('%s → %s', (_label, status, text, kind) => {
    const error = classifyResponse(answer(status, text));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind, status });
  });

  it('a 2xx answer with a body is left to the parser', () => {
    expect(classifyResponse(answer(200, '{}'))).toBeNull();
    expect(classifyResponse(answer(201, '{}'))).toBeNull();
  });

  it('400 "Код ошибки 244" is no_rights, but 244 inside a validation problem is not', () => {
    const said244 = '{"title":"Bad Request","status":400,"detail":"Код ошибки 244. В случае повторного …"}';
    expect(classifyResponse(answer(400, said244))?.kind).toBe('no_rights');
    const priceProblem = JSON.stringify({
      'validation-errors': [
        { request_id: '0', errors: [{ code: 'X', path: 'price', detail: 'Value 244 is bad' }] },
      ],
      detail: 'Request validation failed 244',
    });
    expect(classifyResponse(answer(400, priceProblem))?.kind).toBe('validation');
    expect(classifyResponse(answer(400, '{"detail":"Invalid value 12445"}'))?.kind).toBe('validation');
  });

  it.each(VALIDATION_PATHS)('a validation problem at %s keeps its path (read as %s by the UI)', (path) => {
    const body = validationProblem(path);
    const error = classifyResponse(answer(400, body))!;
    expect(error.problems).toEqual([{ path, code: 'InvalidType', detail: 'Wrong type.' }]);
  });

  it('429 carries Retry-After as seconds, or from an HTTP date', () => {
    expect(classifyResponse(answer(429, '', { retryAfter: '3' }))?.retryAfter).toBe(3);
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(
      classifyResponse(answer(429, '', { retryAfter: 'Mon, 23 Nov 2026 10:00:05 GMT' }), now)?.retryAfter,
    ).toBe(5);
    expect(classifyResponse(answer(429, ''))?.retryAfter).toBeUndefined();
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    expect(retryAfterSeconds('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('never throws on any body text', () => {
    for (const status of [400, 401, 402, 403, 404, 429, 500]) {
      for (const text of [
        '',
        'null',
        '[]',
        '"x"',
        '{"errors":null}',
        '{"validation-errors":[null,{"errors":[1]}]}',
        '{',
      ]) {
        expect(classifyResponse(answer(status, text))).toBeInstanceOf(ApiError);
      }
    }
  });
});

describe('classifyFailure: no answer at all', () => {
  it("our time limit → timeout; the caller's abort → aborted; anything else → network", () => {
    expect(classifyFailure({ error: new Error('x'), timedOut: true }).kind).toBe('timeout');
    expect(classifyFailure({ error: new DOMException('gone', 'AbortError'), aborted: true }).kind).toBe(
      'aborted',
    );
    const network = classifyFailure({ error: new TypeError('Failed to fetch') });
    expect([network.kind, network.status]).toEqual(['network', null]);
    const passedOn = new ApiError('malformed');
    expect(classifyFailure({ error: passedOn })).toBe(passedOn);
  });
});
