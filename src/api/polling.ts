/**
 * Polling schedules, driven by data (the query factories use these).
 */
import { isTerminalStatus } from './schemas';

/** The SDK's poll interval and readiness timeout. */
export const SDK_POLL_INTERVAL_MS = 2_000;
export const SDK_READY_TIMEOUT_MS = 300_000;

/**
 * Delay before the n-th readiness poll (n = polls done so far): starts at
 * 0.5 s and eases off to the SDK's 2 s.
 */
export function readinessPollDelay(pollsDone: number): number {
  const first = 500;
  const delay = first * Math.pow(1.5, Math.max(0, pollsDone - 1));
  return Math.min(SDK_POLL_INTERVAL_MS, Math.round(delay));
}

/** A status that is still on its way to running (or an unknown one). */
export function isSettling(status: string | undefined): boolean {
  if (status === undefined) return true;
  return status !== 'running' && !isTerminalStatus(status);
}

/** List refresh: fast while anything is starting, slow when all are steady. */
export function listPollInterval(statuses: readonly string[] | undefined): number {
  if (!statuses) return 10_000;
  return statuses.some((s) => isSettling(s) || s === 'stopping') ? 2_000 : 10_000;
}
