// The loaded panel's outline in the same classes and heights, so nothing jumps when the deal arrives.
import { h } from 'preact';
import type { PanelOptions } from '../../contracts/settings';

export function Skeleton({ options }: { options: PanelOptions }) {
  const bar = (width: string) => <span class="lqa-sk" style={{ width }} />;
  const section = (chips: boolean, buttons: boolean) => (
    <div class="lqa-section">
      <div class="lqa-label">{bar('30%')}</div>
      {chips && <div class="lqa-sk lqa-sk--chips" />}
      <div class={chips ? 'lqa-row' : 'lqa-row lqa-row--tight'}>
        <div class="lqa-sk lqa-sk--control" />
      </div>
      {buttons && (
        <div class="lqa-row">
          <div class="lqa-sk lqa-sk--control" />
        </div>
      )}
    </div>
  );
  return (
    <div aria-hidden="true">
      <div class="lqa-summary">
        <div class="lqa-title">{bar('80%')}</div>
        <div class="lqa-budget-view">{bar('40%')}</div>
        <div class="lqa-stage-line">{bar('60%')}</div>
        <div class="lqa-meta">{bar('45%')}</div>
      </div>
      {options.showStage && section(false, true)}
      {options.showBudget && section(false, false)}
      {options.showTags && section(true, false)}
    </div>
  );
}
