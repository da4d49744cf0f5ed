import { useEffect, useState } from 'react';

/** After this long without an answer a loading place says it is still waiting. */
export const SLOW_PENDING_MS = 3_000;

/**
 * True once `pending` has lasted `afterMs` without a break: the one rule for
 * when a wait is long enough to say so ("Still waiting for the platform…").
 */
export function useSlowPending(pending: boolean, afterMs: number = SLOW_PENDING_MS): boolean {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => setSlow(true), afterMs);
    return () => {
      clearTimeout(timer);
      setSlow(false);
    };
  }, [pending, afterMs]);
  return pending && slow;
}
