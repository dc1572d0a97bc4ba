// The one way a caller's AbortSignal ends a wait in src/api.
import { ApiError } from './errors';

/**
 * Runs `start()` unless `signal` has already fired, and settles as it does — or, as soon as `signal` fires,
 * runs `onAbort` (to cancel the work) and rejects with ApiError('aborted') without waiting for the work.
 */
export function abortable<T>(
  signal: AbortSignal | undefined,
  start: () => Promise<T>,
  onAbort?: () => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ApiError('aborted'));
    const abort = () => {
      onAbort?.();
      reject(new ApiError('aborted'));
    };
    signal?.addEventListener('abort', abort, { once: true });
    start()
      .then(resolve, reject)
      .finally(() => signal?.removeEventListener('abort', abort));
  });
}
