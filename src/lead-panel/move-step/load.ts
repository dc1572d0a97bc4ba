// script.js's side of move-step.js: what arrives from the file is checked, then given this bundle's Preact.
import { Component, createRef, h } from 'preact';
import { isMoveStepModule, type MoveStepFactory, type MoveStepModule } from './contract';

/** The step module from what the host loaded (move-step.js's default export); rejects with a reason otherwise. */
export async function startMoveStep(loaded: Promise<unknown>): Promise<MoveStepModule> {
  const factory = await loaded;
  // A throwing factory rejects like a failed load.
  const module: unknown =
    typeof factory === 'function' ? (factory as MoveStepFactory)({ h, Component, createRef }) : null;
  if (!isMoveStepModule(module)) throw new Error('move-step.js did not define the step module');
  return module;
}
