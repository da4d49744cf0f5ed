import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { errorMessage, isApiError } from '../../../api/client';
import type { ApiScope } from '../../../api/scope';
import { fetchTrafficFlow, openTrafficStream, readStream } from '../../../api/traffic';
import { fetchTrafficMatches } from '../../../api/trafficFilter';
import type { CaptureRemote, TrafficSession } from '../session';

export const LIVE_INTERVAL_MS = 3_000;
const RETRY_DELAYS_MS = [500, 1_500, 4_000];

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

/**
 * What the list asks for: summaries as rows (extensions; a platform with
 * summaries alone sends summary objects, one without either whole flows).
 */
export const SUMMARY_ROWS = { view: 'summary', layout: 'rows' } as const;

/**
 * Opens the capture with retries for transient failures (network blip,
 * timeout, 5xx). Asks for summaries: a platform with the extension sends
 * each flow without its bodies (the document says `view: "summary"`; whole
 * flows are fetched when needed), one without sends whole flows.
 */
export async function openInstanceCapture(scope: ApiScope, id: string, signal: AbortSignal) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await openTrafficStream(scope, id, { signal, ...SUMMARY_ROWS });
    } catch (e) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (signal.aborted || !isApiError(e) || !e.isTransient || delay === undefined) throw e;
      await sleep(delay, signal);
      if (signal.aborted) throw e;
    }
  }
}

/**
 * Whole flows of an instance's capture, for rows listed from summaries, and
 * the platform's evaluation of filters that need them (`traffic/matches`).
 */
export function instanceCaptureRemote(scope: ApiScope, instanceId: string): CaptureRemote {
  return {
    fetchFlow: (flowId, signal) => fetchTrafficFlow(scope, instanceId, flowId, signal),
    readWhole: async (onChunk, signal) => {
      const stream = await openTrafficStream(scope, instanceId, { signal });
      await readStream(stream, onChunk, signal);
    },
    fetchMatches: async (filter, signal, onBatch) => {
      await fetchTrafficMatches(scope, instanceId, filter, {
        signal,
        onLine: (line) => {
          if ('ids' in line)
            onBatch({ ids: line.ids, dropped: line.dropped ?? [], scanned: line.scanned });
        },
      });
    },
  };
}

/**
 * Loads an instance's capture into the session (streamed: the first rows
 * show while the rest downloads), and while `live` is on, asks every few
 * seconds for what is new since the last answer (the server's cursor; a
 * server without one sends everything, which the worker merges too). A
 * failed live refresh is reported but keeps what is shown.
 */
export function useInstanceCapture(
  session: TrafficSession,
  scope: ApiScope,
  instanceId: string,
  live: boolean,
) {
  const [liveError, setLiveError] = useState<string | null>(null);
  const [lastUpdated, setLastUpdated] = useState<number | null>(null);
  const [attempt, setAttempt] = useState(0);
  const loaded = useRef(false);
  const cursor = useRef<string | null>(null);
  // a stopped filter's worker was replaced: the capture is read again
  const restarts = useSyncExternalStore(
    session.subscribe,
    () => session.getSnapshot().workerRestarts,
  );

  useEffect(() => {
    session.setRemote(instanceCaptureRemote(scope, instanceId));
    return () => session.setRemote(null);
  }, [session, scope, instanceId]);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    loaded.current = false;
    cursor.current = null;
    session.markLoading();
    openInstanceCapture(scope, instanceId, signal)
      .then((stream) => session.loadStream((onChunk) => readStream(stream, onChunk, signal), false))
      .then(
        (result) => {
          if (signal.aborted) return;
          loaded.current = true;
          cursor.current = result.cursor;
          setLastUpdated(Date.now());
        },
        (e: unknown) => {
          // a cut connection after some rows is shown by the worker as a warning
          if (!signal.aborted && session.getSnapshot().capture.kind !== 'ready')
            session.failLoad(errorMessage(e));
        },
      );
    return () => controller.abort();
  }, [session, scope, instanceId, attempt, restarts]);

  useEffect(() => {
    if (!live) return;
    const controller = new AbortController();
    const { signal } = controller;
    let timer: ReturnType<typeof setTimeout>;
    const tickOnce = async () => {
      if (loaded.current) {
        try {
          const stream = await openTrafficStream(scope, instanceId, {
            since: cursor.current,
            ...SUMMARY_ROWS,
            signal,
          });
          if (signal.aborted) return;
          const result = await session.loadStream(
            (onChunk) => readStream(stream, onChunk, signal),
            true,
          );
          if (signal.aborted) return;
          cursor.current = result.cursor;
          setLiveError(null);
          setLastUpdated(Date.now());
        } catch (e) {
          if (!signal.aborted) setLiveError(errorMessage(e));
        }
      }
      if (!signal.aborted) timer = setTimeout(() => void tickOnce(), LIVE_INTERVAL_MS);
    };
    timer = setTimeout(() => void tickOnce(), LIVE_INTERVAL_MS);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [session, scope, instanceId, live]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { liveError, lastUpdated, retry };
}
