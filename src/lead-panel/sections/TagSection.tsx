// Tags: the deal's chips with a remove button each, and the "Add tag" box with suggestions.
import { h } from 'preact';
import type { Translate } from '../../contracts/services';
import { tagNameKey } from '../../domain/tags';
import type { Tag } from '../../domain/types';
import { TagCombobox } from '../../ui/TagCombobox';
import type { DeepReadonly, TagsView } from '../state/types';
import { readableTextOn } from '../format';

export interface TagActions {
  setTagDraft(text: string): void;
  addTag(input?: string | Tag): void;
  removeTag(tag: Tag): void;
  closeSuggestions(): void;
}

export interface TagSectionProps {
  idBase: string;
  /** The admin's one-click tags (settings); those the deal carries are not offered. */
  quickTags: readonly string[];
  /** The deal's tags as shown. */
  carried: readonly DeepReadonly<Tag>[];
  tags: DeepReadonly<TagsView>;
  lockedBy: string | undefined;
  t: Translate;
  actions: TagActions;
}

export function TagSection({ idBase, quickTags, carried, tags, lockedBy, t, actions }: TagSectionProps) {
  const locked = lockedBy !== undefined;
  const errorId = `${idBase}-tag-error`;
  const offered = quickTags.filter((name) => !carried.some((tag) => tagNameKey(tag.name) === tagNameKey(name)));
  return (
    <section class="lqa-section" aria-label={t('panel.tags_section')}>
      <span class="lqa-label">{t('panel.tags')}</span>
      <ul class="lqa-tags">
        {carried.map((tag) => (
          <li
            class="lqa-tag"
            key={tag.id}
            style={tag.color ? { background: tag.color, color: readableTextOn(tag.color) } : undefined}
          >
            <span class="lqa-tag__name" dir="auto" title={tag.name}>
              {tag.name}
            </span>
            <button
              type="button"
              class="lqa-tag__remove"
              aria-label={t('panel.remove_tag', { name: tag.name })}
              aria-describedby={lockedBy}
              disabled={locked}
              onClick={() => actions.removeTag(tag)}
            >
              ×
            </button>
          </li>
        ))}
        {carried.length === 0 && <li class="lqa-meta">{t('panel.no_tags')}</li>}
      </ul>
      <TagCombobox
        id={`${idBase}-tag`}
        label={t('panel.add_tag')}
        listLabel={t('panel.suggestions')}
        placeholder={t('panel.add_tag_placeholder')}
        value={tags.draft}
        options={tags.suggestions.map((tag) => ({ id: tag.id, label: tag.name }))}
        disabled={locked}
        invalid={tags.error !== null}
        errorId={errorId}
        describedBy={lockedBy}
        onInput={(text) => actions.setTagDraft(text)}
        onChoose={(option) => {
          const tag = tags.suggestions.find((s) => s.id === option.id);
          if (tag) actions.addTag(tag);
        }}
        onSubmit={(text) => actions.addTag(text)}
        onCloseList={() => actions.closeSuggestions()}
      >
        <button type="button" class="lqa-button" disabled={locked} onClick={() => actions.addTag()}>
          {t('panel.add')}
        </button>
      </TagCombobox>
      {offered.length > 0 && (
        <div class="lqa-quick-tags" role="group" aria-label={t('fields.quick_tags')}>
          {offered.map((name) => (
            <button
              key={name}
              type="button"
              class="lqa-chip-button"
              disabled={locked}
              aria-describedby={lockedBy}
              aria-label={t('fields.add_quick_tag', { name })}
              onClick={() => actions.addTag(name)}
            >
              <span aria-hidden="true">+ </span>
              <span dir="auto">{name}</span>
            </button>
          ))}
        </div>
      )}
      {tags.error && (
        <p id={errorId} class="lqa-field-error">
          {t(tags.error.key, tags.error.vars)}
        </p>
      )}
    </section>
  );
}
