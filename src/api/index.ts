export { createApiClient, TAG_SEARCH_LIMIT } from './client';
export { ApiError, isApiError } from './errors';
export { createFetchTransport, createJQueryTransport } from './transport';
export { createScheduler } from './rate-limit';
export * from './payload';
export type * from './types';
