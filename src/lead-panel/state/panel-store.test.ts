import { ApiError } from '../../api/errors';
import type { PatchResult } from '../../api/types';
import type { Lead, Tag } from '../../domain/types';
import { ECHO_MS, UNDO_MS } from './action-queue';
import { PanelStore, REFRESH_DEBOUNCE_MS } from './panel-store';
import { TAG_SEARCH_DEBOUNCE_MS } from './tag-search';
import { fakeApi, fakeServices, makeLead, PIPELINES } from '../test-utils';
import { startMoveStep } from '../move-step/load';
import { LOST_STATUS_ID, WON_STATUS_ID } from '../../domain/stages';

/** Lets promise chains run (fake timers keep real time still). */
const flush = () => jest.advanceTimersByTimeAsync(0);

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

type Options = Parameters<typeof fakeServices>[1];

function setup(
  opts: Options = {},
  lead: Lead = makeLead(),
  before?: (api: ReturnType<typeof fakeApi>['api']) => void,
) {
  const fake = fakeApi(lead);
  before?.(fake.api);
  const host = fakeServices(fake.api, opts);
  const store = new PanelStore({
    leadId: lead.id,
    services: host.services,
    loadStep: () => startMoveStep(host.services.loadMoveStep()),
  });
  store.start();
  return { ...fake, ...host, store };
}

/** Ready, with the account's field rules read (as a hover over the stage controls does), so moves decide at once. */
async function ready(opts: Options = {}, lead: Lead = makeLead()) {
  const ctx = setup(opts, lead);
  await flush();
  expect(ctx.store.state.phase).toBe('ready');
  ctx.store.prefetchRules();
  await flush();
  return ctx;
}

const stage = (pipelineId: number, id: number) =>
  PIPELINES.find((p) => p.id === pipelineId)!.stages.find((s) => s.id === id)!;
const patches = (api: ReturnType<typeof fakeApi>['api']) => api.patchLead.mock.calls.map((c) => c[1]);

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('PanelStore: state transitions', () => {
  it('shows an intent at once and rolls everything unconfirmed back on failure, giving the typed text back', async () => {
    const { api, store } = await ready();
    const patch = deferred<PatchResult>();
    api.patchLead.mockImplementationOnce(() => patch.promise);
    store.saveBudget('777');
    store.addTag('Fresh');
    expect(store.state.deal!.shown.price).toBe(777);
    expect(store.state.deal!.shown.tags.map((t) => t.name)).toEqual(['VIP', 'Fresh']);
    patch.reject(new ApiError('server', { status: 500 }));
    await flush();
    expect(store.state.deal?.shown).toEqual(makeLead());
    expect(store.state.activity.alert?.key).toBe('errors.server');
    expect([store.state.budget.draft, store.state.tags.draft]).toEqual(['777', 'Fresh']);
    expect(store.state.budget.error?.key).toBe('errors.server');
    expect(store.state.readOnly).toBeNull();
    expect(api.createTag).not.toHaveBeenCalled();
  });

  it('does not overwrite what the user typed meanwhile with the failed text', async () => {
    const { api, store } = await ready();
    const patch = deferred<PatchResult>();
    api.patchLead.mockImplementationOnce(() => patch.promise);
    store.saveBudget('777');
    store.setBudgetDraft('9');
    patch.reject(new ApiError('forbidden', { status: 403 }));
    await flush();
    expect(store.state.budget.draft).toBe('9');
    expect(store.state.readOnly?.key).toBe('errors.forbidden');
  });

  it('narrows shown suggestions as the user types and never offers tags the deal has', async () => {
    const tags: Tag[] = [
      { id: 1, name: 'VIP', color: null },
      { id: 2, name: 'Hot', color: null },
      { id: 3, name: 'Hotel', color: null },
    ];
    const { api, store } = await ready();
    api.searchTags.mockResolvedValueOnce(tags);
    store.setTagDraft('h');
    await jest.advanceTimersByTimeAsync(TAG_SEARCH_DEBOUNCE_MS);
    expect(store.state.tags.suggestions.map((t) => t.id)).toEqual([2, 3]);
    store.setTagDraft('hote');
    expect(store.state.tags.suggestions.map((t) => t.id)).toEqual([3]);
    store.setTagDraft('  ');
    expect(store.state.tags.suggestions).toEqual([]);
  });
});

