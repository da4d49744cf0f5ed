/**
 * For tests of the viewer's load path: the traffic worker run in this
 * thread, and waiting for a state of the session. The worker: Messages cross by
 * structured clone, asynchronously, as they do to a real worker; `core`
 * is the worker's own state, for tests that look inside it.
 */
import { TrafficWorkerCore } from './worker/core';
import type { ToWorker } from './worker/protocol';
import { toWire, type WireFromWorker } from './worker/rowTransfer';
import type { TrafficSession } from './session';

export class InThreadWorker {
  onmessage: ((e: MessageEvent<WireFromWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  private stopped = false;
  readonly core = new TrafficWorkerCore((message) => {
    // a Blob crosses to the page as itself (it cannot change); jsdom's Blob is
    // not one Node's structuredClone knows
    // rows cross as the real worker sends them (`toWire`)
    const wire = toWire(message).message;
    const copy = wire.type === 'har' ? { ...wire } : structuredClone(wire);
    setTimeout(() => {
      if (!this.stopped) this.onmessage?.({ data: copy } as MessageEvent<WireFromWorker>);
    }, 0);
  });
  postMessage(message: ToWorker) {
    const copy = structuredClone(message);
    setTimeout(() => {
      if (!this.stopped) this.core.handle(copy);
    }, 0);
  }
  terminate() {
    this.stopped = true;
  }
}

/** Resolves when `ready()` holds after a change of the session (waits for a state, not a time). */
export function until(session: TrafficSession, ready: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (ready()) return resolve();
    const stop = session.subscribe(() => {
      if (!ready()) return;
      stop();
      resolve();
    });
  });
}

/** The ids the view shows once `filter` is applied (whole flows read, if it needed them). */
export async function filtered(session: TrafficSession, filter: string): Promise<string[]> {
  session.setFilter(filter);
  await until(session, () => {
    const s = session.getSnapshot();
    return s.viewFilter === filter && s.filterError === null && s.wholeFlows.state === 'idle';
  });
  const { view, rows } = session.getSnapshot();
  return Array.from(view ?? [], (i) => rows[i]!.id);
}
