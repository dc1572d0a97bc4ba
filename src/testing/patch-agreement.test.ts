// The client's one implementation of "what a PATCH does to a deal" (src/domain/patch.ts: the optimistic view,
// undo) and the server's one implementation (the sandbox's API routes, which every browser test and `npm start`
// use) agree: for random patches the domain's own builders produce, the predicted deal equals the deal the
// in-memory amoCRM serves after applying the PATCH — price, stage, pipeline, loss reason, tags and field values.
import fc from 'fast-check';
import { parseCustomFieldPage, parseLead, parsePipelines, parseTags } from '../api/parse';
import {
  applyPatch,
  budgetPatch,
  controlFor,
  fieldPatch,
  MAX_BUDGET,
  stagePatch,
  tagsPatch,
  type FieldDraft,
} from '../domain';
import type { CustomField, FieldPatch, Lead, LeadFieldValues, LeadPatch, Tag, TagRef } from '../domain/types';
import { buildSeed, createTestAmo, SALES, testPipeline } from './amocrm';
import type { StoredLead, StoredTag } from './amocrm';
import { LOST_STATUS_ID, WON_STATUS_ID } from '../domain/stages';

const PIPELINES = [
  SALES,
  testPipeline(2, 'Partners', ['Intro', 'Pilot'], { won: 'Partner', lost: 'Not a fit' }),
];
const DIRECTORY: StoredTag[] = [
  { id: 1, name: 'VIP', color: 'FFCC00' },
  { id: 2, name: 'Hot', color: null },
  { id: 3, name: 'Опт', color: 'D6EAFF' },
  { id: 4, name: 'Повторная продажа', color: null },
  { id: 5, name: 'Tender', color: 'E6E8EA' },
];
const REASONS = [5, 6];
const STAGES = PIPELINES.flatMap((p) => p.statuses.map((s) => [p.id, s.id] as const));
/** Any stage, with closed ones weighted up: the reason rules live there. */
const someStage = fc.oneof(
  { arbitrary: fc.constantFrom(...STAGES), weight: 2 },
  { arbitrary: fc.constantFrom(...STAGES.filter(([, id]) => id === WON_STATUS_ID || id === LOST_STATUS_ID)), weight: 1 },
);

/** Where the deal starts: any stage (Unsorted, open, won, lost with or without a reason), tags, field values. */
const startingLead = fc.record({
  price: fc.integer({ min: 0, max: MAX_BUDGET }),
  stage: someStage,
  reason: fc.constantFrom(null, ...REASONS),
  tags: fc.subarray(DIRECTORY),
  comment: fc.option(fc.constantFrom('Первичный запрос', 'Needs a demo')),
  payment: fc.option(fc.constantFrom(3031, 3032)),
});

type Start = typeof startingLead extends fc.Arbitrary<infer T> ? T : never;

function storedLead(start: Start): Partial<StoredLead> {
  const [pipelineId, statusId] = start.stage;
  return {
    price: start.price,
    pipeline_id: pipelineId,
    status_id: statusId,
    loss_reason_id: statusId === LOST_STATUS_ID ? start.reason : null,
    tags: start.tags.map((t) => ({ ...t })),
    custom_fields_values: [
      ...(start.comment ? [{ field_id: 301, values: [{ value: start.comment }] }] : []),
      ...(start.payment ? [{ field_id: 303, values: [{ enum_id: start.payment }] }] : []),
    ],
  };
}

/** A tag reference the way a person's choice reaches tagsPatch: by id, or by a name in any case. */
const tagRef = (tag: StoredTag) =>
  fc.constantFrom<TagRef>({ id: tag.id }, { name: tag.name }, { name: tag.name.toUpperCase() });
const newTagName = fc.constantFrom('Новый тег', 'Выставка 2025', 'Partner  program', '  Срочно  ', 'vip');

