// What the UIs depend on and the host implements: no layer owns these (UIs → contracts ← host).
export type * from './services';
export * from './settings';
export * from './clock';
export { createTranslate } from './translate';
