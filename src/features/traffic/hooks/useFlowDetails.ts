import { useEffect, useState } from 'react';
import type { FlowDetails, TrafficSession } from '../session';

type DetailsState =
  | { state: 'none' }
  | { state: 'loading' }
  | { state: 'missing' }
  | { state: 'ready'; details: FlowDetails };

/**
 * The full flow for the selected row, asked from the worker. `version`
 * refetches when the row changed (a live refresh brought its response).
 */
export function useFlowDetails(
  session: TrafficSession,
  index: number | undefined,
  version: unknown,
): DetailsState {
  const [result, setResult] = useState<{ key: string; value: DetailsState } | null>(null);
  const key = `${index}`;
  useEffect(() => {
    if (index === undefined) return;
    let cancelled = false;
    void session.details(index).then((details) => {
      if (!cancelled) {
        setResult({ key, value: details ? { state: 'ready', details } : { state: 'missing' } });
      }
    });
    return () => {
      cancelled = true;
    };
  }, [session, index, key, version]);
  if (index === undefined) return { state: 'none' };
  if (!result || result.key !== key) return { state: 'loading' };
  return result.value;
}
