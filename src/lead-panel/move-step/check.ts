// The step's rules, part of move-step.js: how each required field is asked, what "Save and move" / "Close as
// lost" accepts, and how a move the server refused comes back to the person who typed it. Plain functions over
// the step; the store decides when.
import type { FieldProblem } from '../../api/types';
import { controlFor, emptyDraft, fieldPatch } from '../../domain/required-fields';
import type { CustomField, FieldPatch } from '../../domain/types';
import type { FieldAsk, MoveStep } from '../state/types';
import type { StepCheck } from './contract';

/** Each field with the control the panel offers for its type (null: fill it in the card), empty, no error yet. */
export const askFields = (fields: readonly CustomField[]): FieldAsk[] =>
  fields.map((field) => {
    const control = controlFor(field.type);
    return { field, control, draft: control ? emptyDraft(control) : '', error: null };
  });

/**
 * Every asked value is checked; anything wrong is explained at its control and kept, and nothing is sent. A field
 * the panel cannot edit blocks the move (and is named); lost with reasons offered needs one chosen.
 */
export function checkStep(step: MoveStep): StepCheck {
  const fields = step.fields ?? [];
  const blocked = fields.filter((f) => f.control === null);
  if (blocked.length)
    return {
      ok: false,
      alert: { key: 'fields.blocked', vars: { fields: blocked.map((f) => f.field.name).join(', ') } },
    };
  if (step.target.kind === 'lost' && step.reasons?.length && step.selectedReason === null)
    return { ok: false, alert: { key: 'panel.loss_reason_required' } };
  const checks = fields.map((f) => fieldPatch(f.field, f.draft));
  const patches = checks.flatMap((c) => (c.ok ? [c.patch] : []));
  if (patches.length === checks.length) return { ok: true, fields: patches };
  return {
    ok: false,
    alert: { key: 'fields.fix_errors' },
    step: {
      ...step,
      fields: fields.map((f, i) => {
        const check = checks[i];
        return check.ok ? f : { ...f, error: { key: check.errorKey } };
      }),
    },
  };
}

/** A refused move with fields comes back as it was typed; a 400 about `custom_fields_values.N…` is shown at the field that was N-th in the PATCH. */
export function stepAfterRefusal(
  step: MoveStep,
  sent: readonly FieldPatch[],
  problems: readonly FieldProblem[],
): MoveStep {
  const errorFor = (fieldId: number) => {
    const problem = problems.find((p) => {
      const index = /^custom_fields_values\.(\d+)(\.|$)/.exec(p.path)?.[1];
      return index !== undefined && sent[Number(index)]?.field_id === fieldId;
    });
    return problem ? { key: 'fields.error_server', vars: { detail: problem.detail } } : null;
  };
  return { ...step, fields: step.fields?.map((f) => ({ ...f, error: errorFor(f.field.id) })) ?? null };
}
