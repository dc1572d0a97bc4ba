import fc from 'fast-check';
import {
  budgetPatch,
  MAX_BUDGET,
  MAX_TAG_NAME,
  normalizeTagName,
  parseBudget,
  stagePatch,
  tagsPatch,
} from '.';
import { makeLead as lead, makeStage as stage } from '../api/testing';
import type { LeadPatch } from './types';

describe('stagePatch', () => {
  it('sends status_id always with pipeline_id, and nothing else', () => {
    expect(stagePatch(lead(), stage(11, 'open'))).toEqual({
      ok: true,
      patch: { status_id: 11, pipeline_id: 1 },
    });
    // Won exists with the same id in every pipeline: the pipeline says which one.
    expect(stagePatch(lead(), stage(142, 'won', 2))).toEqual({
      ok: true,
      patch: { status_id: 142, pipeline_id: 2 },
    });
  });

  it('adds loss_reason_id only when closing as lost with a reason', () => {
    expect(stagePatch(lead(), stage(143, 'lost'), 5)).toEqual({
      ok: true,
      patch: { status_id: 143, pipeline_id: 1, loss_reason_id: 5 },
    });
    expect(stagePatch(lead(), stage(143, 'lost'), null)).toEqual({
      ok: true,
      patch: { status_id: 143, pipeline_id: 1 },
    });
    expect(stagePatch(lead(), stage(11, 'open'), 5)).toEqual({
      ok: true,
      patch: { status_id: 11, pipeline_id: 1 },
    });
    expect(stagePatch(lead(), stage(142, 'won'), 5)).toEqual({
      ok: true,
      patch: { status_id: 142, pipeline_id: 1 },
    });
    expect(stagePatch(lead(), stage(143, 'lost'), 1.5)).toEqual({
      ok: true,
      patch: { status_id: 143, pipeline_id: 1 },
    });
  });

  it('refuses Unsorted and the stage the lead is already in; the same id in another pipeline is a move', () => {
    expect(stagePatch(lead(), stage(9, 'unsorted'))).toEqual({
      ok: false,
      errorKey: 'errors.stage_unsorted',
    });
    expect(stagePatch(lead(), stage(10, 'open'))).toEqual({ ok: false, errorKey: 'errors.stage_same' });
    const lost = lead({ statusId: 143, pipelineId: 1 });
    expect(stagePatch(lost, stage(143, 'lost', 1), 5)).toEqual({ ok: false, errorKey: 'errors.stage_same' });
    expect(stagePatch(lost, stage(143, 'lost', 2))).toEqual({
      ok: true,
      patch: { status_id: 143, pipeline_id: 2 },
    });
  });
});

describe('parseBudget / budgetPatch', () => {
  it.each([
    ['1 500 000', 1500000],
    ['1\u00a0500', 1500],
    ['1\u202f500\u202f000', 1500000],
    ['1\u2009500', 1500],
    [' 42 ', 42],
    ['0', 0],
    ['007', 7],
    ['1500000', 1500000],
    ['₽ 1 500', 1500],
    ['$100', 100],
    ['2 500 €', 2500],
    ['2147483647', MAX_BUDGET],
    ['2 147 483 647', MAX_BUDGET],
  ])('%j → %d', (input, value) => {
    expect(parseBudget(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'errors.budget_empty'],
    ['   ', 'errors.budget_empty'],
    ['₽', 'errors.budget_empty'],
    ['-5', 'errors.budget_negative'],
    ['−5', 'errors.budget_negative'],
    ['- 5', 'errors.budget_negative'],
    ['12.5', 'errors.budget_decimal'],
    ['12,50', 'errors.budget_decimal'],
    ['1 500,50', 'errors.budget_decimal'],
    ['.5', 'errors.budget_decimal'],
    ['1,500,000', 'errors.budget_separator'],
    ['1.500', 'errors.budget_separator'],
    ['1e6', 'errors.budget_not_number'],
    ['0x10', 'errors.budget_not_number'],
    ['Infinity', 'errors.budget_not_number'],
    ['NaN', 'errors.budget_not_number'],
    ['abc', 'errors.budget_not_number'],
    ['+5', 'errors.budget_not_number'],
    ['1 50 0', 'errors.budget_not_number'],
    ['١٢٣', 'errors.budget_not_number'],
    ['１２', 'errors.budget_not_number'],
    ['100 руб', 'errors.budget_not_number'],
    ['2147483648', 'errors.budget_too_big'],
    ['99999999999999999999', 'errors.budget_too_big'],
  ])('%j is refused with %s', (input, errorKey) => {
    expect(parseBudget(input)).toEqual({ ok: false, errorKey });
  });

  it('sends {price} only when it changes', () => {
    expect(budgetPatch(lead(), '100')).toEqual({ ok: false, errorKey: 'errors.budget_same' });
    expect(budgetPatch(lead(), '101')).toEqual({ ok: true, patch: { price: 101 } });
    expect(budgetPatch(lead({ price: 5 }), '0')).toEqual({ ok: true, patch: { price: 0 } });
  });

  it('property: any text yields a refusal or exactly {price} with an integer in 0..MAX_BUDGET', () => {
    const hostile = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.integer().map(String),
      fc.bigInt().map(String),
      fc.double().map(String),
      fc.double().map((n) => n.toLocaleString('ru-RU')),
      fc.integer({ min: 0, max: 2 ** 40 }).map((n) => n.toLocaleString('fr-FR')),
      fc.constantFrom('1e3', '-0', '0.0', '  ', '\t1\n', '9'.repeat(400), '1 000 000 000 000'),
    );
    fc.assert(
      fc.property(hostile, fc.integer({ min: 0, max: MAX_BUDGET }), (input, current) => {
        const result = budgetPatch(lead({ price: current }), input);
        if (!result.ok) return expect(result.errorKey).toMatch(/^errors\.budget_[a-z_]+$/);
        expect(Object.keys(result.patch)).toEqual(['price']);
        const price = result.patch.price as number;
        expect(Number.isSafeInteger(price) && price >= 0 && price <= MAX_BUDGET).toBe(true);
        expect(price).not.toBe(current);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: every integer in range typed plainly or grouped by spaces reads back as itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_BUDGET }), (n) => {
        expect(parseBudget(String(n))).toEqual({ ok: true, value: n });
        expect(parseBudget(n.toLocaleString('ru-RU'))).toEqual({ ok: true, value: n });
      }),
    );
  });
});

