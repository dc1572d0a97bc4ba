// The entry of move-step.js, the archive's third AMD module: webpack turns this default export into
// define([], () => createMoveStep). The panel loads it when a stage move may need a step (src/lead-panel/move-step/
// load.ts), and calls it with script.js's own Preact, so the step's components join the panel's tree.
import { askFields, checkStep, stepAfterRefusal } from './check';
import type { MoveStepFactory } from './contract';
import { defineMoveStepForm } from './MoveStepForm';
import { defineRequiredField } from './RequiredField';

const createMoveStep: MoveStepFactory = (preact) => ({
  MoveStepForm: defineMoveStepForm(preact, defineRequiredField(preact)),
  askFields,
  checkStep,
  stepAfterRefusal,
});

export default createMoveStep;