describe('PanelStore: loading', () => {
  it('reads the deal and the pipelines in parallel, with abortable signals, and nothing else', async () => {
    const { api, store } = setup();
    expect(store.state.phase).toBe('loading');
    expect(api.getLead).toHaveBeenCalledWith(5, expect.any(AbortSignal));
    expect(api.getPipelines).toHaveBeenCalledWith(expect.any(AbortSignal));
    await flush();
    expect(store.state.phase).toBe('ready');
    expect(api.getAccount).not.toHaveBeenCalled();
    expect(api.getLossReasons).not.toHaveBeenCalled();
    expect(api.searchTags).not.toHaveBeenCalled();
  });

  it.each([
    [new ApiError('not_found', { status: 204 }), 'not_found', 'errors.not_found'],
    [new ApiError('forbidden', { status: 403 }), 'no_rights', 'panel.no_rights_view'],
    [new ApiError('no_rights', { status: 400, detail: 'Код ошибки 244' }), 'no_rights', 'errors.no_rights'],
    [new ApiError('server', { status: 500 }), 'error', 'errors.server'],
    [new ApiError('timeout'), 'error', 'errors.timeout'],
  ] as const)(
    'a failed load (%p) ends in %s with its message; Retry loads again',
    async (error, phase, key) => {
      const { api, store } = setup({}, makeLead(), (a) => a.getLead.mockRejectedValueOnce(error));
      store.retry(); // ignored while loading: no second request
      expect(api.getLead).toHaveBeenCalledTimes(1);
      await flush();
      expect(store.state.phase).toBe(phase);
      expect(store.state.loadError?.key).toBe(key);
    },
  );

  it('Retry after an error shows the deal', async () => {
    const { api, store } = setup({}, makeLead(), (a) =>
      a.getLead.mockRejectedValueOnce(new ApiError('network')),
    );
    await flush();
    expect(store.state.phase).toBe('error');
    store.retry();
    await flush();
    expect(store.state.phase).toBe('ready');
    expect(api.getLead).toHaveBeenCalledTimes(2);
  });
});