describe('tagsPatch / normalizeTagName', () => {
  it('adds and removes incrementally, never through _embedded.tags', () => {
    expect(tagsPatch(lead(), { add: [{ name: '  новый   тег ' }] })).toEqual({
      ok: true,
      patch: { tags_to_add: [{ name: 'новый тег' }] },
    });
    expect(tagsPatch(lead(), { remove: [{ id: 1 }] })).toEqual({
      ok: true,
      patch: { tags_to_delete: [{ id: 1 }] },
    });
    expect(tagsPatch(lead(), { add: [{ id: 2 }], remove: [{ name: 'vip' }] })).toEqual({
      ok: true,
      patch: { tags_to_add: [{ id: 2 }], tags_to_delete: [{ name: 'vip' }] },
    });
  });

  it('refuses blanks, duplicates (any case, also within one request), overlong names and empty changes', () => {
    expect(tagsPatch(lead(), { add: [{ name: 'vip' }] })).toEqual({
      ok: false,
      errorKey: 'errors.tag_duplicate',
    });
    expect(tagsPatch(lead(), { add: [{ name: ' V I P ' }] })).toEqual({
      ok: true,
      patch: { tags_to_add: [{ name: 'V I P' }] },
    });
    expect(tagsPatch(lead(), { add: [{ id: 1 }] })).toEqual({ ok: false, errorKey: 'errors.tag_duplicate' });
    expect(tagsPatch(lead(), { add: [{ name: 'Hot' }, { name: 'HOT' }] })).toEqual({
      ok: false,
      errorKey: 'errors.tag_duplicate',
    });
    expect(tagsPatch(lead(), { add: [{ name: ' \u200b\t' }] })).toEqual({
      ok: false,
      errorKey: 'errors.tag_blank',
    });
    expect(tagsPatch(lead(), { add: [{ name: 'x'.repeat(MAX_TAG_NAME + 1) }] })).toEqual({
      ok: false,
      errorKey: 'errors.tag_too_long',
    });
    expect(tagsPatch(lead(), { add: [{ name: '😀'.repeat(MAX_TAG_NAME) }] }).ok).toBe(true);
    expect(tagsPatch(lead(), { remove: [{ name: 'absent' }] })).toEqual({
      ok: false,
      errorKey: 'errors.tag_nothing',
    });
    expect(tagsPatch(lead(), {})).toEqual({ ok: false, errorKey: 'errors.tag_nothing' });
  });

  it('removes each tag once and only tags the lead carries', () => {
    expect(tagsPatch(lead(), { remove: [{ id: 1 }, { id: 1 }, { id: 99 }] })).toEqual({
      ok: true,
      patch: { tags_to_delete: [{ id: 1 }] },
    });
  });

  it('normalizeTagName collapses whitespace and drops control characters', () => {
    expect(normalizeTagName('\u00a0a\n\nb\u0000c\u200b ')).toBe('a b c');
    expect(normalizeTagName('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });

  it('property: hostile names give a refusal or one trimmed, bounded, non-blank name and nothing else', () => {
    const names = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.constantFrom(
        '<script>alert(1)</script>',
        '"\'`',
        'مرحبا',
        '😀👍🏽',
        'x'.repeat(10000),
        'VIP',
        ' vip ',
      ),
    );
    fc.assert(
      fc.property(names, (name) => {
        const result = tagsPatch(lead(), { add: [{ name }] });
        if (!result.ok) return expect(result.errorKey).toMatch(/^errors\.tag_/);
        const patch: LeadPatch = result.patch;
        expect(Object.keys(patch)).toEqual(['tags_to_add']);
        const [added] = patch.tags_to_add as { name: string }[];
        expect(added.name).toBe(normalizeTagName(name));
        expect(added.name.length).toBeGreaterThan(0);
        expect([...added.name].length).toBeLessThanOrEqual(MAX_TAG_NAME);
        expect(added.name.toLowerCase()).not.toBe('vip');
      }),
      { numRuns: 1000 },
    );
  });
});
