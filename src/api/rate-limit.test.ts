import { createScheduler } from './rate-limit';
import { fakeClock } from './testing';

/** The most starts inside any window of `windowMs` beginning at a start. */
const busiestWindow = (starts: number[], windowMs = 1000) =>
  Math.max(0, ...starts.map((t) => starts.filter((s) => s >= t && s < t + windowMs).length));

describe('rate limiter', () => {
  it('a burst of 50 never starts more than 5 in any 1000 ms window, in FIFO order', async () => {
    const { clock, advance } = fakeClock();
    const scheduler = createScheduler({ clock });
    const starts: number[] = [];
    const order: number[] = [];
    for (let i = 0; i < 50; i++) {
      void scheduler.slot().then(() => {
        starts.push(clock.now());
        order.push(i);
      });
    }
    await advance(0);
    expect(starts).toEqual([0, 0, 0, 0, 0]);
    await advance(20000);
    expect(starts).toHaveLength(50);
    expect(busiestWindow(starts)).toBe(5);
    expect(order).toEqual([...Array(50).keys()]);
    // It keeps the pace it is allowed: 50 requests take 9 further windows, not 50 fixed delays.
    expect(starts[49]).toBe(9000);
  });

  it('starts at once on an idle page, with no spacing delay between a few requests', async () => {
    const { clock, flush } = fakeClock();
    const scheduler = createScheduler({ clock });
    let started = 0;
    void scheduler.slot().then(() => started++);
    void scheduler.slot().then(() => started++);
    await flush();
    expect(started).toBe(2);
  });

  it('bursts that arrive spread out still never exceed the limit', async () => {
    const { clock, advance } = fakeClock();
    const scheduler = createScheduler({ clock });
    const starts: number[] = [];
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 4; i++) void scheduler.slot().then(() => starts.push(clock.now()));
      await advance(300);
    }
    await advance(10000);
    expect(starts).toHaveLength(40);
    expect(busiestWindow(starts)).toBeLessThanOrEqual(5);
  });

  it('a request aborted while queued never starts and frees its turn for the next', async () => {
    const { clock, advance } = fakeClock();
    const scheduler = createScheduler({ clock, limit: 1 });
    await scheduler.slot();
    const controller = new AbortController();
    const aborted = scheduler.slot(controller.signal);
    let nextStartedAt: number | null = null;
    void scheduler.slot().then(() => (nextStartedAt = clock.now()));
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ kind: 'aborted' });
    await advance(2000);
    expect(nextStartedAt).toBe(1000);
  });

  it('an already aborted signal is refused at once', async () => {
    const { clock } = fakeClock();
    const scheduler = createScheduler({ clock });
    await expect(scheduler.slot(AbortSignal.abort())).rejects.toMatchObject({ kind: 'aborted' });
  });
});
