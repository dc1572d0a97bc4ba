// The lead's rules, once: every other layer asks here (won/lost, tag identity, PATCHes, stages, the budget).
export * from './budget';
export * from './patch';
export * from './required-fields';
export * from './stages';
export * from './tags';
export type * from './types';
