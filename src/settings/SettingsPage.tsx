// The widget's settings page: the lead panel's options and the visitor-linking guide whose snippets follow
// what the admin types. Class components, not hooks: a few bits of local state do not justify shipping
// preact/hooks.
import { Component, createRef, Fragment, h, type ComponentChildren } from 'preact';
import type { ApiClient } from '../api/types';
import type { Pipeline } from '../domain/types';
import type { Translate } from '../contracts/services';
import { describedBy } from '../ui/aria';
import { CREATE_APIS, LOSS_REASONS, PIXEL_HOSTS, serializeSettings, type WidgetSettings } from '../contracts/settings';
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
import { settingsWarnings, validateSettings, type SettingsField } from './validate';

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
}

/** An error or warning paragraph with the id `<id>-error` / `<id>-warning` that aria-describedby names. */
const note = (kind: 'error' | 'warning', id: string, text?: string) =>
  text && (
    <p class={`lqa-field-${kind}`} id={`${id}-${kind}`}>
      {text}
    </p>
  );

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onValue(value: string): void;
  /** The options of a select; without them the control is an input of `type`. */
  children?: ComponentChildren;
  type?: 'text' | 'url';
  placeholder?: string;
  /** Translated messages shown under the control; an error also marks it invalid. */
  error?: string;
  warning?: string;
}

/** A label, its input or select, and the error and warning that describe it. */
function Field({ id, label, onValue, error, warning, ...control }: FieldProps) {
  // With options a select reporting each pick on change, else a text input reporting each keystroke on input;
  // styled by the class lqa-select / lqa-input.
  const tag = control.children === undefined ? 'input' : 'select';
  return (
    <Fragment>
      <label class="lqa-label" for={id}>
        {label}
      </label>
      {h(tag, {
        id,
        class: `lqa-${tag}`,
        ...control,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy(error && `${id}-error`, warning && `${id}-warning`),
        [tag === 'input' ? 'onInput' : 'onChange']: (e: Event) =>
          onValue((e.currentTarget as HTMLInputElement).value),
      })}
      {note('error', id, error)}
      {note('warning', id, warning)}
    </Fragment>
  );
}

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

interface ChoicesProps<T> {
  /** Also the base of the error's id. */
  id?: string;
  legend: string;
  /** Each box's value, label and checked state. */
  items: (readonly [T, ComponentChildren, boolean])[];
  /** A radio group of this name; without one, checkboxes. */
  name?: string;
  onChange(value: T, checked: boolean): void;
  /** Translated; shown under the boxes and describing the fieldset. */
  error?: string;
  /** Shown after the boxes. */
  children?: ComponentChildren;
}

/** A fieldset of checkboxes or radios. */
function Choices<T extends string | number>({
  id,
  legend,
  items,
  name,
  onChange,
  error,
  children,
}: ChoicesProps<T>) {
  return (
    <fieldset class="lqa-fieldset" aria-describedby={error && `${id}-error`}>
      <legend>{legend}</legend>
      {items.map(([value, label, checked]) => (
        <label class="lqa-check" key={value}>
          <input
            type={name ? 'radio' : 'checkbox'}
            name={name}
            checked={checked}
            onChange={(e) => onChange(value, e.currentTarget.checked)}
          />
          {label}
        </label>
      ))}
      {note('error', id!, error)}
      {children}
    </fieldset>
  );
}

interface CodeBlockProps {
  code: string;
  /** Names the Copy button: the i18n key `setup.copy_<copy>`. */
  copy: string;
  t: Translate;
}

/** A snippet with its Copy button; where the clipboard is refused, the code is selected for a manual copy. */
class CodeBlock extends Component<CodeBlockProps, { feedback: string }> {
  private code = createRef<HTMLElement>();
  private timer?: ReturnType<typeof setTimeout>;

  override componentWillUnmount() {
    clearTimeout(this.timer);
  }

