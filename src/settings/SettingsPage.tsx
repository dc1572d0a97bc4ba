// The widget's settings page: the lead panel's options and the visitor-linking guide whose snippets follow
// what the admin types. The page keeps the edits and hands every change to the host as JSON; each section
// below is a plain function of what it shows. Class components, not hooks: a few bits of local state do not
// justify shipping preact/hooks.
import { Component, h } from 'preact';
import type { ApiClient } from '../api/types';
import type { Pipeline } from '../domain/types';
import type { Translate } from '../contracts/services';
import { CodeBlock } from '../ui/CodeBlock';
import { Choices, Field } from '../ui/form';
import {
  CREATE_APIS,
  LOSS_REASONS,
  PIXEL_HOSTS,
  quickTagList,
  serializeSettings,
  type PanelOptions,
  type VisitorLinking,
  type WidgetSettings,
} from '../contracts/settings';
import {
  browserSnippet,
  checkVisitorUid,
  curlSnippet,
  hiddenInputs,
  nodeSnippet,
  phpSnippet,
  pixelTag,
  resolvePixel,
  siteName,
  splitFields,
  type SnippetInput,
} from './snippets';
import { settingsWarnings, validateSettings, type SettingsField, type SettingsWarnings } from './validate';

export interface SettingsPageProps {
  t: Translate;
  api: Pick<ApiClient, 'getPipelines'>;
  /** Read once, when the page mounts; later edits live in the page until the host saves them. */
  initial: WidgetSettings;
  accountHost: string;
  onChange(json: string, settings: WidgetSettings): void;
  /** Set by the host after a refused save: every invalid field shows its message. */
  showErrors?: boolean;
}

interface SettingsPageState {
  settings: WidgetSettings;
  /** Fields the admin has edited: their errors show without a refused save. */
  touched: Partial<Record<SettingsField, boolean>>;
  /** null until loaded. */
  pipelines: Pipeline[] | null;
  pipelinesFailed: boolean;
  uidToCheck: string;
  quickTagsText: string;
}

/** The translated error of a field when it is to be shown, else undefined. */
type ErrorFor = (field: SettingsField) => string | undefined;

/** "Choose…", the items, and a saved id that cannot be listed yet (its list is still loading) as "#id". */
const idOptions = (
  choose: string,
  items: readonly { id: number; name: string }[] | undefined,
  saved: number | null,
) => [
  <option value="">{choose}</option>,
  items?.map((item) => (
    <option value={item.id} key={item.id}>
      {item.name}
    </option>
  )),
  !items && saved !== null && <option value={saved}>#{saved}</option>,
];

interface PanelOptionsSectionProps {
  t: Translate;
  panel: PanelOptions;
  /** The quick tags as typed (commas and spaces kept while typing; the saved list is normalised). */
  quickTagsText: string;
  onQuickTags(text: string): void;
  pipelines: Pipeline[] | null;
  pipelinesLoading: boolean;
  errorFor: ErrorFor;
  onPanel(patch: Partial<PanelOptions>): void;
}

/** What the lead panel shows: its quick actions, the pipelines it offers, whether "Lost" asks for a reason. */
function PanelOptionsSection({
  t,
  panel,
  quickTagsText,
  onQuickTags,
  pipelines,
  pipelinesLoading,
  errorFor,
  onPanel,
}: PanelOptionsSectionProps) {
  return (
    <section class="lqa-section">
      <h3>{t('setup.panel_title')}</h3>
      <Choices
        id="lqa-set-actions"
        legend={t('setup.actions_legend')}
        items={(['showStage', 'showBudget', 'showTags'] as const).map((key) => ({
          value: key,
          label: t(`setup.${key}`),
          checked: panel[key],
        }))}
        onChange={(key, on) => onPanel({ [key]: on })}
        error={errorFor('actions')}
      />
      <Choices
        legend={t('setup.pipelines_legend')}
        items={(pipelines ?? [])
          // An archived pipeline stays listed only while it is chosen, so it can be unchosen.
          .filter((p) => !p.isArchive || panel.pipelineIds.includes(p.id))
          .map((p) => ({ value: p.id, label: p.name, checked: panel.pipelineIds.includes(p.id) }))}
        onChange={(id, on) =>
          onPanel({
            pipelineIds: on ? [...panel.pipelineIds, id] : panel.pipelineIds.filter((i) => i !== id),
          })
        }
      >
        {pipelinesLoading && (
          <p class="lqa-hint" role="status">
            {t('setup.pipelines_loading')}
          </p>
        )}
        <p class="lqa-hint">{t('setup.pipelines_hint')}</p>
      </Choices>
      <Field
        id="lqa-set-loss"
        label={t('setup.loss_policy')}
        value={panel.lossReason}
        onValue={(value) => onPanel({ lossReason: value as (typeof LOSS_REASONS)[number] })}
      >
        {LOSS_REASONS.map((reason) => (
          <option value={reason} key={reason}>
            {t(`setup.loss_${reason}`)}
          </option>
        ))}
      </Field>
      <Choices
        legend={t('setup.rules_legend')}
        items={[
          { value: 'respect', label: t('setup.respect_required'), checked: panel.respectRequiredFields },
        ]}
        onChange={(_key, on) => onPanel({ respectRequiredFields: on })}
      >
        <p class="lqa-hint">{t('setup.respect_hint')}</p>
      </Choices>
      <Field
        id="lqa-set-quick-tags"
        label={t('setup.quick_tags')}
        type="text"
        placeholder="urgent, callback, VIP"
        value={quickTagsText}
        onValue={onQuickTags}
      />
      <p class="lqa-hint">{t('setup.quick_tags_hint')}</p>
    </section>
  );
}

