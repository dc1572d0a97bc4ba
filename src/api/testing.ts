// Test support for src/api (imported by tests only, never by the widget): fixtures, a fake clock, a fake transport.
import fs from 'fs';
import path from 'path';
import type { Clock } from '../contracts/clock';
import type { ApiErrorKind, HttpRequest, HttpResponse, Transport } from './types';
import type { Lead, Stage } from '../domain/types';

/** shared/ sits beside the repository (here and in CI). */
export const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures');
export const fixtureNames = (): string[] => fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
export const fixtureText = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
export const fixture = (name: string): unknown => JSON.parse(fixtureText(name));

/** A clock whose time moves only when the test says so; `advance` runs due timers in order. */
export function fakeClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + Math.max(0, ms), fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  /** Lets promise chains and transports' macrotasks run. */
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  const advance = async (ms: number) => {
    const end = now + ms;
    for (;;) {
      await flush();
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.fn();
    }
    now = end;
    await flush();
  };
  return { clock, advance, flush, pending: () => timers.length };
}

export type Answer = HttpResponse | 'network' | 'hang';

/** Records what was sent and answers with `answer`; 'hang' waits until the request's signal aborts. */
export function fakeTransport(answer: (req: HttpRequest, n: number) => Answer | Promise<Answer>) {
  const sent: HttpRequest[] = [];
  const transport: Transport = {
    async send(req) {
      sent.push(req);
      const result = await answer(req, sent.length);
      if (result === 'network') throw new TypeError('Failed to fetch');
      if (result === 'hang') {
        return new Promise<HttpResponse>((_resolve, reject) => {
          const fail = () => reject(new DOMException('The operation was aborted.', 'AbortError'));
          if (req.signal?.aborted) fail();
          req.signal?.addEventListener('abort', fail);
        });
      }
      return result;
    },
  };
  return { transport, sent };
}

export const ok = (body: unknown, status = 200): HttpResponse => ({
  status,
  contentType: 'application/hal+json',
  text: JSON.stringify(body),
});
export const noContent: HttpResponse = { status: 204, contentType: '', text: '' };
export const answer = (status: number, text = '', extra: Partial<HttpResponse> = {}): HttpResponse => ({
  status,
  contentType: text.startsWith('{') ? 'application/problem+json' : 'text/html',
  text,
  ...extra,
});

export const makeLead = (over: Partial<Lead> = {}): Lead => ({
  id: 7,
  name: 'Сделка',
  price: 100,
  statusId: 10,
  pipelineId: 1,
  lossReasonId: null,
  lossReason: null,
  tags: [{ id: 1, name: 'VIP', color: null }],
  mainContactId: null,
  contactIds: [],
  sourceId: null,
  sourceName: null,
  responsibleUserId: null,
  updatedAt: 1,
  closedAt: null,
  isDeleted: false,
  customFields: [],
  ...over,
});

export const makeStage = (id: number, kind: Stage['kind'], pipelineId = 1): Stage => ({
  id,
  name: String(id),
  sort: id,
  color: '#cccccc',
  pipelineId,
  kind,
});

const NGINX_403 =
  '<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>';

/** API.md's error table as answers: [label, status, body, the error's kind, the message a person reads]. */
export const API_ERROR_TABLE: [string, number, string, ApiErrorKind, string][] = [
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
];

/** Paths of validation problems in OUR request, with the message a person reads for each. */
export const VALIDATION_PATHS: [string, string][] = [
    ['price', 'errors.validation_price'],
    ['status_id', 'errors.validation_status'],
    ['pipeline_id', 'errors.validation_status'],
    ['tags_to_add.0.name', 'errors.validation_tags'],
    ['tags_to_delete.0.id', 'errors.validation_tags'],
    ['loss_reason_id', 'errors.validation_loss_reason'],
    ['custom_fields_values.6.values.0.value', 'errors.validation'],
];

/** A real-shaped 400 problem+json with one validation problem at `path`. */
export const validationProblem = (path: string) =>
  JSON.stringify({
    'validation-errors': [{ request_id: '0', errors: [{ code: 'InvalidType', path, detail: 'Wrong type.' }] }],
    title: 'Bad Request',
    status: 400,
    detail: 'Request validation failed',
  });
