import { useCallback, useEffect, useState } from 'react';
import type { FlowDetails, TrafficSession } from '../session';

type DetailsState =
  | { state: 'none' }
  | { state: 'loading' }
  | { state: 'missing' }
  | { state: 'error'; message: string }
  | { state: 'ready'; details: FlowDetails };

/**
 * The full flow for the selected row, asked from the worker (which has the
 * platform fetch it when the row was listed from a summary). `version`
 * refetches when the row changed (a live refresh brought its response);
 * `retry` asks again after a failure.
 */
export function useFlowDetails(
  session: TrafficSession,
  index: number | undefined,
  version: unknown,
): DetailsState & { retry: () => void } {
  const [result, setResult] = useState<{ key: string; value: DetailsState } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const key = `${index}:${attempt}`;
  useEffect(() => {
    if (index === undefined) return;
    let cancelled = false;
    session.details(index).then(
      (details) => {
        if (!cancelled)
          setResult({ key, value: details ? { state: 'ready', details } : { state: 'missing' } });
      },
      (e: unknown) => {
        if (!cancelled)
          setResult({
            key,
            value: { state: 'error', message: e instanceof Error ? e.message : String(e) },
          });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [session, index, key, version]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  if (index === undefined) return { state: 'none', retry };
  if (!result || result.key !== key) return { state: 'loading', retry };
  return { ...result.value, retry };
}
