// The API v4 client's public surface: plain TypeScript over an injected transport.
export { createApiClient, TAG_SEARCH_LIMIT, type ApiClientOptions, type RetryOptions } from './client';
export { ApiError, classifyFailure, classifyResponse } from './errors';
export { createFetchTransport, createJQueryTransport, type JQueryAjaxLike } from './transport';
export { createScheduler, type Scheduler } from './rate-limit';
export type * from './types';
