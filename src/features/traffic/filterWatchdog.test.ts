/**
 * The watchdog's timing (fake timers: it is timing alone). The pings go to a
 * fake worker whose answers the test gives; the session with a real worker
 * core that holds is in `session.test.ts`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FilterWatchdog, QUERY_WATCH_MS, STUCK_AFTER_MS } from './filterWatchdog';

/** A worker whose pings wait for `answerPings()`; `changes` lists what the watchdog told. */
function watched() {
  const pongs: (() => void)[] = [];
  const w = {
    pings: 0,
    running: true,
    streaming: false,
    changes: [] as boolean[],
    /** answers every ping sent so far, as a free worker does */
    async answerPings() {
      for (const pong of pongs) pong();
      await vi.advanceTimersByTimeAsync(0); // the `then`s run
    },
    /** answers the `n`th ping sent (from 0) alone */
    async answerPing(n: number) {
      pongs[n]!();
      await vi.advanceTimersByTimeAsync(0);
    },
  };
  const watchdog = new FilterWatchdog({
    ping: () => {
      w.pings++;
      return new Promise<void>((resolve) => pongs.push(resolve));
    },
    running: () => w.running,
    mayCallHeld: () => !w.streaming,
    onHeldChange: (held) => w.changes.push(held),
  });
  return { w, watchdog };
}

const ms = (n: number) => vi.advanceTimersByTimeAsync(n);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('FilterWatchdog', () => {
  it('asks nothing of a worker that answers its query within QUERY_WATCH_MS, and then stops looking', async () => {
    const { w, watchdog } = watched();
    watchdog.start();
    await ms(QUERY_WATCH_MS - 1);
    watchdog.answered();
    await ms(60_000);
    expect(w.pings).toBe(0);
    expect(w.changes).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('pings a query unanswered for QUERY_WATCH_MS; calls the worker held once a ping is unanswered for STUCK_AFTER_MS', async () => {
    const { w, watchdog } = watched();
    watchdog.start();
    await ms(QUERY_WATCH_MS - 1);
    expect(w.pings).toBe(0);
    await ms(1);
    expect(w.pings).toBe(1);
    await ms(STUCK_AFTER_MS - 1);
    expect(w.changes).toEqual([]);
    expect(watchdog.held).toBe(false);
    await ms(1);
    expect(w.changes).toEqual([true]);
    expect(watchdog.held).toBe(true);
    // told once; no other ping while this one is out
    await ms(10_000);
    expect(w.changes).toEqual([true]);
    expect(w.pings).toBe(1);
    // the late answer: free again
    await w.answerPings();
    expect(w.changes).toEqual([true, false]);
    expect(watchdog.held).toBe(false);
  });

  it('never calls a worker held that answers its pings, however long the query takes', async () => {
    const { w, watchdog } = watched();
    watchdog.start();
    for (let t = 0; t < 60_000; t += 100) {
      await ms(100);
      await w.answerPings();
    }
    expect(w.pings).toBeGreaterThan(1); // it keeps asking while the query is unanswered
    expect(w.changes).toEqual([]);
    const pings = w.pings;
    watchdog.answered();
    await ms(60_000);
    expect(w.pings).toBe(pings);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not call a worker held while a capture streams in (its chunks may be queued before the ping)', async () => {
    const { w, watchdog } = watched();
    w.streaming = true;
    watchdog.start();
    await ms(QUERY_WATCH_MS + STUCK_AFTER_MS + 10_000);
    expect(w.pings).toBe(1);
    expect(w.changes).toEqual([]);
    w.streaming = false;
    await ms(1_000);
    expect(w.changes).toEqual([true]);
  });

  it('an answered query frees a held worker', async () => {
    const { w, watchdog } = watched();
    watchdog.start();
    await ms(QUERY_WATCH_MS + STUCK_AFTER_MS);
    expect(w.changes).toEqual([true]);
    watchdog.answered();
    expect(w.changes).toEqual([true, false]);
  });

  it('a new query while one is watched keeps the watch (no second timer, no fresh wait)', async () => {
    const { w, watchdog } = watched();
    watchdog.start();
    await ms(QUERY_WATCH_MS - 500);
    watchdog.start();
    await ms(500);
    expect(w.pings).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('stop: no timer, the ping out forgotten (its late answer changes nothing), the next query waits the whole time again', async () => {
    const { w, watchdog } = watched();
    watchdog.start();
    await ms(QUERY_WATCH_MS + STUCK_AFTER_MS);
    expect(w.changes).toEqual([true]);
    watchdog.stop();
    expect(w.changes).toEqual([true, false]);
    expect(vi.getTimerCount()).toBe(0);

    // the ping of before is not counted: a new ping, unanswered STUCK_AFTER_MS
    watchdog.start();
    await ms(QUERY_WATCH_MS);
    expect(w.pings).toBe(2);
    await w.answerPing(0); // the forgotten ping's late answer is not the new one's
    await ms(STUCK_AFTER_MS - 1);
    expect(w.changes).toEqual([true, false]);
    await ms(1);
    expect(w.changes).toEqual([true, false, true]);
    expect(w.pings).toBe(2);
  });

  it('stops watching when no worker runs', async () => {
    const { w, watchdog } = watched();
    watchdog.start();
    w.running = false;
    await ms(60_000);
    expect(w.pings).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
