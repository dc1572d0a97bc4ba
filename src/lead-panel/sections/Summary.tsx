// The deal at a glance: name, budget, stage, loss reason, main contact, responsible user, source.
import { h } from 'preact';
import type { CardContact, Translate } from '../../contracts/services';
import { DEFAULT_STAGE_COLOR, findStage, isLost } from '../../domain/stages';
import type { DeepReadonly } from '../state/types';
import type { Lead, Pipeline } from '../../domain/types';
import { formatBudget } from '../format';

export interface SummaryProps {
  lead: DeepReadonly<Lead>;
  pipelines: readonly DeepReadonly<Pipeline>[];
  contacts: readonly CardContact[];
  t: Translate;
  locale: string;
  currency: string | null;
  userName(userId: number): string | null;
}

export function Summary({ lead, pipelines, contacts, t, locale, currency, userName }: SummaryProps) {
  const stage = findStage(pipelines, lead.pipelineId, lead.statusId);
  const pipeline = pipelines.find((p) => p.id === lead.pipelineId);
  const contactName = contacts.find((c) => c.id === lead.mainContactId)?.name ?? null;
  const responsible = lead.responsibleUserId === null ? null : userName(lead.responsibleUserId);
  return (
    <div class="lqa-summary">
      <h3 class="lqa-title" dir="auto" title={lead.name}>
        {lead.name || t('panel.unnamed', { id: lead.id })}
      </h3>
      <div class="lqa-budget-view">{formatBudget(lead.price, locale, currency)}</div>
      <div class="lqa-stage-line">
        <span class="lqa-stage-dot" style={{ background: stage?.color ?? DEFAULT_STAGE_COLOR }} aria-hidden="true" />
        <span class="lqa-ellipsis" dir="auto">
          {pipeline?.name ?? t('panel.unknown_pipeline')}
        </span>
        <span aria-hidden="true">·</span>
        <span class="lqa-ellipsis" dir="auto">
          {stage?.name ?? t('panel.unknown_stage')}
        </span>
      </div>
      {isLost(lead.statusId) && lead.lossReason && (
        <div class="lqa-meta">
          {t('panel.loss_reason_shown')}: <span dir="auto">{lead.lossReason.name}</span>
        </div>
      )}
      {lead.mainContactId !== null && (
        <div class="lqa-meta">
          {/* Named from the card's own contact data (no request); unnamed, it is a plain link. Never a raw id. */}
          {contactName !== null && <span>{t('panel.main_contact')}: </span>}
          <a href={`/contacts/detail/${lead.mainContactId}`} dir="auto">
            {contactName ?? t('panel.main_contact')}
          </a>
        </div>
      )}
      {responsible && (
        <div class="lqa-meta">
          {t('panel.responsible')}: <span dir="auto">{responsible}</span>
        </div>
      )}
      {lead.sourceName && (
        <div class="lqa-meta">
          {t('panel.source')}: <span dir="auto">{lead.sourceName}</span>
        </div>
      )}
    </div>
  );
}
