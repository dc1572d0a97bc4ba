// At most `limit` request starts in any sliding `windowMs` (default 5 per second: a margin under amoCRM's
// 7/s). Idle pages start at once; bursts queue FIFO. One scheduler per page session, shared by all cards.
import { ApiError } from './errors';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Scheduler {
  /** Resolves when the caller may start one request; rejects with ApiError('aborted') if aborted first. */
  slot(signal?: AbortSignal): Promise<void>;
}

export function createScheduler({ limit = 5, windowMs = 1000, clock = realClock } = {}): Scheduler {
  const starts: number[] = [];
  const queue: { resolve: () => void; signal?: AbortSignal; onAbort?: () => void }[] = [];
  let timer: unknown = null;

  const pump = () => {
    timer = null;
    while (queue.length) {
      const now = clock.now();
      while (starts.length && starts[0] <= now - windowMs) starts.shift();
      if (starts.length >= limit) {
        timer = clock.setTimeout(pump, starts[0] + windowMs - now);
        return;
      }
      const next = queue.shift()!;
      if (next.onAbort) next.signal?.removeEventListener('abort', next.onAbort);
      starts.push(now);
      next.resolve();
    }
  };

  return {
    slot(signal) {
      if (signal?.aborted) return Promise.reject(new ApiError('aborted'));
      return new Promise<void>((resolve, reject) => {
        const entry: (typeof queue)[number] = { resolve, signal };
        if (signal) {
          entry.onAbort = () => {
            const i = queue.indexOf(entry);
            if (i >= 0) queue.splice(i, 1);
            reject(new ApiError('aborted'));
          };
          signal.addEventListener('abort', entry.onAbort, { once: true });
        }
        queue.push(entry);
        if (timer === null) pump();
      });
    },
  };
}