describe('PanelStore: each action sends exactly the minimal PATCH', () => {
  it('stage picker: status with its pipeline; the re-read follows', async () => {
    const { api, store, server } = await ready();
    store.moveTo(stage(2, 21));
    await flush();
    expect(patches(api)).toEqual([{ status_id: 21, pipeline_id: 2 }]);
    expect(api.getLead).toHaveBeenCalledTimes(2);
    expect(store.state.deal!.shown.statusId).toBe(server().statusId);
    expect(store.state.activity.status).toEqual({ key: 'panel.done_stage', vars: { stage: 'Quote' } });
    expect(store.state.activity.cardStale).toBe(true);
  });

  it('Next stage goes to the next open stage by sort; Won sends the won stage with the pipeline', async () => {
    const { api, store } = await ready();
    store.next();
    await flush();
    store.won();
    await flush();
    expect(patches(api)).toEqual([
      { status_id: 12, pipeline_id: 1 },
      { status_id: WON_STATUS_ID, pipeline_id: 1 },
    ]);
  });

  it('Next stage from Unsorted goes to the first open stage; at the last open stage it does nothing', async () => {
    const { api, store } = await ready({}, makeLead({ statusId: 10 }));
    store.next();
    await flush();
    expect(patches(api)).toEqual([{ status_id: 11, pipeline_id: 1 }]);
    store.next();
    await flush();
    store.next();
    await flush();
    expect(patches(api)).toHaveLength(2);
  });

  it(`Lost with the policy "never": ${LOST_STATUS_ID} and the pipeline only, no account or reasons read`, async () => {
    const { api, store } = await ready({ panel: { lossReason: 'never' } });
    await store.lost();
    await flush();
    expect(patches(api)).toEqual([{ status_id: LOST_STATUS_ID, pipeline_id: 1 }]);
    expect(api.getAccount).not.toHaveBeenCalled();
  });

  it('Lost with the policy "account": the account and reasons are read only now; a reason is required', async () => {
    const { api, store } = await ready();
    expect(api.getAccount).not.toHaveBeenCalled();
    const asking = store.lost();
    expect(store.state.step).toMatchObject({ target: stage(1, LOST_STATUS_ID), reasons: null, selectedReason: null });
    await asking;
    expect(api.getAccount).toHaveBeenCalledTimes(1);
    expect(store.state.step!.reasons!.map((r) => r.id)).toEqual([7, 8]);
    store.closeAsLost();
    expect(store.state.activity.alert).toEqual({ key: 'panel.loss_reason_required' });
    expect(api.patchLead).not.toHaveBeenCalled();
    store.selectLossReason(8);
    store.closeAsLost();
    expect(store.state.step).toBeNull();
    await flush();
    expect(patches(api)).toEqual([{ status_id: LOST_STATUS_ID, pipeline_id: 1, loss_reason_id: 8 }]);
  });

  it('Lost when the account has loss reasons off closes at once; "always" skips the account', async () => {
    const a = await ready();
    a.api.getAccount.mockResolvedValueOnce({
      id: 1,
      subdomain: 'x',
      currentUserId: 1,
      isLossReasonEnabled: false,
      currency: null,
    });
    await a.store.lost();
    await flush();
    expect(patches(a.api)).toEqual([{ status_id: LOST_STATUS_ID, pipeline_id: 1 }]);
    expect(a.api.getLossReasons).not.toHaveBeenCalled();
    a.store.destroy();

    const b = await ready({ panel: { lossReason: 'always' } });
    await b.store.lost();
    expect(b.api.getAccount).not.toHaveBeenCalled();
    expect(b.store.state.step!.reasons).toHaveLength(2);
  });

  it('budget: {price} only; invalid input is explained at the field and never sent', async () => {
    const { api, store } = await ready();
    store.saveBudget('12.5');
    expect(store.state.budget.error).toEqual({ key: 'errors.budget_decimal' });
    expect(store.state.budget.draft).toBe('12.5');
    store.saveBudget('-3');
    expect(store.state.budget.error).toEqual({ key: 'errors.budget_negative' });
    store.saveBudget('1500'); // unchanged: nothing to send, editing ends
    expect(store.state.budget.draft).toBeNull();
    store.saveBudget('250 000');
    await flush();
    expect(patches(api)).toEqual([{ price: 250000 }]);
  });

  it('tags: a known tag by id, a new name created first then added by id, removal by id', async () => {
    const { api, store } = await ready();
    store.setTagDraft('ho');
    await jest.advanceTimersByTimeAsync(TAG_SEARCH_DEBOUNCE_MS);
    const hot = store.state.tags.suggestions.find((t) => t.name === 'Hot')!;
    store.addTag(hot);
    await flush();
    store.addTag('  Brand   new ');
    expect(store.state.deal!.shown.tags.map((t) => t.name)).toContain('Brand new');
    await flush();
    expect(api.createTag).toHaveBeenCalledWith('Brand new', expect.any(AbortSignal));
    store.removeTag({ id: 1, name: 'VIP', color: '#ffcc00' });
    await flush();
    expect(patches(api)).toEqual([
      { tags_to_add: [{ id: 2 }] },
      { tags_to_add: [{ id: 99 }] },
      { tags_to_delete: [{ id: 1 }] },
    ]);
    for (const p of patches(api)) expect(p).not.toHaveProperty('_embedded');
  });

  it('tags: duplicates (any case) and blank names are refused with a message and never sent', async () => {
    const { api, store } = await ready();
    store.addTag('vIp');
    expect(store.state.tags.error).toEqual({ key: 'errors.tag_duplicate' });
    store.addTag('   ');
    expect(store.state.tags.error).toEqual({ key: 'errors.tag_blank' });
    await flush();
    expect(api.createTag).not.toHaveBeenCalled();
    expect(api.patchLead).not.toHaveBeenCalled();
  });
});

