// The stage picker: every offered pipeline's stages grouped, never Unsorted as a target. On a closed select the
// arrow keys fire `change` on every step, so keyboard browsing only marks a choice; Enter applies it, Escape
// and leaving keep the stage. A mouse choice applies at once.
import { Component, Fragment, h } from 'preact';
import type { Translate } from '../../contracts/services';
import { findStage, offeredPipelines } from '../../domain/stages';
import type { Lead, Pipeline, Stage } from '../../domain/types';
import { describedBy } from '../../ui/aria';
import type { DeepReadonly } from '../state/types';

export interface StagePickerProps {
  id: string;
  lead: DeepReadonly<Lead>;
  pipelines: readonly DeepReadonly<Pipeline>[];
  /** The admin's choice of pipelines (empty = all). */
  pipelineIds: readonly number[];
  disabled: boolean;
  describedBy?: string;
  t: Translate;
  onMove(stage: DeepReadonly<Stage>): void;
}

const stageValue = (s: DeepReadonly<Stage>) => `${s.pipelineId}:${s.id}`;

export class StagePicker extends Component<StagePickerProps, { pending: string | null }> {
  override state = { pending: null as string | null };
  private keyboardBrowsing = false;

  private apply(value: string) {
    this.setState({ pending: null });
    const [pipelineId, statusId] = value.split(':').map(Number);
    const target = findStage(this.props.pipelines, pipelineId, statusId);
    if (target) this.props.onMove(target);
  }

  render(props: StagePickerProps, { pending }: { pending: string | null }) {
    const { id, lead, pipelines, pipelineIds, disabled, t } = props;
    const stage = findStage(pipelines, lead.pipelineId, lead.statusId);
    const hintId = `${id}-hint`;
    return (
      <Fragment>
        <label class="lqa-label" for={id}>
          {t('panel.stage')}
        </label>
        <select
          id={id}
          class="lqa-select"
          value={pending ?? (stage ? stageValue(stage) : '')}
          disabled={disabled}
          aria-describedby={describedBy(props.describedBy, pending && hintId)}
          onKeyDown={(e) => {
            if (/^(Arrow(Up|Down|Left|Right)|Home|End|Page(Up|Down))$/.test(e.key)) this.keyboardBrowsing = true;
            else if (e.key === 'Enter' && pending) {
              e.preventDefault();
              this.apply(pending);
            } else if (e.key === 'Escape') this.setState({ pending: null });
          }}
          onBlur={() => this.setState({ pending: null })}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (this.keyboardBrowsing) {
              this.keyboardBrowsing = false;
              this.setState({ pending: value });
            } else this.apply(value);
          }}
        >
          {!stage && <option value="">{t('panel.unknown_stage')}</option>}
          {offeredPipelines(pipelines, pipelineIds, lead.pipelineId).map((p) => (
            <optgroup label={p.name} key={p.id}>
              {p.stages
                // Unsorted is never a target; it is listed only to show where the deal is now.
                .filter((st) => st.kind !== 'unsorted' || (st.id === lead.statusId && p.id === lead.pipelineId))
                .map((st) => (
                  <option key={st.id} value={stageValue(st)} disabled={st.kind === 'unsorted'}>
                    {st.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
        {pending && (
          <p class="lqa-hint" id={hintId}>
            {t('panel.stage_confirm_hint')}
          </p>
        )}
      </Fragment>
    );
  }
}
