// Every error class × every call site, generated from one table: the user reads a specific message in their
// language (ru here), keeps what they typed, nothing throws unhandled, and the widget recovers with the API.
import { h } from 'preact';
import { render, screen, waitFor, cleanup } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { createApiClient } from '../api/client';
import { LeadPanel } from '../lead-panel/LeadPanel';
import createMoveStep from '../lead-panel/move-step';
import { SettingsPage } from '../settings/SettingsPage';
import { DEFAULT_SETTINGS } from '../contracts/settings';
import { createTranslate } from '../ui/i18n';
import type { HostServices } from '../contracts/services';
import ru from '../../i18n/ru.json';
import { createFakeServer, type FaultKind } from './fake-server';

const t = createTranslate(ru);
const KINDS: [FaultKind, string][] = [
  ['400', 'errors.validation'], ['401', 'errors.unauthorized'], ['402', 'errors.payment_required'], ['403', 'errors.forbidden'],
  ['403html', 'errors.blocked'], ['429', 'errors.rate_limited'], ['500', 'errors.server'], ['network', 'errors.network'],
  ['timeout', 'errors.timeout'], ['malformed', 'errors.malformed'], ['empty', 'errors.malformed'],
];
/** Retried kinds fail as many times as the client tries, so the user does see them. */
const repeats = (kind: FaultKind, method: string) => (kind === '429' || (kind === 'network' && method === 'GET') ? 3 : 1);

type User = ReturnType<typeof userEvent.setup>;
const name = (key: string, vars?: Record<string, string>) => t(key, vars);
const alerts = () => screen.queryAllByRole('alert').map((a) => a.textContent ?? '').join(' ');

interface Site {
  site: string;
  method: 'GET' | 'PATCH' | 'POST';
  match: RegExp;
  /** Does what the user does; the fault hits during it. */
  act(user: User): Promise<void>;
  /** What the user typed that must still be there. */
  kept?: () => void;
  /** Proves the widget works again once the API does. */
  recover(user: User): Promise<void>;
  /** Load failures use another message for 403. */
  forbiddenKey?: string;
  silent?: boolean;
}

const typeBudget = async (user: User, value: string) => {
  const box = screen.getByRole('textbox', { name: name('panel.budget') });
  await user.clear(box);
  await user.type(box, `${value}{Enter}`);
};
const addTag = async (user: User, value: string) => {
  const box = screen.getByRole('textbox', { name: name('panel.add_tag') });
  await user.clear(box);
  await user.type(box, `${value}{Enter}`);
};
const done = (key: string, vars?: Record<string, string>) => waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(t(key, vars)));
const ready = () => screen.findByRole('heading', { name: 'Сделка' }, { timeout: 3000 });
const retry = async (user: User) => {
  await user.click(await screen.findByRole('button', { name: name('panel.retry') }));
  await ready();
};

const SITES: Site[] = [
  { site: 'load deal', method: 'GET', match: /^GET \/api\/v4\/leads\/5\?/, act: async () => undefined, recover: retry, forbiddenKey: 'panel.no_rights_view' },
  { site: 'load pipelines', method: 'GET', match: /^GET \/api\/v4\/leads\/pipelines/, act: async () => undefined, recover: retry, forbiddenKey: 'panel.no_rights_view' },
  {
    site: 'stage picker', method: 'PATCH', match: /^PATCH/,
    act: async (user) => user.selectOptions(screen.getByRole('combobox', { name: name('panel.stage') }), '1:12'),
    recover: async (user) => {
      await user.selectOptions(screen.getByRole('combobox', { name: name('panel.stage') }), '1:12');
      await done('panel.done_stage', { stage: 'Offer' });
    },
  },
  {
    site: 'next stage', method: 'PATCH', match: /^PATCH/,
    act: async (user) => user.click(screen.getByRole('button', { name: name('panel.next_stage') })),
    recover: async (user) => {
      await user.click(screen.getByRole('button', { name: name('panel.next_stage') }));
      await done('panel.done_stage', { stage: 'Offer' });
    },
  },
  {
    site: 'won', method: 'PATCH', match: /^PATCH/,
    act: async (user) => user.click(screen.getByRole('button', { name: name('panel.won') })),
    recover: async (user) => {
      await user.click(screen.getByRole('button', { name: name('panel.won') }));
      await done('panel.done_won', { stage: 'Paid' });
    },
  },
  {
    site: 'lost: account', method: 'GET', match: /^GET \/api\/v4\/account/,
    act: async (user) => user.click(screen.getByRole('button', { name: name('panel.lost') })),
    recover: async (user) => {
      await user.click(screen.getByRole('button', { name: name('panel.lost') }));
      await screen.findByRole('combobox', { name: name('panel.loss_reason') });
    },
  },
  {
    site: 'lost: loss reasons', method: 'GET', match: /^GET \/api\/v4\/leads\/loss_reasons/,
    act: async (user) => user.click(screen.getByRole('button', { name: name('panel.lost') })),
    recover: async (user) => {
      await user.click(screen.getByRole('button', { name: name('panel.lost') }));
      await screen.findByRole('combobox', { name: name('panel.loss_reason') });
    },
  },
  {
    site: 'close as lost', method: 'PATCH', match: /^PATCH/,
    act: async (user) => {
      await user.click(screen.getByRole('button', { name: name('panel.lost') }));
      await user.selectOptions(await screen.findByRole('combobox', { name: name('panel.loss_reason') }), '5');
      await user.click(screen.getByRole('button', { name: name('panel.close_as_lost') }));
    },
    recover: async (user) => {
      await user.click(screen.getByRole('button', { name: name('panel.lost') }));
      await user.selectOptions(await screen.findByRole('combobox', { name: name('panel.loss_reason') }), '5');
      await user.click(screen.getByRole('button', { name: name('panel.close_as_lost') }));
      await done('panel.done_lost', { stage: 'Refused' });
    },
  },
  {
    site: 'budget', method: 'PATCH', match: /^PATCH/,
    act: (user) => typeBudget(user, '777'),
    kept: () => expect(screen.getByRole('textbox', { name: name('panel.budget') })).toHaveValue('777'),
    recover: async (user) => {
      await typeBudget(user, '778');
      await done('panel.done_budget');
    },
  },
  {
    site: 'tag add: create', method: 'POST', match: /^POST \/api\/v4\/leads\/tags/,
    act: (user) => addTag(user, 'Новый тег'),
    kept: () => expect(screen.getByRole('textbox', { name: name('panel.add_tag') })).toHaveValue('Новый тег'),
    recover: async (user) => {
      await addTag(user, 'Новый тег');
      await done('panel.done_tag_added', { tag: 'Новый тег' });
    },
  },
  {
    site: 'tag add: patch', method: 'PATCH', match: /^PATCH/,
    act: (user) => addTag(user, 'Новый тег'),
    kept: () => expect(screen.getByRole('textbox', { name: name('panel.add_tag') })).toHaveValue('Новый тег'),
    recover: async (user) => {
      await addTag(user, 'Новый тег');
      await done('panel.done_tag_added', { tag: 'Новый тег' });
    },
  },
  {
    site: 'tag remove', method: 'PATCH', match: /^PATCH/,
    act: async (user) => user.click(screen.getByRole('button', { name: name('panel.remove_tag', { name: 'VIP' }) })),
    recover: async (user) => {
      await user.click(screen.getByRole('button', { name: name('panel.remove_tag', { name: 'VIP' }) }));
      await done('panel.done_tag_removed', { tag: 'VIP' });
    },
  },
  {
    site: 'tag search', method: 'GET', match: /^GET \/api\/v4\/leads\/tags\?/, silent: true,
    act: async (user) => {
      await user.type(screen.getByRole('textbox', { name: name('panel.add_tag') }), 'Ho');
      await new Promise((r) => setTimeout(r, 450));
    },
    kept: () => expect(screen.getByRole('textbox', { name: name('panel.add_tag') })).toHaveValue('Ho'),
    recover: async (user) => {
      await user.type(screen.getByRole('textbox', { name: name('panel.add_tag') }), 't');
      await screen.findByRole('option', { name: 'Hot' }, { timeout: 2000 });
    },
  },
];

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));
beforeEach(() => {
  unhandled = [];
  jest.spyOn(console, 'error');
});
afterEach(() => {
  cleanup();
  expect(unhandled).toEqual([]);
  expect(console.error).not.toHaveBeenCalled();
  jest.restoreAllMocks();
});