describe('PanelStore: optimistic, locked, last intent wins', () => {
  it('shows the result synchronously, before any answer', async () => {
    const { store } = await ready();
    store.won();
    expect(store.state.deal!.shown.statusId).toBe(WON_STATUS_ID);
    expect(store.state.activity.busy).toBe('stage');
    store.saveBudget('900');
    expect(store.state.deal!.shown.price).toBe(900);
    store.removeTag(store.state.deal!.shown.tags[0]);
    expect(store.state.deal!.shown.tags).toEqual([]);
  });

  it('on failure rolls back, explains in words (the field named for a 400) and keeps the typed budget', async () => {
    const { api, store } = await ready();
    api.patchLead.mockRejectedValueOnce(
      new ApiError('validation', { status: 400, problems: [{ path: 'price', code: 'x', detail: 'bad' }] }),
    );
    store.setBudgetDraft('777');
    store.saveBudget('777');
    expect(store.state.budget.draft).toBeNull();
    await flush();
    expect(store.state.deal!.shown.price).toBe(1500);
    expect(store.state.activity.alert?.key).toBe('errors.validation_price');
    expect(store.state.budget.draft).toBe('777');
    expect(store.state.activity.busy).toBeNull();
    expect(api.getLead).toHaveBeenCalledTimes(1);
  });

  it('a failed new tag keeps its name in the box', async () => {
    const { api, store } = await ready();
    api.createTag.mockRejectedValueOnce(new ApiError('server', { status: 502 }));
    store.setTagDraft('Новый тег');
    store.addTag();
    expect(store.state.tags.draft).toBe('');
    await flush();
    expect(store.state.tags.draft).toBe('Новый тег');
    expect(store.state.tags.error?.key).toBe('errors.server');
    expect(store.state.deal!.shown.tags.map((t) => t.name)).toEqual(['VIP']);
    expect(api.patchLead).not.toHaveBeenCalled();
  });

  it('a 403 on an action turns the panel read-only with the reason; nothing more is sent', async () => {
    const { api, store } = await ready();
    api.patchLead.mockRejectedValueOnce(new ApiError('forbidden', { status: 403 }));
    store.won();
    await flush();
    expect(store.state.readOnly?.key).toBe('errors.forbidden');
    store.next();
    store.saveBudget('5');
    await flush();
    expect(api.patchLead).toHaveBeenCalledTimes(1);
  });

  it('host rights that forbid editing: read-only from the start, no action sends anything', async () => {
    const { api, store } = await ready({ rights: { canEdit: false, reasonKey: 'panel.rights_no_edit' } });
    expect(store.state.readOnly).toEqual({ key: 'panel.rights_no_edit' });
    store.won();
    store.saveBudget('5');
    store.addTag('x');
    await store.lost();
    await flush();
    expect(api.patchLead).not.toHaveBeenCalled();
    expect(api.getAccount).not.toHaveBeenCalled();
  });

  it('a second click on Next stage or Won while the PATCH is in flight sends no second PATCH', async () => {
    const { api, store } = await ready({}, makeLead({ statusId: 10 }));
    const gate = deferred<PatchResult>();
    api.patchLead.mockImplementationOnce(() => gate.promise);
    store.next();
    store.next();
    expect(store.state.deal!.shown.statusId).toBe(11);
    gate.resolve({ id: 5, updatedAt: 101 });
    await flush();
    expect(patches(api)).toEqual([{ status_id: 11, pipeline_id: 1 }]);
    store.won();
    store.won();
    await flush();
    expect(patches(api)).toEqual([
      { status_id: 11, pipeline_id: 1 },
      { status_id: WON_STATUS_ID, pipeline_id: 1 },
    ]);
    expect(store.state.activity.alert).toBeNull();
  });

  it('a burst of 50 budgets: one in flight, only the latest queued, the server ends at the last intent', async () => {
    const { api, store, server } = await ready();
    const gates: ReturnType<typeof deferred<void>>[] = [];
    const realPatch = api.patchLead.getMockImplementation()!;
    api.patchLead.mockImplementation(async (id, patch, signal) => {
      const gate = deferred<void>();
      gates.push(gate);
      await gate.promise;
      return realPatch(id, patch, signal);
    });
    const release = async () => {
      gates.forEach((g) => g.resolve());
      await flush();
    };
    for (let i = 1; i <= 50; i++) {
      store.saveBudget(String(70000 + i));
      expect(store.state.deal!.shown.price).toBe(70000 + i);
      if (i % 10 === 0) await release();
    }
    while (store.state.activity.busy) await release();
    expect(server().price).toBe(70050);
    expect(store.state.deal!.shown.price).toBe(70050);
    expect(api.patchLead.mock.calls.length).toBeLessThanOrEqual(7);
    expect(patches(api).at(-1)).toEqual({ price: 70050 });
    // Only the end of the burst is re-read.
    expect(api.getLead).toHaveBeenCalledTimes(2);
  });

  it('stage changes while one is in flight: only the last is sent after it', async () => {
    const { api, store, server } = await ready();
    const gate = deferred<PatchResult>();
    api.patchLead.mockImplementationOnce(() => gate.promise);
    store.moveTo(stage(1, 12));
    store.moveTo(stage(2, 21));
    store.moveTo(stage(1, WON_STATUS_ID));
    expect(store.state.deal!.shown.statusId).toBe(WON_STATUS_ID);
    gate.resolve({ id: 5, updatedAt: 101 });
    await flush();
    expect(patches(api)).toEqual([
      { status_id: 12, pipeline_id: 1 },
      { status_id: WON_STATUS_ID, pipeline_id: 1 },
    ]);
    expect(server().statusId).toBe(WON_STATUS_ID);
  });
});

