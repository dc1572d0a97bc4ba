// A tag's identity: two names are the same tag when they match after normalising, whatever their case.
import type { Tag, TagRef } from './types';

/** Longer tag names (in characters, i.e. code points) are refused here: the API's own limit is undocumented. */
export const MAX_TAG_NAME = 255;

/** Collapses whitespace runs, drops control and zero-width characters, trims. */
export function normalizeTagName(name: string): string {
  return name
    .replace(/[\p{Cc}\u200b\u2060\ufeff]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Case-insensitive identity of a tag name (locale-independent, so Turkish "I" does not change results). */
export const tagNameKey = (name: string) => normalizeTagName(name).toLowerCase();

/** One key space for ids and names, so a set can hold both kinds of reference. */
export const tagRefKey = (ref: TagRef) => ('id' in ref ? `#${ref.id}` : `=${tagNameKey(ref.name)}`);

export const isSameTag = (tag: Tag, ref: TagRef) =>
  'id' in ref ? tag.id === ref.id : tagNameKey(tag.name) === tagNameKey(ref.name);

/** A stable negative id for a tag not created yet, so its chip keeps its identity across re-renders. */
export function provisionalTagId(name: string): number {
  let hash = 7;
  for (const ch of tagNameKey(name)) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) % 1_000_000_007;
  return -(hash + 1);
}
