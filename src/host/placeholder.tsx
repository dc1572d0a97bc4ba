import type { Translate } from './services';

/** Shown until the lead panel is wired in: proves the mount with the lead id. */
export function Placeholder({ leadId, t }: { leadId: number; t: Translate }) {
  return (
    <div class="lqa lqa-panel">
      <p>{t('host.placeholder', { id: leadId })}</p>
    </div>
  );
}
