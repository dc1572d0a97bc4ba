// Tag suggestions while the user types "Add tag": a request only after a pause, the last query's answer only,
// answers cached per query, and the tags met on the way remembered (so a typed known name is added by id).
import type { ApiClient } from '../../api/types';
import type { Clock } from '../../contracts/clock';
import { normalizeTagName, tagNameKey } from '../../domain/tags';
import type { Tag } from '../../domain/types';

export const TAG_SEARCH_DEBOUNCE_MS = 300;
export const MAX_SUGGESTIONS = 10;
const CACHED_QUERIES = 20;
const REMEMBERED_TAGS = 500;

/** Tags that match `text`, minus those the deal already carries. */
export function suggestionsFor(tags: readonly Tag[], onDeal: readonly Tag[], text = ''): Tag[] {
  const carried = new Set(onDeal.map((t) => t.id));
  const query = tagNameKey(text);
  return tags
    .filter((t) => !carried.has(t.id) && tagNameKey(t.name).includes(query))
    .slice(0, MAX_SUGGESTIONS);
}

export interface TagSearchOptions {
  api: Pick<ApiClient, 'searchTags'>;
  clock: Clock;
  /** The answer for the latest query (after a pause, or at once from the cache). */
  onFound(tags: readonly Tag[]): void;
}

export class TagSearch {
  private cache = new Map<string, readonly Tag[]>();
  private known: Tag[] = [];
  private timer: unknown = null;
  private controller: AbortController | null = null;

  constructor(private readonly options: TagSearchOptions) {}

  /** Tags met in answers (newest first), for names typed by hand and for the optimistic view. */
  get knownTags(): readonly Tag[] {
    return this.known;
  }

  remember(tags: readonly Tag[]) {
    const fresh = tags.filter((t) => t.id > 0);
    this.known = [...fresh, ...this.known.filter((t) => !fresh.some((f) => f.id === t.id))].slice(
      0,
      REMEMBERED_TAGS,
    );
  }

  /** A known tag with this name (any case), if any. */
  byName(name: string): Tag | undefined {
    const key = tagNameKey(name);
    return this.known.find((t) => tagNameKey(t.name) === key);
  }

  /** Looks `text` up after a pause; a cached query answers at once. An empty box asks nothing. */
  query(text: string) {
    this.stop();
    const query = normalizeTagName(text);
    if (!query) return;
    const cached = this.cache.get(query.toLowerCase());
    if (cached) return this.options.onFound(cached);
    this.timer = this.options.clock.setTimeout(() => void this.search(query), TAG_SEARCH_DEBOUNCE_MS);
  }

  private async search(query: string) {
    this.timer = null;
    const controller = new AbortController();
    this.controller = controller;
    let found: readonly Tag[] = [];
    try {
      found = await this.options.api.searchTags(query, controller.signal);
      this.remember(found);
      if (this.cache.size >= CACHED_QUERIES) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(query.toLowerCase(), found);
    } catch {
      // A failed lookup is not the user's error: typing a new name and Enter still works.
    }
    // A late answer to an older query is dropped: the user typed on.
    if (this.controller !== controller) return;
    this.controller = null;
    this.options.onFound(found);
  }

  /** Forgets the pending pause and request (the user added the tag or left). */
  stop() {
    this.options.clock.clearTimeout(this.timer);
    this.timer = null;
    this.controller?.abort();
    this.controller = null;
  }
}
