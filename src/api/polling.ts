/**
 * Polling schedules, driven by data (the query factories use these).
 */
import { isTerminalStatus } from '@shared/schemas';

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

/**
 * While the status poll fails (network lost, platform restarting), keep
 * polling but back off with the length of the outage: 2 s, growing to 5 s.
 */
export function reconnectPollDelay(outageMs: number): number {
  const delay = SDK_POLL_INTERVAL_MS + Math.max(0, outageMs) / 10;
  return Math.min(5_000, Math.round(delay));
}

/** What the readiness poll needs to know about its query to pick the next delay. */
export interface StatusPollState {
  /** The last status seen (undefined before the first answer). */
  status: string | undefined;
  /** Polls answered so far, successful or not. */
  pollsDone: number;
  /** The last poll failed. */
  failing: boolean;
  /** ms since the last successful poll (or since polling began). */
  outageMs: number;
  /** The instance is gone (404): nothing left to poll. */
  gone: boolean;
  /**
   * The tab is hidden. Interval polls only run then when a page opted in
   * (the player asked to be notified): at a gentle pace.
   */
  background?: boolean;
}

/** The pace of a hidden tab's readiness poll, when the player asked for a notification. */
export const BACKGROUND_POLL_INTERVAL_MS = 5_000;

/**
 * The `refetchInterval` of the status query: fast-then-2 s while the instance
 * settles, back-off while the poll fails, none once it is running or
 * terminal. (Hidden tabs: react-query skips interval polls while the window
 * is unfocused, since `refetchIntervalInBackground` stays off.)
 */
export function statusPollInterval(s: StatusPollState): number | false {
  if (s.gone) return false;
  let delay: number;
  if (s.failing) delay = reconnectPollDelay(s.outageMs);
  else if (s.status !== undefined && !isSettling(s.status)) return false;
  else delay = readinessPollDelay(s.pollsDone);
  return s.background ? Math.max(delay, BACKGROUND_POLL_INTERVAL_MS) : delay;
}

/** The team overview's pace: one list and one activity request per interval. */
export const OVERVIEW_POLL_MS = 7_500;
/** …faster while an instance starts or stops, so its card follows it. */
export const OVERVIEW_SETTLING_POLL_MS = 3_000;
/** A hidden tab (or a wall screen switched off) only keeps a slow heartbeat. */
export const OVERVIEW_HEARTBEAT_MS = 60_000;

/** The overview's `refetchInterval`: heartbeat when hidden, faster while anything settles. */
export function overviewPollInterval(
  statuses: readonly string[] | undefined,
  hidden: boolean,
): number {
  if (hidden) return OVERVIEW_HEARTBEAT_MS;
  if (statuses?.some((s) => isSettling(s) || s === 'stopping')) return OVERVIEW_SETTLING_POLL_MS;
  return OVERVIEW_POLL_MS;
}
