/**
 * Live updates and the user's place in the flow list: flows a live refresh
 * brings either follow (the user is at the newest flows: they stay in view)
 * or are counted ("3 new flows", the list does not move). Pure, so the rule
 * is tested without a browser; `hooks/useNewFlows.ts` applies it to the grid.
 */
import type { SortSpec } from './worker/rows';

/** Where the newest flows are: the end of the list, or its top when time sorts descending. */
export type NewestEnd = 'top' | 'bottom';

/**
 * Capture order is time order: sorted by time, the newest flows are last,
 * or first when descending. Other sorts put a new flow anywhere: the list's
 * end counts as "newest" (new flows are counted, and the button jumps there).
 */
export function newestEnd(sort: SortSpec): NewestEnd {
  return sort.key === 'time' && sort.descending ? 'top' : 'bottom';
}

export interface ScrollMetrics {
  scrollTop: number;
  clientHeight: number;
  scrollHeight: number;
}

/** Within `slack` pixels (about half a row) of the newest end counts as at it. */
export function isAtNewest(m: ScrollMetrics, end: NewestEnd, slack: number): boolean {
  if (end === 'top') return m.scrollTop <= slack;
  return m.scrollTop + m.clientHeight >= m.scrollHeight - slack;
}

/** How many flows in `view` came by live refresh since the last view (`from`: first new index). */
export function countNewcomers(view: Int32Array, from: number): number {
  let n = 0;
  for (let i = 0; i < view.length; i++) if (view[i]! >= from) n++;
  return n;
}

export type NewFlowsAction =
  /** nothing new: keep the list where it is */
  | { kind: 'stay' }
  /** the user is at the newest flows: show the new ones */
  | { kind: 'follow' }
  /** the user is elsewhere: keep the rows they look at in place, count the new ones */
  | { kind: 'count'; added: number };

/** What a view with `newcomers` live flows does to the list. */
export function decideOnNewFlows(newcomers: number, atNewest: boolean): NewFlowsAction {
  if (newcomers <= 0) return { kind: 'stay' };
  return atNewest ? { kind: 'follow' } : { kind: 'count', added: newcomers };
}

/**
 * How far to scroll so the row at the top of the viewport stays there when
 * the view changes under it (new flows sorted above it): the flow at
 * position `topPosition` of `before`, found again in `after`, in rows.
 * 0 when that flow is gone (the list keeps its scroll offset then).
 */
export function anchorShift(before: Int32Array, after: Int32Array, topPosition: number): number {
  const flow = before[topPosition];
  if (flow === undefined) return 0;
  // new flows usually land at one end: look near the old position first
  if (after[topPosition] === flow) return 0;
  const now = after.indexOf(flow);
  return now < 0 ? 0 : now - topPosition;
}
