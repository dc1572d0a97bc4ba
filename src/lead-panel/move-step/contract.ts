// What the panel (script.js) asks of move-step.js, the stage-move step's own AMD module: the form that asks for
// the loss reason and the required fields, and the checks of what was entered. A card needs it only when a move
// needs a step, so it is loaded when the pointer or the focus approaches the stage controls (or at the first
// move). It arrives at run time from another file: it is checked against this shape where it enters.
//
// The step renders INSIDE the panel's Preact tree, so it must use script.js's Preact, never a copy of its own (two
// copies cannot share a tree): move-step.js is a factory that receives script.js's Preact. Its files import
// 'preact' for types only, and webpack.config.js refuses a value import of Preact in that module.
import type { Component, ComponentType, createRef, h } from 'preact';
import type { FieldProblem } from '../../api/types';
import type { Message, Translate } from '../../contracts/services';
import type { FieldDraft } from '../../domain/required-fields';
import type { CustomField, FieldPatch } from '../../domain/types';
import type { DeepReadonly, FieldAsk, MoveStep } from '../state/types';

/** The parts of script.js's Preact the step's components are written with (JSX compiles to calls of this `h`). */
export interface PreactParts {
  h: typeof h;
  Component: typeof Component;
  createRef: typeof createRef;
}

/** What the step's form may ask of the store. */
export interface MoveStepActions {
  selectLossReason(id: number | null): void;
  setFieldDraft(fieldId: number, draft: FieldDraft): void;
  confirmStep(): void;
  cancelStep(): void;
}

export interface MoveStepFormProps {
  idBase: string;
  /** A step whose reasons and fields are known (the panel shows "Checking…" until they are). */
  step: DeepReadonly<MoveStep>;
  t: Translate;
  actions: MoveStepActions;
  onCancel(): void;
}

/** "Save and move" / "Close as lost": the fields to send, or why not (the step with each error at its field). */
export type StepCheck = { ok: true; fields: FieldPatch[] } | { ok: false; alert: Message; step?: MoveStep };

export interface MoveStepModule {
  MoveStepForm: ComponentType<MoveStepFormProps>;
  /** The required fields the deal lacks, as the step asks them: each with its control (null: not editable here). */
  askFields(fields: readonly CustomField[]): FieldAsk[];
  /** Checks every value asked in a ready step and shapes it as the PATCH writes it. */
  checkStep(step: MoveStep): StepCheck;
  /** A refused move comes back as it was typed; a problem at `custom_fields_values.N…` is shown at the N-th sent field. */
  stepAfterRefusal(step: MoveStep, sent: readonly FieldPatch[], problems: readonly FieldProblem[]): MoveStep;
}

/** move-step.js's default export. */
export type MoveStepFactory = (preact: PreactParts) => MoveStepModule;

export function isMoveStepModule(value: unknown): value is MoveStepModule {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof MoveStepModule, unknown>>;
  return (
    typeof candidate.MoveStepForm === 'function' &&
    typeof candidate.askFields === 'function' &&
    typeof candidate.checkStep === 'function' &&
    typeof candidate.stepAfterRefusal === 'function'
  );
}
