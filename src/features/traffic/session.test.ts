/**
 * The session with the real worker core run in-process (a Worker-shaped
 * shim around `TrafficWorkerCore`): which flows count as live arrivals.
 */
import { describe, expect, it, vi } from 'vitest';
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
