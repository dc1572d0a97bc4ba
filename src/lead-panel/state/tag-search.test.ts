import { fakeClock } from '../../api/testing';
import type { Tag } from '../../domain/types';
import { MAX_SUGGESTIONS, suggestionsFor, TAG_SEARCH_DEBOUNCE_MS, TagSearch } from './tag-search';

const VIP: Tag = { id: 1, name: 'VIP', color: null };
const HOT: Tag = { id: 2, name: 'Hot', color: '#ff0000' };

function setup(answer: (q: string, signal?: AbortSignal) => Promise<Tag[]>) {
  const { clock, advance, flush } = fakeClock();
  const found: (readonly Tag[])[] = [];
  const searchTags = jest.fn(answer);
  const search = new TagSearch({ api: { searchTags }, clock, onFound: (tags) => found.push(tags) });
  return { search, searchTags, found, advance, flush };
}

describe('TagSearch', () => {
  it('asks once per pause on its clock, never for an empty box, and answers a repeated query from the cache', async () => {
    const { search, searchTags, found, advance } = setup(async () => [VIP]);
    search.query('v');
    search.query('vi');
    search.query('  ');
    search.query('vip');
    await advance(TAG_SEARCH_DEBOUNCE_MS - 1);
    expect(searchTags).not.toHaveBeenCalled();
    await advance(1);
    expect(searchTags.mock.calls.map((c) => c[0])).toEqual(['vip']);
    expect(found).toEqual([[VIP]]);
    search.query('VIP ');
    expect(found).toHaveLength(2);
    expect(searchTags).toHaveBeenCalledTimes(1);
  });

  it('drops a late answer to an older query and aborts its request', async () => {
    let first!: (tags: Tag[]) => void;
    const signals: AbortSignal[] = [];
    const { search, found, advance } = setup(
      (q, signal) =>
        new Promise((resolve) => {
          signals.push(signal!);
          if (q === 'h') first = resolve;
          else resolve([HOT]);
        }),
    );
    search.query('h');
    await advance(TAG_SEARCH_DEBOUNCE_MS);
    search.query('ho');
    expect(signals[0].aborted).toBe(true);
    await advance(TAG_SEARCH_DEBOUNCE_MS);
    first([VIP]);
    await advance(0);
    expect(found).toEqual([[HOT]]);
  });

  it('a failed lookup answers nothing found and remembers nothing', async () => {
    const { search, found, advance } = setup(async () => Promise.reject(new Error('down')));
    search.query('x');
    await advance(TAG_SEARCH_DEBOUNCE_MS);
    expect(found).toEqual([[]]);
    expect(search.knownTags).toEqual([]);
  });

  it('remembers tags it met, newest first, and finds them by name in any case', async () => {
    const { search, advance } = setup(async () => [VIP, HOT]);
    search.query('a');
    await advance(TAG_SEARCH_DEBOUNCE_MS);
    search.remember([{ ...HOT, color: null }]);
    expect(search.knownTags.map((t) => [t.id, t.color])).toEqual([
      [2, null],
      [1, null],
    ]);
    expect(search.byName('  vip ')).toEqual(VIP);
    expect(search.byName('cold')).toBeUndefined();
  });

  it('suggests matching tags the deal does not carry, at most MAX_SUGGESTIONS', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ id: 100 + i, name: `tag ${i}`, color: null }));
    expect(suggestionsFor([VIP, HOT], [VIP], '')).toEqual([HOT]);
    expect(suggestionsFor([VIP, HOT], [], 'o')).toEqual([HOT]);
    expect(suggestionsFor(many, [], 'TAG')).toHaveLength(MAX_SUGGESTIONS);
  });
});
