// Test support for src/api (imported by tests only, never by the widget): fixtures, a fake clock, a fake transport.
import fs from 'fs';
import path from 'path';
import type { Clock } from './rate-limit';
import type { HttpRequest, HttpResponse, Transport } from './types';
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