/** What a person could ask for in one go: any of budget, stage (with a reason), tags, required-field values. */
const intent = fc.record(
  {
    budget: fc.integer({ min: 0, max: MAX_BUDGET }),
    stage: fc.record({
      to: someStage,
      reason: fc.constantFrom(null, ...REASONS),
      fields: fc.subarray([301, 302, 303, 304, 305, 306]),
    }),
    add: fc.array(
      fc.oneof(
        fc.constantFrom(...DIRECTORY).chain(tagRef),
        newTagName.map((name) => ({ name })),
      ),
      {
        maxLength: 3,
      },
    ),
    remove: fc.array(fc.constantFrom(...DIRECTORY).chain(tagRef), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

type Intent = typeof intent extends fc.Arbitrary<infer T> ? T : never;

/** What a person types for a field in the panel's required-fields step. */
function draftFor(field: CustomField, seed: number): FieldDraft {
  switch (controlFor(field.type)) {
    case 'number':
      return ['42', '1 500,5', '-3', '0.25'][seed % 4];
    case 'select':
      return String(field.enums[seed % field.enums.length].id);
    case 'multiselect':
      return field.enums
        .filter((_, i) => (seed >> i) & 1 || i === seed % field.enums.length)
        .map((e) => e.id);
    case 'checkbox':
      return true;
    case 'date':
      return ['2025-03-01', '1999-12-31', '2030-06-15'][seed % 3];
    default:
      return ['Срочная поставка', 'https://example.ru/offer', 'Call after 15:00'][seed % 3];
  }
}

/** The PATCH the domain's builders make for the intent, or null when they refuse all of it. */
function buildPatch(lead: Lead, wanted: Intent, fields: CustomField[], seed: number): LeadPatch | null {
  const parts: LeadPatch[] = [];
  if (wanted.budget !== undefined) {
    const built = budgetPatch(lead, String(wanted.budget));
    if (built.ok) parts.push(built.patch);
  }
  if (wanted.stage) {
    const [pipelineId, statusId] = wanted.stage.to;
    const stage = parsePipelines({ _embedded: { pipelines: PIPELINES.map(pipelineJson) } })
      .find((p) => p.id === pipelineId)!
      .stages.find((s) => s.id === statusId)!;
    const values: FieldPatch[] = wanted.stage.fields.flatMap((id, i) => {
      const field = fields.find((f) => f.id === id)!;
      const checked = fieldPatch(field, draftFor(field, seed + i));
      return checked.ok ? [checked.patch] : [];
    });
    const built = stagePatch(lead, stage, wanted.stage.reason, values);
    if (built.ok) parts.push(built.patch);
  }
  if (wanted.add || wanted.remove) {
    const built = tagsPatch(lead, { add: wanted.add ?? [], remove: wanted.remove ?? [] });
    if (built.ok) parts.push(built.patch);
  }
  return parts.length ? Object.assign({}, ...parts) : null;
}

function pipelineJson(p: (typeof PIPELINES)[number]) {
  const { statuses, ...rest } = p;
  return { ...rest, _embedded: { statuses } };
}

/** A field's values as both sides can state them: a choice by enum id, anything else by its value. */
const valuesOf = (fields: readonly LeadFieldValues[]) =>
  Object.fromEntries(
    fields
      .filter((f) => f.values.length)
      .map((f) => [f.fieldId, f.values.map((v) => (v.enumId !== null ? `#${v.enumId}` : v.value))]),
  );

/** Tags: names always; ids where the client can know them (a tag created by name gets its id from the server). */
const tagsOf = (tags: readonly Tag[], known: boolean[]) =>
  tags.map((t, i) => (known[i] ? `${t.id}:${t.name}` : t.name));

/** Which kinds of change a PATCH carries, so the run can show it met every kind the panel sends. */
function kindsOf(before: Lead, patch: LeadPatch): string[] {
  const kinds: string[] = [];
  if (before.lossReasonId !== null && patch.status_id === LOST_STATUS_ID && !patch.loss_reason_id)
    kinds.push('lost again without a reason');
  if (patch.price !== undefined) kinds.push('price');
  if (patch.status_id === WON_STATUS_ID) kinds.push('won');
  else if (patch.status_id === LOST_STATUS_ID)
    kinds.push(patch.loss_reason_id ? 'lost with a reason' : 'lost without one');
  else if (patch.status_id !== undefined) kinds.push('open stage');
  if (patch.pipeline_id === 2) kinds.push('into another pipeline');
  for (const [key, name] of [
    ['tags_to_add', 'add'],
    ['tags_to_delete', 'delete'],
  ] as const)
    for (const ref of patch[key] ?? []) kinds.push(`tag ${name} by ${'id' in ref ? 'id' : 'name'}`);
  if (patch.custom_fields_values) kinds.push('field values');
  return kinds;
}

const EVERY_KIND = [
  'price',
  'won',
  'lost with a reason',
  'lost without one',
  'lost again without a reason',
  'open stage',
  'into another pipeline',
  'tag add by id',
  'tag add by name',
  'tag delete by id',
  'tag delete by name',
  'field values',
];

test('applyPatch(parseLead(before), patch) equals parseLead(GET after the in-memory amoCRM applied the PATCH)', async () => {
  const seen = new Set<string>();
  let compared = 0;
  await fc.assert(
    fc.asyncProperty(startingLead, intent, fc.nat(), async (start, wanted, seed) => {
      const { amo } = createTestAmo({
        seed: buildSeed({ pipelines: PIPELINES, tags: DIRECTORY, lead: storedLead(start) }),
        rateLimit: Infinity,
      });
      const json = async (method: 'GET' | 'PATCH', url: string, body?: unknown) => {
        const answer = await amo.send({ method, url, body });
        // A refused PATCH would show its validation errors here.
        expect({ url, status: answer.status, text: answer.status === 200 ? '' : answer.text }).toEqual({
          url,
          status: 200,
          text: '',
        });
        return JSON.parse(answer.text) as unknown;
      };
      const url = '/api/v4/leads/5?with=contacts,loss_reason,source_id';
      const before = parseLead(await json('GET', url));
      const fields = parseCustomFieldPage(
        await json('GET', '/api/v4/leads/custom_fields?limit=250&page=1'),
      ).fields;
      const knownTags = parseTags(await json('GET', '/api/v4/leads/tags?limit=250'));
      const patch = buildPatch(before, wanted, fields, seed);
      if (!patch) return;
      const predicted = applyPatch(before, patch, knownTags);
      await json('PATCH', '/api/v4/leads/5', patch);
      const after = parseLead(await json('GET', url));
      compared++;
      kindsOf(before, patch).forEach((kind) => seen.add(kind));
      const known = predicted.tags.map((t) => t.id > 0);
      const view = (lead: Lead) => ({
        price: lead.price,
        statusId: lead.statusId,
        pipelineId: lead.pipelineId,
        lossReasonId: lead.lossReasonId,
        tags: tagsOf(lead.tags, known),
        fields: valuesOf(lead.customFields),
      });
      expect(view(after)).toEqual(view(predicted));
    }),
    { numRuns: 500 },
  );
  // The builders refuse some intents (same stage, same budget, duplicates); most must still get compared, and
  // every kind of change the panel sends must have been met.
  expect(compared).toBeGreaterThan(350);
  expect([...seen].sort()).toEqual([...EVERY_KIND].sort());
});

// Once a disagreement (the optimistic view listed a tag added by name and by id twice; the server keeps one).
test('a tag added by its name and by its id in one PATCH appears once on both sides', async () => {
  const { amo } = createTestAmo({ seed: buildSeed({ tags: DIRECTORY, lead: { tags: [] } }) });
  const url = '/api/v4/leads/5?with=contacts,loss_reason,source_id';
  const before = parseLead(JSON.parse((await amo.send({ method: 'GET', url })).text));
  const built = tagsPatch(before, { add: [{ name: 'Hot' }, { id: 2 }] });
  expect(built.ok).toBe(true);
  const patch = built.ok ? built.patch : {};
  await amo.send({ method: 'PATCH', url: '/api/v4/leads/5', body: patch });
  const after = parseLead(JSON.parse((await amo.send({ method: 'GET', url })).text));
  expect(after.tags.map((t) => t.id)).toEqual([2]);
  expect(applyPatch(before, patch, DIRECTORY).tags.map((t) => t.id)).toEqual([2]);
});
