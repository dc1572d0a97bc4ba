// Every file in shared/fixtures goes through the code that would meet it in production.
import { errorMessage } from '../ui/error-message';
import { classifyResponse } from './errors';
import {
  parseAccount,
  parseCustomFieldPage,
  parseLead,
  parseLossReasons,
  parsePatchResult,
  parsePipeline,
  parsePipelines,
  parseTags,
} from './parse';
import { budgetPatch, stagePatch, tagsPatch } from '../domain';
import { fixture, fixtureNames, fixtureText, makeLead, makeStage } from './testing';
import type { HttpResponse } from './types';
import type { Lead } from '../domain/types';
import { LOST_STATUS_ID, WON_STATUS_ID } from '../domain/stages';

const problemJson = (status: number, name: string): HttpResponse => ({
  status,
  contentType: 'application/problem+json',
  text: fixtureText(name),
});
const leadsOf = (name: string): Lead[] => {
  const body = fixture(name) as { _embedded: { leads: unknown[] } };
  return body._embedded.leads.map(parseLead);
};
const HEX = /^#[0-9a-f]{6}$/;

/** One check per fixture file; the last test proves the table covers the whole folder. */
const CHECKS: Record<string, () => void> = {
  'lead_with_embedded_loss_reason_contacts_source_doc.json': () => {
    const lead = parseLead(fixture('lead_with_embedded_loss_reason_contacts_source_doc.json'));
    expect(lead).toMatchObject({
      id: 3912171,
      name: 'Example',
      price: 12,
      statusId: LOST_STATUS_ID,
      pipelineId: 3104455,
    });
    // `_embedded.loss_reason` is an array here; the lead's own loss_reason_id agrees with it.
    expect(lead.lossReason).toEqual({ id: 4203748, name: 'Пропала потребность', sort: 100000 });
    expect(lead.lossReasonId).toBe(4203748);
    expect(lead.tags).toEqual([{ id: 100667, name: 'тест', color: null }]);
    expect(lead.mainContactId).toBe(10971465);
    expect(lead.contactIds).toEqual([10971465]);
    expect(lead.sourceId).toBe(1876532);
    expect(lead.sourceName).toBe('API');
    expect(lead.updatedAt).toBe(1590683337);
    expect(lead.isDeleted).toBe(false);
  },
  'leads_list_real_account.json': () => {
    const leads = leadsOf('leads_list_real_account.json');
    expect(leads).toHaveLength(7);
    expect(leads[0]).toMatchObject({
      id: 37948215,
      price: 0,
      sourceId: null,
      lossReason: null,
      mainContactId: null,
    });
    expect(leads.find((l) => l.id === 38473079)?.price).toBe(2000);
  },
  'leads_list_closed_won_page2_doc.json': () => {
    const leads = leadsOf('leads_list_closed_won_page2_doc.json');
    expect(leads.map((l) => [l.id, l.statusId, l.price])).toEqual([
      [19619, WON_STATUS_ID, 46333],
      [14460, WON_STATUS_ID, 655],
    ]);
    expect(leads[0].closedAt).toBe(1483005931);
  },
  'lead_real_lost_with_tracking_fields.json': () => {
    const [lead] = leadsOf('lead_real_lost_with_tracking_fields.json');
    // Lost without a reason, numeric custom fields as strings, tracking_data: none of it breaks the lead.
    expect(lead).toMatchObject({
      id: 9228191,
      statusId: LOST_STATUS_ID,
      price: 124000,
      lossReasonId: null,
      lossReason: null,
    });
    expect(lead.sourceId).toBeNull();
  },
  'lead_real_many_field_types.json': () => {
    const lead = parseLead(fixture('lead_real_many_field_types.json'));
    expect(lead).toMatchObject({
      id: 39060590,
      price: 0,
      statusId: 61095973,
      pipelineId: 7341297,
      closedAt: null,
    });
    expect(lead.tags).toEqual([
      { id: 530830, name: 'FB/SS/ребенок опередит сверстников/eln/24.04/alm', color: null },
    ]);
    expect(lead.contactIds).toEqual([]);
  },
  'pipelines_doc.json': () => {
    const [pipeline, ...rest] = parsePipelines(fixture('pipelines_doc.json'));
    expect(rest).toEqual([]);
    expect(pipeline).toMatchObject({ id: 3177727, name: 'Воронка', isMain: true, isArchive: false });
    expect(pipeline.stages.map((s) => [s.id, s.kind])).toEqual([
      [32392156, 'unsorted'],
      [32392159, 'open'],
      [32392165, 'open'],
      [WON_STATUS_ID, 'won'],
      [LOST_STATUS_ID, 'lost'],
    ]);
    expect(pipeline.stages.find((s) => s.id === WON_STATUS_ID)?.color).toBe('#ccff66');
    expect(pipeline.stages.every((s) => HEX.test(s.color) && s.pipelineId === 3177727)).toBe(true);
  },
  'pipelines_real_embedded_array.json': () => {
    const pipelines = parsePipelines(fixture('pipelines_real_embedded_array.json'));
    expect(pipelines).toHaveLength(2);
    for (const p of pipelines) {
      // Renamed won/lost stages ("Заказ вручен") are still matched by id.
      expect(p.stages.filter((s) => s.kind === 'won').map((s) => s.id)).toEqual([WON_STATUS_ID]);
      expect(p.stages.filter((s) => s.kind === 'lost').map((s) => s.id)).toEqual([LOST_STATUS_ID]);
      expect(p.stages.filter((s) => s.kind === 'unsorted')).toHaveLength(1);
      expect(p.stages.map((s) => s.sort)).toEqual([...p.stages.map((s) => s.sort)].sort((a, b) => a - b));
    }
    expect(pipelines[0].stages.find((s) => s.id === WON_STATUS_ID)?.name).toBe('Заказ вручен');
  },
  'pipeline_by_id_shard152_doc.json': () => {
    const pipeline = parsePipeline(fixture('pipeline_by_id_shard152_doc.json'));
    expect(pipeline.id).toBe(3177727);
    expect(pipeline.stages[0].kind).toBe('unsorted');
    expect(pipeline.stages[pipeline.stages.length - 1].kind).toBe('lost');
  },
  'pipeline_statuses_with_descriptions_doc.json': () => {
    const statuses = fixture('pipeline_statuses_with_descriptions_doc.json') as { _embedded: unknown };
    const pipeline = parsePipeline({ id: 3177727, name: 'Воронка', _embedded: statuses._embedded });
    expect(pipeline.stages.map((s) => s.kind)).toEqual(['unsorted', 'open', 'open', 'won', 'lost']);
  },
  'tags_list_doc.json': () => {
    expect(parseTags(fixture('tags_list_doc.json'))).toEqual([
      { id: 2707, name: 'Заявка с сайта', color: '#ebebeb' },
      { id: 2709, name: 'Техническая поддержка', color: null },
    ]);
  },
  'tags_create_response_doc.json': () => {
    const tags = parseTags(fixture('tags_create_response_doc.json'));
    expect(tags.map((t) => t.id)).toEqual([263807, 263809, 263811]);
    expect(tags[0].color).toBe('#ddebb5');
  },
  'loss_reasons_list_thirdparty.json': () => {
    expect(parseLossReasons(fixture('loss_reasons_list_thirdparty.json'))).toEqual([
      { id: 21403207, name: 'Insufficient budget', sort: 0 },
      { id: 21403211, name: 'Product does not fit need', sort: 1 },
    ]);
  },
  'account_with_embedded_doc.json': () => {
    expect(parseAccount(fixture('account_with_embedded_doc.json'))).toEqual({
      id: 1231414,
      subdomain: 'example',
      currentUserId: 581651,
      isLossReasonEnabled: true,
      currency: null,
    });
  },
  'lead_patch_single_response_doc.json': () => {
    expect(parsePatchResult(fixture('lead_patch_single_response_doc.json'))).toEqual({
      id: 167353,
      updatedAt: 1588928155,
    });
  },
  'lead_patch_batch_response_doc.json': () => {
    expect(parsePatchResult(fixture('lead_patch_batch_response_doc.json'))).toEqual({
      id: 54886,
      updatedAt: 1589556420,
    });
  },
  'lead_patch_batch_request_doc.json': () => {
    // The doc's own PATCH example: every key our builders emit is one it uses, and never `_embedded`.
    const docKeys = new Set((fixture('lead_patch_batch_request_doc.json') as object[]).flatMap(Object.keys));
    const lead = makeLead();
    const built = [
      stagePatch(lead, makeStage(LOST_STATUS_ID, 'lost', 47521), 7323),
      budgetPatch(lead, '50 000'),
      tagsPatch(lead, { add: [{ name: 'Второй тег' }], remove: [{ name: 'VIP' }] }),
    ];
    for (const result of built) {
      if (!result.ok) throw new Error(result.errorKey);
      for (const key of Object.keys(result.patch)) expect(docKeys.has(key) && key !== '_embedded').toBe(true);
    }
  },
  'error_400_validation_real.json': () => {
    const error = classifyResponse(problemJson(400, 'error_400_validation_real.json'))!;
    expect(error.kind).toBe('validation');
    expect(error.problems).toEqual([
      {
        path: 'custom_fields_values.6.values.0.value',
        code: 'NotSupportedChoice',
        detail: 'The value you selected is not a valid choice.',
      },
    ]);
    expect(errorMessage(error).key).toBe('errors.validation');
  },
  'error_400_validation_doc.json': () => {
    const error = classifyResponse(problemJson(400, 'error_400_validation_doc.json'))!;
    expect(error.kind).toBe('validation');
    expect(error.problems[0].path).toBe('custom_fields_values.0.field_id');
    expect(errorMessage(error).vars?.detail).toBe('The value you selected is not a valid choice.');
  },
  'error_400_invalid_request_body_loss_reason_real.json': () => {
    const error = classifyResponse(problemJson(400, 'error_400_invalid_request_body_loss_reason_real.json'))!;
    expect(error.kind).toBe('validation');
    expect(error.detail).toBe('Loss reason can be specified only for lost lead');
    expect(errorMessage(error).key).toBe('errors.validation_loss_reason');
  },
  'error_400_code_244_no_rights_real.json': () => {
    const error = classifyResponse(problemJson(400, 'error_400_code_244_no_rights_real.json'))!;
    expect(error.kind).toBe('no_rights');
    expect(errorMessage(error).key).toBe('errors.no_rights');
  },
  'error_401_real.json': () => {
    const error = classifyResponse(problemJson(401, 'error_401_real.json'))!;
    expect([error.kind, error.status, errorMessage(error).key]).toEqual([
      'unauthorized',
      401,
      'errors.unauthorized',
    ]);
  },
  'error_404_loss_reason_thirdparty.json': () => {
    const error = classifyResponse(problemJson(404, 'error_404_loss_reason_thirdparty.json'))!;
    expect([error.kind, error.detail]).toEqual(['not_found', 'Loss reason not found']);
  },
  'custom_fields_list_doc.json': () => {
    const page = parseCustomFieldPage(fixture('custom_fields_list_doc.json'));
    // `_links.next` is there (page 1 of 10): the caller must go on reading.
    expect(page.hasNext).toBe(true);
    expect(page.fields).toEqual([
      {
        id: 4439091,
        name: 'Пример текстового поля',
        code: null,
        sort: 504,
        type: 'text',
        enums: [],
        requiredStatuses: [{ statusId: 41221, pipelineId: 3142 }],
        isApiOnly: false,
      },
      expect.objectContaining({ id: 4440043, type: 'date', requiredStatuses: [] }),
    ]);
  },
  // Outside this client's calls (settings page and admin-only users list): their shapes are still read
  // by the parsers that would meet them by mistake, which must refuse them cleanly.
  'unsorted_forms_request_with_visitor_uid_doc.json': () => {
    expect(() => parseLead(fixture('unsorted_forms_request_with_visitor_uid_doc.json'))).toThrow(
      expect.objectContaining({ kind: 'malformed' }),
    );
  },
  'unsorted_form_detail_metadata_visitor_uid_doc.json': () => {
    expect(() => parseLead(fixture('unsorted_form_detail_metadata_visitor_uid_doc.json'))).toThrow(
      expect.objectContaining({ kind: 'malformed' }),
    );
  },
  'users_list_with_rights_doc.json': () => {
    expect(() => parsePipelines(fixture('users_list_with_rights_doc.json'))).toThrow(
      expect.objectContaining({ kind: 'malformed' }),
    );
  },
};

describe('shared fixtures', () => {
  it.each(Object.keys(CHECKS))('%s', (name) => CHECKS[name]());

  it('every fixture in the folder has a check', () => {
    expect(fixtureNames().filter((name) => !(name in CHECKS))).toEqual([]);
  });
});
