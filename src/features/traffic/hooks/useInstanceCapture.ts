import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, isApiError } from '../../../api/client';
import type { ApiScope } from '../../../api/scope';
import { fetchTrafficBytes } from '../../../api/traffic';
import type { TrafficSession } from '../session';

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

/** Fetches with retries for transient failures (network blip, timeout, 5xx). */
async function fetchWithRetry(scope: ApiScope, id: string, signal: AbortSignal) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchTrafficBytes(scope, id, signal);
    } catch (e) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (signal.aborted || !isApiError(e) || !e.isTransient || delay === undefined) throw e;
      await sleep(delay, signal);
      if (signal.aborted) throw e;
    }
  }
}

/**
 * Loads an instance's capture into the session, and while `live` is on,
 * refetches it every few seconds (the worker merges the delta). A failed live
 * refresh is reported but keeps what is shown.
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

  useEffect(() => {
    const controller = new AbortController();
    loaded.current = false;
    session.markLoading();
    fetchWithRetry(scope, instanceId, controller.signal).then(
      (buffer) => {
        if (controller.signal.aborted) return;
        loaded.current = true;
        setLastUpdated(Date.now());
        session.loadApi(buffer, false);
      },
      (e: unknown) => {
        if (!controller.signal.aborted) session.failLoad(errorMessage(e));
      },
    );
    return () => controller.abort();
  }, [session, scope, instanceId, attempt]);

  useEffect(() => {
    if (!live) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout>;
    const tickOnce = async () => {
      if (loaded.current) {
        try {
          const buffer = await fetchTrafficBytes(scope, instanceId, controller.signal);
          if (controller.signal.aborted) return;
          session.loadApi(buffer, true);
          setLiveError(null);
          setLastUpdated(Date.now());
        } catch (e) {
          if (!controller.signal.aborted) setLiveError(errorMessage(e));
        }
      }
      if (!controller.signal.aborted) timer = setTimeout(() => void tickOnce(), LIVE_INTERVAL_MS);
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
