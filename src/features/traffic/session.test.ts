/**
 * The session with the real worker core run in-process (a Worker-shaped
 * shim around `TrafficWorkerCore`): which flows count as live arrivals.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeFlow } from '@shared/capture/testFlows';
import { TrafficSession } from './session';
import { TrafficWorkerCore } from './worker/core';
import type { FromWorker, ToWorker } from './worker/protocol';

function inProcessWorker(): Worker {
  const worker = {
    onmessage: null as ((e: MessageEvent<FromWorker>) => void) | null,
    onerror: null,
    postMessage(message: ToWorker) {
      // asynchronous, as a real worker's messages are
      queueMicrotask(() => core.handle(message));
    },
    terminate() {},
  };
  const core = new TrafficWorkerCore((m) =>
    queueMicrotask(() => worker.onmessage?.({ data: m } as MessageEvent<FromWorker>)),
  );
  return worker as unknown as Worker;
}

const documentBytes = (ids: string[], cursor: string) =>
  new TextEncoder().encode(
    JSON.stringify({
      format: 'ctfy-traffic/1',
      instance_id: 'i1',
      flows: ids.map((id) => makeFlow({ id, time: 1_700_000_000 + id.charCodeAt(0) })),
      cursor,
    }),
  );

describe('TrafficSession.liveFrom', () => {
  it('flows of the first read are not live arrivals; those a refresh brings are', async () => {
    const session = new TrafficSession({}, inProcessWorker);
    expect(session.getSnapshot().liveFrom).toBe(Number.POSITIVE_INFINITY);

    await session.loadStream(
      async (onChunk) => onChunk(documentBytes(['a', 'b', 'c'], 'k1')),
      false,
    );
    await vi.waitFor(() => expect(session.getSnapshot().view?.length).toBe(3));
    expect(session.getSnapshot().liveFrom).toBe(3);

    // a refresh with two new flows (and one seen again): liveFrom stays where the first read ended
    await session.loadStream(
      async (onChunk) => onChunk(documentBytes(['c', 'd', 'e'], 'k2')),
      true,
    );
    await vi.waitFor(() => expect(session.getSnapshot().view?.length).toBe(5));
    const { liveFrom, view } = session.getSnapshot();
    expect(liveFrom).toBe(3);
    expect(Array.from(view!).filter((i) => i >= liveFrom)).toHaveLength(2);

    // a new first read (another capture) starts over
    await session.loadStream(async (onChunk) => onChunk(documentBytes(['x'], 'k3')), false);
    await vi.waitFor(() => expect(session.getSnapshot().view?.length).toBe(1));
    expect(session.getSnapshot().liveFrom).toBe(1);
    session.dispose();
  });
});

describe('TrafficSession: a filter that holds the worker', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /**
   * The real worker core in-process, which can be made to hold: from then on
   * it takes nothing more (as a worker running a pattern that backtracks
   * without end), or, `busy`, takes only pings (as one waiting for the platform).
   */
  function holdableWorkers() {
    const made: { hold: (how: 'held' | 'busy') => void; terminated: boolean }[] = [];
    const make = () => {
      let state: 'free' | 'held' | 'busy' = 'free';
      const handle = { hold: (how: 'held' | 'busy') => (state = how), terminated: false };
      const worker = {
        onmessage: null as ((e: MessageEvent<FromWorker>) => void) | null,
        onerror: null,
        postMessage(message: ToWorker) {
          if (state === 'held' || handle.terminated) return;
          if (state === 'busy' && message.type !== 'ping') return;
          queueMicrotask(() => core.handle(message));
        },
        terminate() {
          handle.terminated = true;
        },
      };
      const core = new TrafficWorkerCore((m) =>
        queueMicrotask(() => {
          if (!handle.terminated) worker.onmessage?.({ data: m } as MessageEvent<FromWorker>);
        }),
      );
      made.push(handle);
      return worker as unknown as Worker;
    };
    return { made, make };
  }
  const json = (ids: string[]) =>
    new Blob([
      JSON.stringify({
        format: 'ctfy-traffic/1',
        instance_id: 'i1',
        flows: ids.map((id) => makeFlow({ id, path: `/${id}` })),
      }),
    ]);
  /** Reads the file `c.json` (flows a, b, c) and waits until its rows are listed. */
  async function listFile(session: TrafficSession) {
    session.loadFile(json(['a', 'b', 'c']), 'c.json');
    await vi.waitFor(() => expect(session.getSnapshot().view?.length).toBe(3));
  }
  const HOLDING = '~u "(a+)+b"';
  /** A session listing `c.json`, then its worker held by a filter (`HOLDING`) typed. */
  async function sessionHeldByFilter() {
    const { made, make } = holdableWorkers();
    const session = new TrafficSession({}, make);
    await listFile(session);
    made[0]!.hold('held');
    session.setFilter(HOLDING);
    return { made, session };
  }

  it('offers to stop it; stopping replaces the worker, reads the file again and keeps the filter with an error', async () => {
    const { made, session } = await sessionHeldByFilter();
    await vi.advanceTimersByTimeAsync(4_000);
    expect(session.getSnapshot().filterStuck).toBe(false); // not yet: 2 s, then 3 s unanswered
    await vi.advanceTimersByTimeAsync(2_000);
    expect(session.getSnapshot().filterStuck).toBe(true);

    session.stopFilter();
    expect(made[0]!.terminated).toBe(true);
    expect(made).toHaveLength(2);
    await vi.waitFor(() => expect(session.getSnapshot().view?.length).toBe(3));
    const after = session.getSnapshot();
    expect(after.filterStuck).toBe(false);
    expect(after.filter).toBe(HOLDING);
    expect(after.filterError?.message).toMatch(/This filter was stopped/);
    expect(after.workerRestarts).toBe(1);
    // a changed filter runs again
    session.setFilter('~u /b');
    await vi.waitFor(() => expect(session.getSnapshot().view?.length).toBe(1));
    expect(session.getSnapshot().filterError).toBeNull();
    session.dispose();
  });

  it('never calls a worker that answers its pings held, however long the query takes', async () => {
    const { made, make } = holdableWorkers();
    const session = new TrafficSession({}, make);
    session.loadFile(json(['a', 'b']), 'b.json');
    await vi.waitFor(() => expect(session.getSnapshot().view?.length).toBe(2));
    made[0]!.hold('busy');
    session.setFilter('~b x');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(session.getSnapshot().filterStuck).toBe(false);
    expect(made).toHaveLength(1);
    session.dispose();
  });

  it('used again after dispose (a remount), calls the new worker held only after a ping of its own went unanswered', async () => {
    const { made, session } = await sessionHeldByFilter();
    await vi.advanceTimersByTimeAsync(6_000);
    expect(session.getSnapshot().filterStuck).toBe(true);
    session.dispose();
    expect(session.getSnapshot().filterStuck).toBe(false); // its worker is gone

    session.setFilter('');
    await listFile(session);
    expect(made).toHaveLength(2);
    made[1]!.hold('held');
    session.setFilter(HOLDING);
    // the first worker's ping, never answered, does not count for this one
    await vi.advanceTimersByTimeAsync(2_500);
    expect(session.getSnapshot().filterStuck).toBe(false);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(session.getSnapshot().filterStuck).toBe(true);
    session.dispose();
  });
});
