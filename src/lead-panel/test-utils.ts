import type { Account, ApiClient, PatchResult } from '../api/types';
import type { CustomField, Lead, LeadPatch, LossReason, Pipeline, Tag, TagRef } from '../domain/types';
import type { HostServices } from '../contracts/services';
import { applyPatch } from '../domain/patch';
import { DEFAULT_SETTINGS, type WidgetSettings } from '../contracts/settings';
import { createTranslate } from '../contracts/translate';
import createMoveStep from './move-step';
import en from '../../i18n/en.json';
import { LOST_STATUS_ID, WON_STATUS_ID } from '../domain/stages';

export const PIPELINES: Pipeline[] = [
  {
    id: 1,
    name: 'Sales',
    sort: 1,
    isMain: true,
    isArchive: false,
    stages: [
      { id: 10, name: 'Incoming', sort: 10, color: '#99ccff', pipelineId: 1, kind: 'unsorted' },
      { id: 11, name: 'First contact', sort: 20, color: '#ffcc66', pipelineId: 1, kind: 'open' },
      { id: 12, name: 'Offer', sort: 30, color: '#ff9966', pipelineId: 1, kind: 'open' },
      { id: WON_STATUS_ID, name: 'Paid', sort: 10000, color: '#ccff66', pipelineId: 1, kind: 'won' },
      { id: LOST_STATUS_ID, name: 'Refused', sort: 11000, color: '#d5d8db', pipelineId: 1, kind: 'lost' },
    ],
  },
  {
    id: 2,
    name: 'Wholesale',
    sort: 2,
    isMain: false,
    isArchive: false,
    stages: [
      { id: 20, name: 'Unsorted', sort: 10, color: '#99ccff', pipelineId: 2, kind: 'unsorted' },
      { id: 21, name: 'Quote', sort: 20, color: '#ffff99', pipelineId: 2, kind: 'open' },
      { id: WON_STATUS_ID, name: 'Shipped', sort: 10000, color: '#ccff66', pipelineId: 2, kind: 'won' },
      { id: LOST_STATUS_ID, name: 'Dropped', sort: 11000, color: '#d5d8db', pipelineId: 2, kind: 'lost' },
    ],
  },
];

export const makeLead = (over: Partial<Lead> = {}): Lead => ({
  id: 5,
  name: 'Поставка оборудования',
  price: 1500,
  statusId: 11,
  pipelineId: 1,
  lossReasonId: null,
  lossReason: null,
  tags: [{ id: 1, name: 'VIP', color: '#ffcc00' }],
  mainContactId: 77,
  contactIds: [77],
  sourceId: null,
  sourceName: null,
  responsibleUserId: 1,
  updatedAt: 100,
  closedAt: null,
  isDeleted: false,
  customFields: [],
  ...over,
});

/** A fake API over an in-memory lead and tag directory; a PATCH changes it through the domain's applyPatch. */
export function fakeApi(initial: Lead = makeLead(), customFields: CustomField[] = []) {
  let server: Lead = { ...initial, tags: [...initial.tags] };
  const directory: Tag[] = [
    { id: 1, name: 'VIP', color: '#ffcc00' },
    { id: 2, name: 'Hot', color: null },
    { id: 3, name: 'Опт', color: '#00aa00' },
  ];
  for (const tag of initial.tags) if (!directory.some((d) => d.id === tag.id)) directory.push(tag);
  const byName = (name: string) => directory.find((t) => t.name.toLowerCase() === name.toLowerCase());
  const create = (name: string): Tag => {
    const found = byName(name);
    if (found) return found;
    // The first tag created gets id 99, then 100, ...
    const tag = { id: 99 + directory.filter((t) => t.id >= 99).length, name, color: null };
    directory.push(tag);
    return tag;
  };
  const api = {
    getLead: jest.fn(async (_id: number, _signal?: AbortSignal): Promise<Lead> => ({
      ...server,
      tags: [...server.tags],
    })),
    getPipelines: jest.fn(async (_signal?: AbortSignal) => PIPELINES),
    getCustomFields: jest.fn(async (_signal?: AbortSignal) => customFields),
    searchTags: jest.fn(async (q: string, _signal?: AbortSignal) =>
      directory.filter((t) => t.name.toLowerCase().includes(q.toLowerCase())),
    ),
    createTag: jest.fn(async (name: string, _signal?: AbortSignal) => create(name)),
    getLossReasons: jest.fn(async (_signal?: AbortSignal): Promise<LossReason[]> => [
      { id: 7, name: 'Too expensive', sort: 1 },
      { id: 8, name: 'Went silent', sort: 2 },
    ]),
    getAccount: jest.fn(async (_signal?: AbortSignal): Promise<Account> => ({
      id: 1,
      subdomain: 'x',
      currentUserId: 1,
      isLossReasonEnabled: true,
      currency: 'RUB',
    })),
    // The server's side of a PATCH is the domain's one implementation, once names are tags with ids.
    patchLead: jest.fn(async (_id: number, p: LeadPatch, _signal?: AbortSignal): Promise<PatchResult> => {
      const byId = (r: TagRef): TagRef => ('id' in r ? r : { id: create(r.name).id });
      const resolved: LeadPatch = {
        ...p,
        ...(p.tags_to_add && { tags_to_add: p.tags_to_add.map(byId) }),
        ...(p.tags_to_delete && { tags_to_delete: p.tags_to_delete.map(byId) }),
      };
      server = { ...applyPatch(server, resolved, directory), updatedAt: server.updatedAt + 1 };
      return { id: server.id, updatedAt: server.updatedAt };
    }),
  } satisfies ApiClient;
  return { api, server: () => server, setServer: (l: Lead) => (server = l) };
}

export function fakeServices(
  api: ApiClient,
  over: Partial<HostServices> & { panel?: Partial<WidgetSettings['panel']> } = {},
) {
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
    cardContacts: jest.fn(async () => []),
    userName: jest.fn(() => null),
    // move-step.js as if it were already in the browser's cache: the loader resolves at once.
    loadMoveStep: jest.fn(async () => createMoveStep),
    ...over,
  };
  return { services, emitChange: () => listener?.(), unsubscribe };
}
