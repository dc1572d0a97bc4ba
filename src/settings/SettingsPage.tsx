import { h } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApiClient, Pipeline } from '../api/types';
import type { Translate } from '../host/services';
import { serializeSettings, type LossReasonPolicy, type WidgetSettings } from './schema';
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
  initial: WidgetSettings;
  accountHost: string;
  onChange(json: string, settings: WidgetSettings): void;
  /** Set by the host after a refused save: every invalid field shows its message. */
  showErrors?: boolean;
}

function CodeBlock({ code, copyLabel, t }: { code: string; copyLabel: string; t: Translate }) {
  const [feedback, setFeedback] = useState('');
  const ref = useRef<HTMLElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const say = (text: string) => {
    setFeedback(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setFeedback(''), 2500);
  };
  const selectCode = () => {
    const range = document.createRange();
    if (ref.current) range.selectNodeContents(ref.current);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    say(t('setup.copy_manual'));
  };
  const copy = () => {
    if (!navigator.clipboard?.writeText) return selectCode();
    navigator.clipboard.writeText(code).then(() => say(t('setup.copied')), selectCode);
  };
  return (
    <div class="lqa-code">
      <pre>
        <code ref={ref}>{code}</code>
      </pre>
      <div class="lqa-code__bar">
        <button type="button" class="lqa-button" onClick={copy}>
          {copyLabel}
        </button>
        <span class="lqa-code__feedback" role="status">
          {feedback}
        </span>
      </div>
    </div>
  );
}

