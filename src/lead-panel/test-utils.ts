import type { ApiClient, Lead, Pipeline } from '../api/types';
import type { HostServices } from '../host/services';
import { DEFAULT_SETTINGS, type WidgetSettings } from '../settings/schema';
import { createTranslate } from '../ui/i18n';
import en from '../../i18n/en.json';

export const PIPELINES: Pipeline[] = [
  {
    id: 1, name: 'Sales', sort: 1, isMain: true, isArchive: false,
    stages: [
      { id: 10, name: 'Incoming', sort: 10, color: '#99ccff', pipelineId: 1, kind: 'unsorted' },
      { id: 11, name: 'First contact', sort: 20, color: '#ffcc66', pipelineId: 1, kind: 'open' },
      { id: 12, name: 'Offer', sort: 30, color: '#ff9966', pipelineId: 1, kind: 'open' },
      { id: 142, name: 'Paid', sort: 10000, color: '#ccff66', pipelineId: 1, kind: 'won' },
      { id: 143, name: 'Refused', sort: 11000, color: '#d5d8db', pipelineId: 1, kind: 'lost' },
    ],
  },
  {
    id: 2, name: 'Wholesale', sort: 2, isMain: false, isArchive: false,
    stages: [
      { id: 20, name: 'Unsorted', sort: 10, color: '#99ccff', pipelineId: 2, kind: 'unsorted' },
      { id: 21, name: 'Quote', sort: 20, color: '#ffff99', pipelineId: 2, kind: 'open' },
      { id: 142, name: 'Shipped', sort: 10000, color: '#ccff66', pipelineId: 2, kind: 'won' },
      { id: 143, name: 'Dropped', sort: 11000, color: '#d5d8db', pipelineId: 2, kind: 'lost' },
    ],
  },
];

export const makeLead = (over: Partial<Lead> = {}): Lead => ({
  id: 5, name: 'Поставка оборудования', price: 1500, statusId: 11, pipelineId: 1, lossReasonId: null, lossReason: null,
  tags: [{ id: 1, name: 'VIP', color: '#ffcc00' }], mainContactId: 77, contactIds: [77], sourceId: null,
  responsibleUserId: 1, updatedAt: 100, closedAt: null, isDeleted: false, ...over,
});

/** A fake API over an in-memory lead that applies PATCHes like the server would. */
export function fakeApi(initial: Lead = makeLead()) {
  let server = { ...initial };
  const api = {
    getLead: jest.fn(async (_id: number, _signal?: AbortSignal): Promise<Lead> => ({ ...server, tags: [...server.tags] })),
    getPipelines: jest.fn(async () => PIPELINES),
    searchTags: jest.fn(async (q: string) => [{ id: 2, name: 'Hot', color: null }, { id: 3, name: 'Опт', color: '#00aa00' }].filter((t) => t.name.toLowerCase().includes(q.toLowerCase()))),
    createTag: jest.fn(async (name: string) => ({ id: 99, name, color: null })),
    getLossReasons: jest.fn(async () => [{ id: 7, name: 'Too expensive', sort: 1 }, { id: 8, name: 'Went silent', sort: 2 }]),
    getAccount: jest.fn(async () => ({ id: 1, subdomain: 'x', currentUserId: 1, isLossReasonEnabled: true, currency: 'RUB' })),
    patchLead: jest.fn(async (_id: number, patch: Record<string, unknown>) => {
      const p = patch as { price?: number; status_id?: number; pipeline_id?: number; loss_reason_id?: number; tags_to_add?: { id?: number; name?: string }[]; tags_to_delete?: { id?: number; name?: string }[] };
      if (p.price !== undefined) server.price = p.price;
      if (p.status_id !== undefined) {
        server.statusId = p.status_id;
        server.pipelineId = p.pipeline_id!;
        server.lossReasonId = p.loss_reason_id ?? null;
      }
      if (p.tags_to_delete) server.tags = server.tags.filter((t) => !p.tags_to_delete!.some((r) => r.id === t.id || r.name === t.name));
      if (p.tags_to_add) for (const r of p.tags_to_add) server.tags.push({ id: r.id ?? 50, name: r.name ?? (r.id === 99 ? 'new' : r.id === 2 ? 'Hot' : `t${r.id}`), color: null });
      server.updatedAt += 1;
      return { id: server.id, updatedAt: server.updatedAt };
    }),
  } satisfies ApiClient;
  return { api, server: () => server, setServer: (l: Lead) => (server = l) };
}

export function fakeServices(api: ApiClient, over: Partial<HostServices> & { panel?: Partial<WidgetSettings['panel']> } = {}) {
  let listener: (() => void) | null = null;
  const unsubscribe = jest.fn(() => {
    listener = null;
  });
  const services: HostServices = {
    t: createTranslate(en),
    locale: 'en',
    api,
    currency: 'RUB',
    settings: { ...DEFAULT_SETTINGS, panel: { ...DEFAULT_SETTINGS.panel, ...over.panel } },
    rights: null,
    subscribeLead: jest.fn((_id: number, cb: () => void) => {
      listener = cb;
      return unsubscribe;
    }),
    reloadCard: jest.fn(),
    ...over,
  };
  return { services, emitChange: () => listener?.(), unsubscribe };
}