interface LinkingSectionProps {
  t: Translate;
  linking: VisitorLinking;
  pipelines: Pipeline[] | null;
  pipelinesFailed: boolean;
  onRetryPipelines(): void;
  errorFor: ErrorFor;
  warnings: SettingsWarnings;
  /** The pixel the account's own domain implies, named for the "auto" choice. */
  detectedPixel: string;
  onLinking(patch: Partial<VisitorLinking>, field?: SettingsField): void;
}

/** What the guide is built from: the site, its hidden field, where site deals go, which API and pixel. */
function LinkingSection(props: LinkingSectionProps) {
  const { t, linking, pipelines, errorFor, warnings, onLinking } = props;
  const chosenPipeline = pipelines?.find((p) => p.id === linking.pipelineId);
  return (
    <section class="lqa-section">
      <h3>{t('setup.linking_title')}</h3>
      <p>{t('setup.linking_intro')}</p>
      <Field
        id="lqa-set-site"
        label={t('setup.site_address')}
        type="url"
        placeholder="https://example.com"
        value={linking.siteUrl}
        onValue={(siteUrl) => onLinking({ siteUrl }, 'siteUrl')}
        error={errorFor('siteUrl')}
      />
      <Field
        id="lqa-set-field"
        label={t('setup.hidden_field')}
        type="text"
        value={linking.hiddenField}
        onValue={(hiddenField) => onLinking({ hiddenField }, 'hiddenField')}
        error={errorFor('hiddenField')}
      />
      {props.pipelinesFailed && (
        <p class="lqa-field-error" role="alert">
          {t('setup.pipelines_failed')}{' '}
          <button type="button" class="lqa-button" onClick={props.onRetryPipelines}>
            {t('setup.retry')}
          </button>
        </p>
      )}
      <Field
        id="lqa-set-pipeline"
        label={t('setup.pipeline')}
        value={String(linking.pipelineId ?? '')}
        // "" is "Choose…", anything else a positive id.
        onValue={(value) => onLinking({ pipelineId: Number(value) || null, stageId: null }, 'stageId')}
      >
        {idOptions(
          t('setup.choose'),
          // Archived pipelines take no new deals: offered only when already saved.
          pipelines?.filter((p) => !p.isArchive || p.id === linking.pipelineId),
          linking.pipelineId,
        )}
      </Field>
      <Field
        id="lqa-set-stage"
        label={t('setup.stage')}
        value={String(linking.stageId ?? '')}
        onValue={(value) => onLinking({ stageId: Number(value) || null }, 'stageId')}
        error={errorFor('stageId')}
        warning={warnings.stageId && t(warnings.stageId)}
      >
        {idOptions(t('setup.choose'), chosenPipeline?.stages, linking.stageId)}
      </Field>
      <Choices
        legend={t('setup.api_legend')}
        name="lqa-set-api"
        items={CREATE_APIS.map((api) => ({
          value: api,
          label: t(`setup.api_${api}`),
          checked: linking.createApi === api,
        }))}
        onChange={(createApi) => onLinking({ createApi })}
      />
      <Choices
        legend={t('setup.pixel_legend')}
        name="lqa-set-pixel"
        items={PIXEL_HOSTS.map((host) => ({
          value: host,
          label: t(`setup.pixel_${host}`, { detected: props.detectedPixel }),
          checked: linking.pixelHost === host,
        }))}
        onChange={(pixelHost) => onLinking({ pixelHost })}
      />
    </section>
  );
}

interface GuideSectionProps {
  t: Translate;
  /** What every snippet is built from (hidden fields already made safe). */
  input: SnippetInput;
  chosenPipeline: Pipeline | undefined;
  uidToCheck: string;
  onUidToCheck(value: string): void;
}