export function SettingsPage({
  t,
  api,
  initial,
  accountHost,
  onChange,
  showErrors = false,
}: SettingsPageProps) {
  const [settings, setSettings] = useState(initial);
  const [touched, setTouched] = useState<Partial<Record<SettingsField, boolean>>>({});
  const [pipelines, setPipelines] = useState<Pipeline[] | null>(null);
  const [pipelinesFailed, setPipelinesFailed] = useState(false);
  const [uidToCheck, setUidToCheck] = useState('');

  const loadPipelines = () => {
    setPipelinesFailed(false);
    api.getPipelines().then(setPipelines, () => setPipelinesFailed(true));
  };
  useEffect(loadPipelines, []);

  const errors = useMemo(() => validateSettings(settings, pipelines ?? undefined), [settings, pipelines]);
  const warnings = useMemo(() => settingsWarnings(settings, pipelines ?? undefined), [settings, pipelines]);
  const update = (next: WidgetSettings, field?: SettingsField) => {
    setSettings(next);
    if (field) setTouched({ ...touched, [field]: true });
    onChange(serializeSettings(next), next);
  };
  const setLinking = (patch: Partial<WidgetSettings['linking']>, field?: SettingsField) =>
    update({ ...settings, linking: { ...settings.linking, ...patch } }, field);
  const setPanel = (patch: Partial<WidgetSettings['panel']>) =>
    update({ ...settings, panel: { ...settings.panel, ...patch } }, 'actions');
  const errorFor = (field: SettingsField) =>
    (showErrors || touched[field]) && errors[field] ? errors[field] : undefined;
  const describe = (field: SettingsField) => {
    const ids = [
      errorFor(field) && `lqa-set-${field}-error`,
      warnings[field] && `lqa-set-${field}-warning`,
    ].filter(Boolean);
    return {
      ...(errorFor(field) ? { 'aria-invalid': true } : {}),
      ...(ids.length ? { 'aria-describedby': ids.join(' ') } : {}),
    };
  };
  const warningText = (field: SettingsField) =>
    warnings[field] && (
      <p class="lqa-field-warning" id={`lqa-set-${field}-warning`}>
        {t(warnings[field]!)}
      </p>
    );
  const errorText = (field: SettingsField) =>
    errorFor(field) && (
      <p class="lqa-field-error" id={`lqa-set-${field}-error`}>
        {t(errorFor(field)!)}
      </p>
    );

  const { linking, panel } = settings;
  const pixel = resolvePixel(linking.pixelHost, accountHost);
  const fields = splitFields(linking.hiddenField);
  const safeFields = errors.hiddenField ? ['visitor_uid'] : fields;
  const input: SnippetInput = {
    accountHost,
    siteUrl: linking.siteUrl,
    fields: safeFields,
    pipelineId: linking.pipelineId,
    stageId: linking.stageId,
    createApi: linking.createApi,
    pixel,
    dealName: linking.siteUrl.trim()
      ? t('setup.deal_name', { site: siteName(linking.siteUrl) })
      : t('setup.deal_name_plain'),
  };
  const chosenPipeline = pipelines?.find((p) => p.id === linking.pipelineId);
  // Archived pipelines take no new deals: offered only when already saved.
  const pickable = (pipelines ?? []).filter((p) => !p.isArchive || p.id === linking.pipelineId);
  const uidState = checkVisitorUid(uidToCheck);

  return (
    <div class="lqa lqa-settings">
      <section class="lqa-section">
        <h3>{t('setup.panel_title')}</h3>
        <fieldset
          class="lqa-fieldset"
          aria-describedby={errorFor('actions') ? 'lqa-set-actions-error' : undefined}
        >
          <legend>{t('setup.actions_legend')}</legend>
          {(['showStage', 'showBudget', 'showTags'] as const).map((key) => (
            <label class="lqa-check" key={key}>
              <input
                type="checkbox"
                checked={panel[key]}
                onChange={(e) => setPanel({ [key]: (e.currentTarget as HTMLInputElement).checked })}
              />
              {t(`setup.${key}`)}
            </label>
          ))}
          {errorText('actions')}
        </fieldset>
        <fieldset class="lqa-fieldset">
          <legend>{t('setup.pipelines_legend')}</legend>
          {(pipelines ?? [])
            .filter((p) => !p.isArchive || panel.pipelineIds.includes(p.id))
            .map((p) => (
              <label class="lqa-check" key={p.id}>
                <input
                  type="checkbox"
                  checked={panel.pipelineIds.includes(p.id)}
                  onChange={(e) => {
                    const on = (e.currentTarget as HTMLInputElement).checked;
                    setPanel({
                      pipelineIds: on
                        ? [...panel.pipelineIds, p.id]
                        : panel.pipelineIds.filter((id) => id !== p.id),
                    });
                  }}
                />
                {p.name}
              </label>
            ))}
          {!pipelines && !pipelinesFailed && (
            <p class="lqa-hint" role="status">
              {t('setup.pipelines_loading')}
            </p>
          )}
          <p class="lqa-hint">{t('setup.pipelines_hint')}</p>
        </fieldset>
        <label class="lqa-label" for="lqa-set-loss">
          {t('setup.loss_policy')}
        </label>
        <select
          id="lqa-set-loss"
          class="lqa-select"
          value={panel.lossReason}
          onChange={(e) =>
            setPanel({ lossReason: (e.currentTarget as HTMLSelectElement).value as LossReasonPolicy })
          }
        >
          {(['account', 'always', 'never'] as const).map((p) => (
            <option value={p} key={p}>
              {t(`setup.loss_${p}`)}
            </option>
          ))}
        </select>
      </section>

      <section class="lqa-section">
        <h3>{t('setup.linking_title')}</h3>
        <p>{t('setup.linking_intro')}</p>
        <label class="lqa-label" for="lqa-set-site">
          {t('setup.site_address')}
        </label>
        <input
          id="lqa-set-site"
          class="lqa-input"
          type="url"
          placeholder="https://example.com"
          value={linking.siteUrl}
          {...describe('siteUrl')}
          onInput={(e) => setLinking({ siteUrl: (e.currentTarget as HTMLInputElement).value }, 'siteUrl')}
        />
        {errorText('siteUrl')}
        <label class="lqa-label" for="lqa-set-field">
          {t('setup.hidden_field')}
        </label>
        <input
          id="lqa-set-field"
          class="lqa-input"
          type="text"
          value={linking.hiddenField}
          {...describe('hiddenField')}
          onInput={(e) =>
            setLinking({ hiddenField: (e.currentTarget as HTMLInputElement).value }, 'hiddenField')
          }
        />
        {errorText('hiddenField')}
        {pipelinesFailed && (
          <p class="lqa-field-error" role="alert">
            {t('setup.pipelines_failed')}{' '}
            <button type="button" class="lqa-button" onClick={loadPipelines}>
              {t('setup.retry')}
            </button>
          </p>
        )}
        <label class="lqa-label" for="lqa-set-pipeline">
          {t('setup.pipeline')}
        </label>
        <select
          id="lqa-set-pipeline"
          class="lqa-select"
          value={linking.pipelineId === null ? '' : String(linking.pipelineId)}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLSelectElement).value;
            setLinking({ pipelineId: v ? Number(v) : null, stageId: null }, 'stageId');
          }}
        >
          <option value="">{t('setup.choose')}</option>
          {pickable.map((p) => (
            <option value={String(p.id)} key={p.id}>
              {p.name}
            </option>
          ))}
          {!pipelines && linking.pipelineId !== null && (
            <option value={String(linking.pipelineId)}>#{linking.pipelineId}</option>
          )}
        </select>
        <label class="lqa-label" for="lqa-set-stage">
          {t('setup.stage')}
        </label>
        <select
          id="lqa-set-stage"
          class="lqa-select"
          value={linking.stageId === null ? '' : String(linking.stageId)}
          {...describe('stageId')}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLSelectElement).value;
            setLinking({ stageId: v ? Number(v) : null }, 'stageId');
          }}
        >
          <option value="">{t('setup.choose')}</option>
          {chosenPipeline?.stages.map((s) => (
            <option value={String(s.id)} key={s.id}>
              {s.name}
            </option>
          ))}
          {!chosenPipeline && linking.stageId !== null && (
            <option value={String(linking.stageId)}>#{linking.stageId}</option>
          )}
        </select>
        {errorText('stageId')}
        {warningText('stageId')}
        <fieldset class="lqa-fieldset">
          <legend>{t('setup.api_legend')}</legend>
          {(['v4', 'v2'] as const).map((v) => (
            <label class="lqa-check" key={v}>
              <input
                type="radio"
                name="lqa-set-api"
                checked={linking.createApi === v}
                onChange={() => setLinking({ createApi: v })}
              />
              {t(`setup.api_${v}`)}
            </label>
          ))}
        </fieldset>
        <fieldset class="lqa-fieldset">
          <legend>{t('setup.pixel_legend')}</legend>
          {(['auto', 'amocrm', 'kommo'] as const).map((v) => (
            <label class="lqa-check" key={v}>
              <input
                type="radio"
                name="lqa-set-pixel"
                checked={linking.pixelHost === v}
                onChange={() => setLinking({ pixelHost: v })}
              />
              {t(`setup.pixel_${v}`, {
                detected: resolvePixel('auto', accountHost) === 'kommo' ? 'Kommo' : 'amoCRM',
              })}
            </label>
          ))}
        </fieldset>
      </section>

      <section class="lqa-section">
        <h4>{t('setup.step1')}</h4>
        <p>{t('setup.step1_text')}</p>
        <CodeBlock code={pixelTag(pixel)} copyLabel={t('setup.copy_pixel')} t={t} />
        {pixel === 'kommo' && <p class="lqa-hint">{t('setup.kommo_note')}</p>}
        <h4>{t('setup.step2')}</h4>
        <p>{t('setup.step2_text')}</p>
        <CodeBlock code={hiddenInputs(safeFields)} copyLabel={t('setup.copy_field')} t={t} />
        <CodeBlock code={browserSnippet(safeFields)} copyLabel={t('setup.copy_browser')} t={t} />
        <h4>{t('setup.step3')}</h4>
        <p>{t(linking.createApi === 'v2' ? 'setup.step3_v2' : 'setup.step3_v4')}</p>
        <CodeBlock code={curlSnippet(input)} copyLabel={t('setup.copy_curl')} t={t} />
        <CodeBlock code={phpSnippet(input)} copyLabel={t('setup.copy_php')} t={t} />
        <CodeBlock code={nodeSnippet(input)} copyLabel={t('setup.copy_node')} t={t} />
        <h4>{t('setup.step4')}</h4>
        <p>{t('setup.step4_text')}</p>
        {chosenPipeline && <p>{t('setup.step4_pipeline', { pipeline: chosenPipeline.name })}</p>}
        <label class="lqa-label" for="lqa-set-uid">
          {t('setup.uid_check')}
        </label>
        <input
          id="lqa-set-uid"
          class="lqa-input"
          type="text"
          value={uidToCheck}
          onInput={(e) => setUidToCheck((e.currentTarget as HTMLInputElement).value)}
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