  /** Shows a message by the button for a couple of seconds. */
  private say(key: string) {
    this.setState({ feedback: this.props.t(key) });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.setState({ feedback: '' }), 2500);
  }

  private selectCode = () => {
    // Null only once unmounted (the clipboard may refuse late).
    if (this.code.current) window.getSelection()?.selectAllChildren(this.code.current);
    this.say('setup.copy_manual');
  };

  private copy = () => {
    if (!navigator.clipboard?.writeText) return this.selectCode();
    navigator.clipboard.writeText(this.props.code).then(() => this.say('setup.copied'), this.selectCode);
  };

  render({ code, copy, t }: CodeBlockProps) {
    return (
      <div class="lqa-code">
        <pre>
          <code ref={this.code}>{code}</code>
        </pre>
        <div class="lqa-code__bar">
          <button type="button" class="lqa-button" onClick={this.copy}>
            {t(`setup.copy_${copy}`)}
          </button>
          <span class="lqa-code__feedback" role="status">
            {this.state.feedback}
          </span>
        </div>
      </div>
    );
  }
}

export class SettingsPage extends Component<SettingsPageProps, SettingsPageState> {
  override state: SettingsPageState = {
    settings: this.props.initial,
    touched: {},
    pipelines: null,
    pipelinesFailed: false,
    uidToCheck: '',
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

  render({ t, accountHost, showErrors }: SettingsPageProps, state: SettingsPageState) {
    const { settings, touched, pipelines, uidToCheck } = state;
    const { linking, panel } = settings;
    const errors = validateSettings(settings, pipelines);
    const warnings = settingsWarnings(settings, pipelines);
    /** The translated error of a field, once it was edited or a save was refused. */
    const errorFor = (field: SettingsField) =>
      (showErrors || touched[field]) && errors[field] ? t(errors[field]!) : undefined;
    const setPanel = (patch: Partial<WidgetSettings['panel']>) => this.edit('panel', patch, 'actions');
    const setLinking = (patch: Partial<WidgetSettings['linking']>, field?: SettingsField) =>
      this.edit('linking', patch, field);

    const pixel = resolvePixel(linking.pixelHost, accountHost);
    const safeFields = errors.hiddenField ? ['visitor_uid'] : splitFields(linking.hiddenField);
    const input: SnippetInput = {
      ...linking,
      accountHost,
      fields: safeFields,
      pixel,
      dealName: linking.siteUrl.trim()
        ? t('setup.deal_name', { site: siteName(linking.siteUrl) })
        : t('setup.deal_name_plain'),
    };
    const chosenPipeline = pipelines?.find((p) => p.id === linking.pipelineId);
    const detected = resolvePixel('auto', accountHost) === 'kommo' ? 'Kommo' : 'amoCRM';
    const uidState = checkVisitorUid(uidToCheck);

    return (
      <div class="lqa lqa-settings">
        <section class="lqa-section">
          <h3>{t('setup.panel_title')}</h3>
          <Choices
            id="lqa-set-actions"
            legend={t('setup.actions_legend')}
            items={(['showStage', 'showBudget', 'showTags'] as const).map((key) => [
              key,
              t(`setup.${key}`),
              panel[key],
            ])}
            onChange={(key, on) => setPanel({ [key]: on })}
            error={errorFor('actions')}
          />
          <Choices
            legend={t('setup.pipelines_legend')}
            items={(pipelines ?? [])
              .filter((p) => !p.isArchive || panel.pipelineIds.includes(p.id))
              .map((p) => [p.id, p.name, panel.pipelineIds.includes(p.id)])}
            onChange={(id, on) =>
              setPanel({
                pipelineIds: on ? [...panel.pipelineIds, id] : panel.pipelineIds.filter((i) => i !== id),
              })
            }
          >
            {!pipelines && !state.pipelinesFailed && (
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
            onValue={(value) => setPanel({ lossReason: value as (typeof LOSS_REASONS)[number] })}
          >
            {LOSS_REASONS.map((reason) => (
              <option value={reason} key={reason}>
                {t(`setup.loss_${reason}`)}
              </option>
            ))}
          </Field>
        </section>

        <section class="lqa-section">
          <h3>{t('setup.linking_title')}</h3>
          <p>{t('setup.linking_intro')}</p>
          <Field
            id="lqa-set-site"
            label={t('setup.site_address')}
            type="url"
            placeholder="https://example.com"
            value={linking.siteUrl}
            onValue={(siteUrl) => setLinking({ siteUrl }, 'siteUrl')}
            error={errorFor('siteUrl')}
          />
          <Field
            id="lqa-set-field"
            label={t('setup.hidden_field')}
            type="text"
            value={linking.hiddenField}
            onValue={(hiddenField) => setLinking({ hiddenField }, 'hiddenField')}
            error={errorFor('hiddenField')}
          />
          {state.pipelinesFailed && (
            <p class="lqa-field-error" role="alert">
              {t('setup.pipelines_failed')}{' '}
              <button type="button" class="lqa-button" onClick={this.loadPipelines}>
                {t('setup.retry')}
              </button>
            </p>
          )}
          <Field
            id="lqa-set-pipeline"
            label={t('setup.pipeline')}
            value={String(linking.pipelineId ?? '')}
            // "" is "Choose…", anything else a positive id.
            onValue={(value) => setLinking({ pipelineId: Number(value) || null, stageId: null }, 'stageId')}
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
            onValue={(value) => setLinking({ stageId: Number(value) || null }, 'stageId')}
            error={errorFor('stageId')}
            warning={warnings.stageId && t(warnings.stageId)}
          >
            {idOptions(t('setup.choose'), chosenPipeline?.stages, linking.stageId)}
          </Field>
          <Choices
            legend={t('setup.api_legend')}
            name="lqa-set-api"
            items={CREATE_APIS.map((api) => [api, t(`setup.api_${api}`), linking.createApi === api])}
            onChange={(createApi) => setLinking({ createApi })}
          />
          <Choices
            legend={t('setup.pixel_legend')}
            name="lqa-set-pixel"
            items={PIXEL_HOSTS.map((host) => [
              host,
              t(`setup.pixel_${host}`, { detected }),
              linking.pixelHost === host,
            ])}
            onChange={(pixelHost) => setLinking({ pixelHost })}
          />
        </section>

        <section class="lqa-section">
          <h4>{t('setup.step1')}</h4>
          <p>{t('setup.step1_text')}</p>
          <CodeBlock copy="pixel" code={pixelTag(pixel)} t={t} />
          {pixel === 'kommo' && <p class="lqa-hint">{t('setup.kommo_note')}</p>}
          <h4>{t('setup.step2')}</h4>
          <p>{t('setup.step2_text')}</p>
          <CodeBlock copy="field" code={hiddenInputs(safeFields)} t={t} />
          <CodeBlock copy="browser" code={browserSnippet(safeFields)} t={t} />
          <h4>{t('setup.step3')}</h4>
          <p>{t(`setup.step3_${linking.createApi}`)}</p>
          <CodeBlock copy="curl" code={curlSnippet(input)} t={t} />
          <CodeBlock copy="php" code={phpSnippet(input)} t={t} />
          <CodeBlock copy="node" code={nodeSnippet(input)} t={t} />
          <h4>{t('setup.step4')}</h4>
          <p>{t('setup.step4_text')}</p>
          {chosenPipeline && <p>{t('setup.step4_pipeline', { pipeline: chosenPipeline.name })}</p>}
          <Field
            id="lqa-set-uid"
            label={t('setup.uid_check')}
            type="text"
            value={uidToCheck}
            onValue={(value) => this.setState({ uidToCheck: value })}
          />
          <p class={`lqa-uid lqa-uid--${uidState}`} role="status">
            {uidState === 'empty' ? '' : t(`setup.uid_${uidState}`)}
          </p>
        </section>
        <p class="lqa-hint">
          <a href={t('setup.privacy_link')} target="_blank" rel="noopener noreferrer">
            {t('setup.privacy')}
          </a>
        </p>
      </div>
    );
  }
}