function mountPanel() {
  const server = createFakeServer({ id: 5, name: 'Сделка', price: 100, status_id: 11, pipeline_id: 1, loss_reason_id: null, tags: [{ id: 1, name: 'VIP', color: 'FFCC00' }] });
  const api = createApiClient({ transport: server.transport, retry: { attempts: 3, baseDelayMs: 1 }, timeoutMs: 150 });
  const services: HostServices = {
    t, locale: 'ru', api, currency: 'RUB', settings: DEFAULT_SETTINGS, rights: null,
    subscribeLead: () => () => undefined, reloadCard: () => undefined,
    cardContacts: async () => [], userName: () => null, loadMoveStep: async () => createMoveStep,
  };
  const view = () => render(<LeadPanel leadId={5} services={services} />);
  return { server, view };
}

const cases = SITES.flatMap((site) => KINDS.map(([kind, key]) => [site.site, kind, key, site] as const));

test.each(cases)('%s × %s', async (_site, kind, key, site) => {
  const user = userEvent.setup();
  const { server, view } = mountPanel();
  const isLoad = site.site.startsWith('load');
  if (isLoad) server.fail(kind, site.match, repeats(kind, site.method));
  let mounted = view();
  if (!isLoad) {
    await ready();
    server.fail(kind, site.match, repeats(kind, site.method));
  }
  await site.act(user);
  if (site.silent) {
    await new Promise((r) => setTimeout(r, 50));
    expect(alerts()).toBe('');
  } else {
    const messageKey = kind === '403' && site.forbiddenKey ? site.forbiddenKey : key;
    const expected = t(messageKey).split('{')[0].trim();
    await waitFor(() => expect(alerts()).toContain(expected), { timeout: 3000 });
  }
  site.kept?.();
  // A 403 leaves the panel read-only by design; the user gets the writable panel back by reopening the card.
  if (kind === '403' && !isLoad) {
    mounted.unmount();
    mounted = view();
    await ready();
  }
  await site.recover(user);
  mounted.unmount();
});

test.each(KINDS)('settings page: pipelines load × %s shows the failure and Retry recovers', async (kind) => {
  const server = createFakeServer({ id: 5, name: 'x', price: 0, status_id: 11, pipeline_id: 1, loss_reason_id: null, tags: [] });
  const api = createApiClient({ transport: server.transport, retry: { attempts: 3, baseDelayMs: 1 }, timeoutMs: 150 });
  server.fail(kind, /pipelines/, repeats(kind, 'GET'));
  const user = userEvent.setup();
  render(<SettingsPage t={t} api={api} initial={DEFAULT_SETTINGS} accountHost="a.amocrm.ru" onChange={() => undefined} />);
  await screen.findByText(t('setup.pipelines_failed'), undefined, { timeout: 3000 });
  await user.click(screen.getByRole('button', { name: t('panel.retry') }));
  await screen.findByRole('option', { name: 'Sales' });
});