describe('PanelStore: undo', () => {
  it('offers the inverse minimal PATCH for a few seconds', async () => {
    const { api, store } = await ready();
    store.saveBudget('10');
    await flush();
    expect(store.state.activity.canUndo).toBe(true);
    store.undoLast();
    await flush();
    expect(patches(api).at(-1)).toEqual({ price: 1500 });
    expect(store.state.activity.canUndo).toBe(false);
    expect(store.state.activity.status).toEqual({ key: 'panel.undone' });

    store.moveTo(stage(2, 21));
    await flush();
    expect(store.state.activity.canUndo).toBe(true);
    await jest.advanceTimersByTimeAsync(UNDO_MS);
    expect(store.state.activity.canUndo).toBe(false);
    store.undoLast();
    await flush();
    expect(patches(api)).toHaveLength(3);
  });

  it('undoing a move out of a lost stage puts lost back with its reason; into lost, never a reason without lost', async () => {
    const lost = await ready({}, makeLead({ statusId: LOST_STATUS_ID, lossReasonId: 7 }));
    lost.store.moveTo(stage(1, 12));
    await flush();
    lost.store.undoLast();
    await flush();
    expect(patches(lost.api)).toEqual([
      { status_id: 12, pipeline_id: 1 },
      { status_id: LOST_STATUS_ID, pipeline_id: 1, loss_reason_id: 7 },
    ]);
    lost.store.destroy();

    const open = await ready({ panel: { lossReason: 'always' } });
    await open.store.lost();
    open.store.selectLossReason(7);
    open.store.closeAsLost();
    await flush();
    open.store.undoLast();
    await flush();
    expect(patches(open.api)).toEqual([
      { status_id: LOST_STATUS_ID, pipeline_id: 1, loss_reason_id: 7 },
      { status_id: 11, pipeline_id: 1 },
    ]);
  });

  it('tags come back: an added tag is deleted by id, a removed one added by id', async () => {
    const { api, store } = await ready();
    store.addTag('Brand new');
    await flush();
    store.undoLast();
    await flush();
    store.removeTag(store.state.deal!.shown.tags[0]);
    await flush();
    store.undoLast();
    await flush();
    expect(patches(api)).toEqual([
      { tags_to_add: [{ id: 99 }] },
      { tags_to_delete: [{ id: 99 }] },
      { tags_to_delete: [{ id: 1 }] },
      { tags_to_add: [{ id: 1 }] },
    ]);
  });

  it('no undo back into Unsorted: that status is never written', async () => {
    const { store } = await ready({}, makeLead({ statusId: 10 }));
    store.next();
    await flush();
    expect(store.state.activity.status?.key).toBe('panel.done_stage');
    expect(store.state.activity.canUndo).toBe(false);
  });
});

describe('PanelStore: living with the card', () => {
  it('a change elsewhere is re-read once after a pause, keeping the budget being typed', async () => {
    const { api, store, emitChange, server } = await ready();
    store.setBudgetDraft('999');
    server().price = 5000;
    server().name = 'Renamed';
    emitChange();
    emitChange();
    await jest.advanceTimersByTimeAsync(REFRESH_DEBOUNCE_MS);
    expect(api.getLead).toHaveBeenCalledTimes(2);
    expect(store.state.deal!.shown.name).toBe('Renamed');
    expect(store.state.budget.draft).toBe('999');
    expect(store.state.budget.changedElsewhere).toBe(true);
  });

  it('the echo of our own write is not re-read; a later change is', async () => {
    const { api, store, emitChange } = await ready();
    store.won();
    await flush();
    expect(api.getLead).toHaveBeenCalledTimes(2);
    emitChange();
    await jest.advanceTimersByTimeAsync(REFRESH_DEBOUNCE_MS);
    expect(api.getLead).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(ECHO_MS);
    emitChange();
    await jest.advanceTimersByTimeAsync(REFRESH_DEBOUNCE_MS);
    expect(api.getLead).toHaveBeenCalledTimes(3);
  });

  it('a deal deleted elsewhere turns into "not found"', async () => {
    const { api, store, emitChange } = await ready();
    api.getLead.mockRejectedValueOnce(new ApiError('not_found', { status: 204 }));
    emitChange();
    await jest.advanceTimersByTimeAsync(REFRESH_DEBOUNCE_MS);
    expect(store.state.phase).toBe('not_found');
  });

  it('reload card goes to the host', async () => {
    const { store, services } = await ready();
    store.reloadCard();
    expect(services.reloadCard).toHaveBeenCalledTimes(1);
  });
});

