import { PIPELINES } from '../lead-panel/test-utils';
import { DEFAULT_SETTINGS, parseSettings, type WidgetSettings } from '../contracts/settings';
import { normalizeSiteUrl, settingsWarnings, validateSettings } from './validate';
import { LOST_STATUS_ID, WON_STATUS_ID } from '../domain/stages';

const withLinking = (linking: Partial<WidgetSettings['linking']>): WidgetSettings => ({
  ...DEFAULT_SETTINGS,
  linking: { ...DEFAULT_SETTINGS.linking, ...linking },
});

describe('validateSettings', () => {
  it('the defaults are valid: nothing is required until it is used', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual({});
    expect(validateSettings(parseSettings(''))).toEqual({});
  });

  it.each([
    'https://shop.example',
    'http://shop.example/contact?x=1',
    'shop.example',
    ' www.shop.example/ ',
    'магазин.рф',
  ])('site address %j is accepted', (siteUrl) => {
    expect(validateSettings(withLinking({ siteUrl }))).toEqual({});
  });

  it.each([
    'not a site',
    'ftp://shop.example',
    'javascript:alert(1)',
    'localhost',
    'https://',
    'shop .example',
    '"><script>',
  ])('site address %j is refused', (siteUrl) => {
    expect(validateSettings(withLinking({ siteUrl }))).toEqual({ siteUrl: 'setup.error_site' });
  });

  it('normalizes a bare host to https', () => {
    expect(normalizeSiteUrl('shop.example/path')?.href).toBe('https://shop.example/path');
  });

  it.each(['visitor_uid', '_uid', 'fields[visitor_uid]', 'a-b', 'visitor_uid, uid_copy', 'one,two'])(
    'hidden field %j is a safe HTML name (list)',
    (hiddenField) => {
      expect(validateSettings(withLinking({ hiddenField }))).toEqual({});
    },
  );

  it.each(['', ' , ', '1uid', 'two words', 'a"b', "a'b", 'a<b', 'uid,', 'x'.repeat(65), 'uid;drop'])(
    'hidden field %j is refused',
    (hiddenField) => {
      // A trailing comma alone is harmless (empty names are dropped); everything else here is not.
      const errors = validateSettings(withLinking({ hiddenField }));
      expect(errors).toEqual(hiddenField === 'uid,' ? {} : { hiddenField: 'setup.error_field' });
    },
  );

  it('a stage needs its pipeline, and must belong to it once the pipelines are known', () => {
    expect(validateSettings(withLinking({ pipelineId: null, stageId: 12 }))).toEqual({
      stageId: 'setup.error_stage',
    });
    expect(validateSettings(withLinking({ pipelineId: 1, stageId: 21 }), PIPELINES)).toEqual({
      stageId: 'setup.error_stage',
    });
    expect(validateSettings(withLinking({ pipelineId: 1, stageId: 12 }), PIPELINES)).toEqual({});
    // The host's onSave has no pipelines: it trusts the page, which checked them.
    expect(validateSettings(withLinking({ pipelineId: 1, stageId: 21 }))).toEqual({});
    // A pipeline alone is fine (v4 unsorted forms need no stage).
    expect(validateSettings(withLinking({ pipelineId: 2, stageId: null }), PIPELINES)).toEqual({});
  });

  it('at least one quick action stays shown', () => {
    const none = {
      ...DEFAULT_SETTINGS,
      panel: { ...DEFAULT_SETTINGS.panel, showStage: false, showBudget: false, showTags: false },
    };
    expect(validateSettings(none)).toEqual({ actions: 'setup.error_actions' });
    expect(validateSettings({ ...none, panel: { ...none.panel, showTags: true } })).toEqual({});
  });
});

describe('settingsWarnings', () => {
  it('warns (without blocking) about a won or lost stage, as in the vendor example', () => {
    expect(settingsWarnings(withLinking({ pipelineId: 1, stageId: WON_STATUS_ID }), PIPELINES)).toEqual({
      stageId: 'setup.warn_stage_closed',
    });
    expect(settingsWarnings(withLinking({ pipelineId: 2, stageId: LOST_STATUS_ID }), PIPELINES)).toEqual({
      stageId: 'setup.warn_stage_closed',
    });
    expect(settingsWarnings(withLinking({ pipelineId: 1, stageId: WON_STATUS_ID }))).toEqual({
      stageId: 'setup.warn_stage_closed',
    });
    expect(validateSettings(withLinking({ pipelineId: 1, stageId: WON_STATUS_ID }), PIPELINES)).toEqual({});
  });

  it('an open or unsorted stage gets no warning', () => {
    expect(settingsWarnings(withLinking({ pipelineId: 1, stageId: 10 }), PIPELINES)).toEqual({});
    expect(settingsWarnings(withLinking({ pipelineId: 1, stageId: 12 }), PIPELINES)).toEqual({});
    expect(settingsWarnings(DEFAULT_SETTINGS)).toEqual({});
  });
});

describe("parseSettings: the panel's rules and quick tags", () => {
  it('respects required fields unless the saved value says false; a wrong type falls back to on', () => {
    expect(parseSettings('').panel.respectRequiredFields).toBe(true);
    expect(parseSettings({ panel: { respectRequiredFields: false } }).panel.respectRequiredFields).toBe(false);
    expect(parseSettings({ panel: { respectRequiredFields: 'no' } }).panel.respectRequiredFields).toBe(true);
  });

  it('quick tags: strings only, normalised, no blanks, no duplicates in any case, none too long', () => {
    const long = 'x'.repeat(256);
    expect(
      parseSettings({ panel: { quickTags: ['  VIP ', 'vip', '', 7, null, 'call\u00a0 back', long, 'Опт'] } }).panel.quickTags,
    ).toEqual(['VIP', 'call back', 'Опт']);
    expect(parseSettings({ panel: { quickTags: 'urgent' } }).panel.quickTags).toEqual([]);
  });
});