/** The four steps with their snippets: pixel tag, hidden field and its filler, the server request, the trigger. */
function GuideSection({ t, input, chosenPipeline, uidToCheck, onUidToCheck }: GuideSectionProps) {
  const block = (copy: string, code: string) => (
    <CodeBlock
      code={code}
      copyLabel={t(`setup.copy_${copy}`)}
      copiedMessage={t('setup.copied')}
      manualMessage={t('setup.copy_manual')}
    />
  );
  const uidState = checkVisitorUid(uidToCheck);
  return (
    <section class="lqa-section">
      <h4>{t('setup.step1')}</h4>
      <p>{t('setup.step1_text')}</p>
      {block('pixel', pixelTag(input.pixel))}
      {input.pixel === 'kommo' && <p class="lqa-hint">{t('setup.kommo_note')}</p>}
      <h4>{t('setup.step2')}</h4>
      <p>{t('setup.step2_text')}</p>
      {block('field', hiddenInputs(input.fields))}
      {block('browser', browserSnippet(input.fields))}
      <h4>{t('setup.step3')}</h4>
      <p>{t(`setup.step3_${input.createApi}`)}</p>
      {block('curl', curlSnippet(input))}
      {block('php', phpSnippet(input))}
      {block('node', nodeSnippet(input))}
      <h4>{t('setup.step4')}</h4>
      <p>{t('setup.step4_text')}</p>
      {chosenPipeline && <p>{t('setup.step4_pipeline', { pipeline: chosenPipeline.name })}</p>}
      <Field
        id="lqa-set-uid"
        label={t('setup.uid_check')}
        type="text"
        value={uidToCheck}
        onValue={onUidToCheck}
      />
      <p class={`lqa-uid lqa-uid--${uidState}`} role="status">
        {uidState === 'empty' ? '' : t(`setup.uid_${uidState}`)}
      </p>
    </section>
  );
}

export class SettingsPage extends Component<SettingsPageProps, SettingsPageState> {
  override state: SettingsPageState = {
    settings: this.props.initial,
    touched: {},
    pipelines: null,
    pipelinesFailed: false,
    uidToCheck: '',
    quickTagsText: this.props.initial.panel.quickTags.join(', '),
  };

  override componentDidMount() {
    this.loadPipelines();
  }

  private loadPipelines = () => {
    this.setState({ pipelinesFailed: false });
    this.props.api.getPipelines().then(
      (pipelines) => this.setState({ pipelines }),
      () => this.setState({ pipelinesFailed: true }),
    );
  };

  /** Applies an edit of one part of the settings, marks `field` as touched and hands the JSON to the host. */
  private edit<K extends 'panel' | 'linking'>(
    part: K,
    patch: Partial<WidgetSettings[K]>,
    field?: SettingsField,
  ) {
    const { settings, touched } = this.state;
    const next = { ...settings, [part]: { ...settings[part], ...patch } };
    this.setState({ settings: next, touched: field ? { ...touched, [field]: true } : touched });
    this.props.onChange(serializeSettings(next), next);
  }

  /** What the snippets are built from; a hidden field name that would be unsafe falls back to visitor_uid. */
  private snippetInput(hiddenFieldInvalid: boolean): SnippetInput {
    const { t, accountHost } = this.props;
    const { linking } = this.state.settings;
    return {
      ...linking,
      accountHost,
      fields: hiddenFieldInvalid ? ['visitor_uid'] : splitFields(linking.hiddenField),
      pixel: resolvePixel(linking.pixelHost, accountHost),
      dealName: linking.siteUrl.trim()
        ? t('setup.deal_name', { site: siteName(linking.siteUrl) })
        : t('setup.deal_name_plain'),
    };
  }

  render({ t, accountHost, showErrors }: SettingsPageProps, state: SettingsPageState) {
    const { settings, touched, pipelines } = state;
    const errors = validateSettings(settings, pipelines);
    const errorFor: ErrorFor = (field) =>
      (showErrors || touched[field]) && errors[field] ? t(errors[field]!) : undefined;

    return (
      <div class="lqa lqa-settings">
        <PanelOptionsSection
          t={t}
          panel={settings.panel}
          quickTagsText={state.quickTagsText}
          onQuickTags={(quickTagsText) => {
            this.setState({ quickTagsText });
            this.edit('panel', { quickTags: quickTagList(quickTagsText) });
          }}
          pipelines={pipelines}
          pipelinesLoading={!pipelines && !state.pipelinesFailed}
          errorFor={errorFor}
          onPanel={(patch) => this.edit('panel', patch, 'actions')}
        />
        <LinkingSection
          t={t}
          linking={settings.linking}
          pipelines={pipelines}
          pipelinesFailed={state.pipelinesFailed}
          onRetryPipelines={this.loadPipelines}
          errorFor={errorFor}
          warnings={settingsWarnings(settings, pipelines)}
          detectedPixel={resolvePixel('auto', accountHost) === 'kommo' ? 'Kommo' : 'amoCRM'}
          onLinking={(patch, field) => this.edit('linking', patch, field)}
        />
        <GuideSection
          t={t}
          input={this.snippetInput(Boolean(errors.hiddenField))}
          chosenPipeline={pipelines?.find((p) => p.id === settings.linking.pipelineId)}
          uidToCheck={state.uidToCheck}
          onUidToCheck={(uidToCheck) => this.setState({ uidToCheck })}
        />
        <p class="lqa-hint">
          <a href={t('setup.privacy_link')} target="_blank" rel="noopener noreferrer">
            {t('setup.privacy')}
          </a>
        </p>
      </div>
    );
  }
}