describe('PanelStore: tag suggestions', () => {
  it('debounced: one request per pause, cached per query, none for an empty box', async () => {
    const { api, store } = await ready();
    for (const text of ['h', 'ho', 'hot']) store.setTagDraft(text);
    expect(api.searchTags).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(TAG_SEARCH_DEBOUNCE_MS);
    expect(api.searchTags).toHaveBeenCalledTimes(1);
    expect(api.searchTags).toHaveBeenCalledWith('hot', expect.any(AbortSignal));
    expect(store.state.tags.suggestions.map((t) => t.name)).toEqual(['Hot']);
    store.setTagDraft('');
    store.setTagDraft('hot');
    await jest.advanceTimersByTimeAsync(TAG_SEARCH_DEBOUNCE_MS);
    expect(api.searchTags).toHaveBeenCalledTimes(1);
    expect(store.state.tags.suggestions.map((t) => t.name)).toEqual(['Hot']);
  });

  it('a late answer to an older query is ignored', async () => {
    const { api, store } = await ready();
    const slow = deferred<Tag[]>();
    api.searchTags.mockImplementationOnce(() => slow.promise);
    store.setTagDraft('o');
    await jest.advanceTimersByTimeAsync(TAG_SEARCH_DEBOUNCE_MS);
    store.setTagDraft('оп');
    await jest.advanceTimersByTimeAsync(TAG_SEARCH_DEBOUNCE_MS);
    expect(store.state.tags.suggestions.map((t) => t.name)).toEqual(['Опт']);
    slow.resolve([{ id: 40, name: 'Old answer', color: null }]);
    await flush();
    expect(store.state.tags.suggestions.map((t) => t.name)).toEqual(['Опт']);
  });

  it('a failed search is silent: the name can still be added', async () => {
    const { api, store } = await ready();
    api.searchTags.mockRejectedValueOnce(new ApiError('server', { status: 500 }));
    store.setTagDraft('zz');
    await jest.advanceTimersByTimeAsync(TAG_SEARCH_DEBOUNCE_MS);
    expect(store.state.activity.alert).toBeNull();
    expect(store.state.tags.error).toBeNull();
    expect(store.state.tags.draft).toBe('zz');
  });
});

describe('PanelStore: destroy', () => {
  it('during loading: aborts, unsubscribes, and nothing happens after', async () => {
    const { api, store, unsubscribe, emitChange } = setup();
    const listener = jest.fn();
    store.subscribe(listener);
    const signal = api.getLead.mock.calls[0][1]!;
    store.destroy();
    expect(signal.aborted).toBe(true);
    expect(unsubscribe).toHaveBeenCalledTimes(1);
    emitChange();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(listener).not.toHaveBeenCalled();
    expect(api.getLead).toHaveBeenCalledTimes(1);
    expect(store.state.phase).toBe('loading');
  });

  it('mid-PATCH and with timers pending: no request, no state change, no timer after', async () => {
    const { api, store } = await ready();
    const gate = deferred<PatchResult>();
    api.patchLead.mockImplementationOnce(() => gate.promise);
    store.saveBudget('1'); // in flight
    store.saveBudget('2'); // queued
    store.setTagDraft('ho'); // debounce timer pending
    const signal = api.patchLead.mock.calls[0][2]!;
    const before = store.state;
    store.destroy();
    expect(signal.aborted).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    gate.resolve({ id: 5, updatedAt: 101 }); // a fake that ignores the abort
    await jest.advanceTimersByTimeAsync(10_000);
    expect(api.patchLead).toHaveBeenCalledTimes(1);
    expect(api.getLead).toHaveBeenCalledTimes(1);
    expect(api.searchTags).not.toHaveBeenCalled();
    expect(store.state).toBe(before);
  });

  it('while the loss reasons load: nothing is sent after', async () => {
    const { api, store } = await ready({ panel: { lossReason: 'always' } });
    const reasons = deferred<{ id: number; name: string; sort: number }[]>();
    api.getLossReasons.mockImplementationOnce(() => reasons.promise);
    const asking = store.lost();
    store.destroy();
    reasons.resolve([]);
    await asking;
    await flush();
    expect(api.patchLead).not.toHaveBeenCalled();
  });
});
