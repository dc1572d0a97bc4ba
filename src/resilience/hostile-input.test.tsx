// Property-based hostile input: whatever a user types or the API returns, nothing crashes, no invalid PATCH
// is ever sent, and no markup from data is ever executed or rendered as elements. The API is the sandbox's
// in-memory amoCRM (src/testing/amocrm.ts), so every PATCH also passes the mock's own validation.
import { h } from 'preact';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import fc from 'fast-check';
import { createApiClient } from '../api/client';
import { MAX_BUDGET } from '../domain';
import { LeadPanel } from '../lead-panel/LeadPanel';
import createMoveStep from '../lead-panel/move-step';
import { DEFAULT_SETTINGS } from '../contracts/settings';
import { createTranslate } from '../contracts/translate';
import type { HostServices } from '../contracts/services';
import en from '../../i18n/en.json';
import { buildSeed, createTestAmo, TEST_TAGS } from '../testing/amocrm';

const t = createTranslate(en);

function mount(name = 'Deal', tagName = 'VIP') {
  const tag = { id: 1, name: tagName, color: null };
  const { amo, transport } = createTestAmo({ seed: buildSeed({ lead: { name, tags: [tag] }, tags: [tag, TEST_TAGS[1]] }) });
  const api = createApiClient({ transport, retry: { attempts: 1, baseDelayMs: 1 } });
  const services: HostServices = { t, locale: 'en', api, currency: 'RUB', settings: DEFAULT_SETTINGS, rights: null, subscribeLead: () => () => undefined, reloadCard: () => undefined, cardContacts: async () => [], userName: () => null, loadMoveStep: async () => createMoveStep };
  render(<LeadPanel leadId={5} services={services} />);
  return amo;
}

const budgetText = fc.oneof(
  fc.string(),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.double().map(String),
  fc.constantFrom('1e9', '1,5', '1.000.000', '١٢٣', '１２３', ' 42 ', '0x10', '-0', '', '   ', '9'.repeat(400), '2 147 483 648', '1\u00a0000'),
);

afterEach(cleanup);

test('random budgets: the panel never crashes and every PATCH it sends is a valid {price}', async () => {
  await fc.assert(
    fc.asyncProperty(budgetText, async (text) => {
      const amo = mount();
      await screen.findByRole('heading', { name: 'Deal' });
      const box = screen.getByRole('textbox', { name: 'Budget' });
      fireEvent.input(box, { target: { value: text } });
      fireEvent.keyDown(box, { key: 'Enter' });
      await act(() => new Promise((r) => setTimeout(r, 0)));
      for (const req of amo.requests.filter((r) => r.method === 'PATCH')) {
        expect(Object.keys(req.body as object)).toEqual(['price']);
        const price = (req.body as { price: number }).price;
        expect(Number.isSafeInteger(price) && price >= 0 && price <= MAX_BUDGET).toBe(true);
      }
      expect(screen.getByRole('heading', { name: 'Deal' })).toBeInTheDocument();
      cleanup();
    }),
    { numRuns: 60 },
  );
});

const hostileName = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom('<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '"><svg onload=alert(1)>', "'; DROP TABLE leads; --", '🚀 صفقة', 'x'.repeat(10000), '\u202eevil', '  '),
);

test('random tag names: blanks, duplicates and overlong names never reach the API; others go as tags_to_add by id', async () => {
  await fc.assert(
    fc.asyncProperty(hostileName, async (text) => {
      const amo = mount();
      await screen.findByRole('heading', { name: 'Deal' });
      const box = screen.getByRole('textbox', { name: 'Add tag' });
      fireEvent.input(box, { target: { value: text } });
      fireEvent.keyDown(box, { key: 'Enter' });
      await act(() => new Promise((r) => setTimeout(r, 0)));
      await waitFor(() => expect(screen.getByRole('heading', { name: 'Deal' })).toBeInTheDocument());
      const trimmed = text.replace(/\s+/g, ' ').trim();
      const posts = amo.requests.filter((r) => r.method === 'POST');
      if (trimmed === '' || trimmed.length > 255 || trimmed.toLowerCase() === 'vip') expect(posts).toEqual([]);
      for (const req of amo.requests.filter((r) => r.method === 'PATCH')) {
        expect(req.body).not.toHaveProperty('_embedded');
        expect((req.body as { tags_to_add: { id: number }[] }).tags_to_add.every((r) => Number.isInteger(r.id))).toBe(true);
      }
      cleanup();
    }),
    { numRuns: 40 },
  );
});

test('names with markup from the API render as text, never as elements', async () => {
  await fc.assert(
    fc.asyncProperty(hostileName, hostileName, async (dealName, tagName) => {
      mount(dealName, tagName);
      await waitFor(() => expect(document.querySelector('.lqa-panel[data-state="ready"]')).not.toBeNull());
      const panel = document.querySelector('.lqa-panel')!;
      expect(panel.querySelectorAll('img, script, svg, iframe').length).toBe(0);
      expect(panel.querySelector('h3')!.textContent).toBe(dealName || 'Deal #5');
      expect(panel.textContent).toContain(tagName);
      cleanup();
    }),
    { numRuns: 40 },
  );
});
