// At most `limit` request starts in any sliding `windowMs` (default 5 per second: a margin under amoCRM's
// 7/s). Idle pages start at once; bursts queue FIFO. One scheduler per page session, shared by all cards.
import { realClock } from '../contracts/clock';
import { abortable } from './abort';

export interface Scheduler {
  /** Resolves when the caller may start one request; rejects with ApiError('aborted') if aborted first. */
  slot(signal?: AbortSignal): Promise<void>;
}

export function createScheduler({ limit = 5, windowMs = 1000, clock = realClock } = {}): Scheduler {
  const starts: number[] = [];
  /** Who waits for a slot, first come first served. */
  const queue: (() => void)[] = [];
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
      starts.push(now);
      queue.shift()!();
    }
  };

  return {
    slot(signal) {
      let grant: () => void;
      return abortable(
        signal,
        () =>
          new Promise<void>((resolve) => {
            queue.push((grant = resolve));
            if (timer === null) pump();
          }),
        // An aborted wait leaves the queue: it never starts and frees its turn for the next.
        () => {
          const i = queue.indexOf(grant);
          if (i >= 0) queue.splice(i, 1);
        },
      );
    },
  };
}
