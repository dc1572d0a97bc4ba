import { ApiError } from '../../api/errors';
import { fakeClock } from '../../api/testing';
import type { Lead, LeadPatch } from '../../domain/types';
import { makeLead, PIPELINES } from '../test-utils';
import { ActionQueue, ECHO_MS, UNDO_MS, type Action } from './action-queue';

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A queue over a server that answers each PATCH when the test says (`answers[n]`), or at once. */
function setup(lead: Lead = makeLead()) {
  const { clock, advance, flush } = fakeClock();
  const controller = new AbortController();
  const sent: LeadPatch[] = [];
  const gates: ReturnType<typeof deferred>[] = [];
  let server = lead;
  const events: string[] = [];
  const failures: { dropped: readonly Action[]; error: unknown }[] = [];
  const queue = new ActionQueue(
    {
      api: {
        patchLead: jest.fn(async (_id: number, patch: LeadPatch) => {
          sent.push(patch);
          const gate = gates[sent.length - 1];
          if (gate) await gate.promise;
          if (patch.price !== undefined) server = { ...server, price: patch.price };
          return { id: lead.id, updatedAt: 2 };
        }),
        getLead: jest.fn(async () => server),
      },
      leadId: lead.id,
      clock,
      signal: controller.signal,
      knownTags: () => [],
      rememberTags: () => undefined,
      pipelines: () => PIPELINES,
      onChange: () => events.push('change'),
      onLanded: (action) => events.push(`landed ${action.kind}`),
      onFailed: (dropped, error) => failures.push({ dropped, error }),
      onRefreshDue: () => events.push('refresh due'),
    },
    lead,
  );
  const budget = (price: number, typed?: string): Action => ({
    kind: 'budget',
    patch: { price },
    done: { key: 'done' },
    offerUndo: true,
    typed: typed === undefined ? undefined : { budget: typed },
  });
  return { queue, sent, gates, events, failures, advance, flush, controller, budget, server: () => server };
}

describe('ActionQueue', () => {
  it('shows each intent at once, sends one PATCH at a time and, of queued budgets, only the last', async () => {
    const { queue, sent, gates, flush, budget, server } = setup();
    gates[0] = deferred();
    queue.submit(budget(1));
    expect(queue.shown.price).toBe(1);
    expect(queue.busy).toBe('budget');
    queue.submit(budget(2));
    queue.submit(budget(3));
    expect(queue.shown.price).toBe(3);
    await flush();
    expect(sent).toEqual([{ price: 1 }]);
    gates[0].resolve();
    await flush();
    expect(sent).toEqual([{ price: 1 }, { price: 3 }]);
    expect(server().price).toBe(3);
    expect(queue.confirmed.price).toBe(3);
    expect(queue.busy).toBeNull();
  });

  it('a failure rolls back everything unconfirmed and hands back the dropped actions, newest first', async () => {
    const { queue, gates, flush, budget, failures } = setup();
    gates[0] = deferred();
    queue.submit(budget(10, '10'));
    queue.submit({
      kind: 'tags',
      patch: { tags_to_add: [{ name: 'x' }] },
      done: { key: 'd' },
      offerUndo: true,
    });
    gates[0].reject(new ApiError('server'));
    await flush();
    expect(queue.shown).toEqual(queue.confirmed);
    expect(queue.shown.price).toBe(1500);
    expect(failures[0].dropped.map((a) => a.kind)).toEqual(['tags', 'budget']);
    expect(queue.isDraining).toBe(false);
  });

  it('offers the inverse PATCH until UNDO_MS has passed on its clock', async () => {
    const { queue, flush, advance, budget } = setup();
    queue.submit(budget(5));
    await flush();
    expect(queue.canUndo).toBe(true);
    await advance(UNDO_MS - 1);
    expect(queue.canUndo).toBe(true);
    await advance(1);
    expect(queue.canUndo).toBe(false);
    expect(queue.takeUndo()).toBeNull();
    queue.submit(budget(6));
    await flush();
    expect(queue.takeUndo()).toEqual({ price: 5 });
    expect(queue.canUndo).toBe(false);
  });

  it('each write expects one echo within ECHO_MS; a message after that is a change elsewhere', async () => {
    const { queue, flush, advance, budget } = setup();
    queue.submit(budget(5));
    await flush();
    expect(queue.isOwnEcho()).toBe(true);
    expect(queue.isOwnEcho()).toBe(false);
    queue.submit(budget(6));
    await flush();
    await advance(ECHO_MS);
    expect(queue.isOwnEcho()).toBe(false);
  });

  it('a change elsewhere while busy waits; it is due only when the queue stops on a failure', async () => {
    const { queue, gates, flush, budget, events } = setup();
    gates[0] = deferred();
    queue.submit(budget(5));
    expect(queue.refreshNowOrLater()).toBe(false);
    gates[0].reject(new ApiError('server'));
    await flush();
    expect(events).toContain('refresh due');
    expect(queue.refreshNowOrLater()).toBe(true);
  });

  it('a Next stage in flight is known, so a double click cannot skip a stage', async () => {
    const { queue, gates, flush } = setup();
    gates[0] = deferred();
    queue.submit({
      kind: 'stage',
      patch: { status_id: 12, pipeline_id: 1 },
      done: { key: 'd' },
      offerUndo: true,
      fromNext: true,
    });
    expect(queue.nextPending).toBe(true);
    gates[0].resolve();
    await flush();
    expect(queue.nextPending).toBe(false);
  });

  it('after the signal aborts nothing more is sent or reported', async () => {
    const { queue, sent, gates, flush, budget, controller, events } = setup();
    gates[0] = deferred();
    queue.submit(budget(5));
    queue.submit(budget(6));
    controller.abort();
    queue.dispose();
    gates[0].resolve();
    await flush();
    queue.submit(budget(7));
    await flush();
    expect(sent).toEqual([{ price: 5 }]);
    expect(events.filter((e) => e.startsWith('landed'))).toEqual([]);
  });
});
