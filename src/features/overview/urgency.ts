/**
 * Which instances get a card, and in which order: most urgent first
 * (failing, expiring, starting, running, stopping).
 */
import type { InstanceInfo } from '@shared/schemas';
import { isTerminalStatus } from '@shared/schemas';
import { parseTimestamp } from '@shared/format';

export const EXPIRING_MS = 10 * 60_000;
export const CRITICAL_MS = 2 * 60_000;
/** a failed instance keeps its card this long after it was created… */
export const FAILED_CARD_MS = 60 * 60_000;
/** …and a running one counts as failing when over half its flows of the last minutes are errors */
const FAILING_ERROR_SHARE = 0.5;
const FAILING_MINUTES = 2;

export type Urgency = 'failing' | 'expiring' | 'starting' | 'running' | 'stopping';
const RANK: Record<Urgency, number> = {
  failing: 0,
  expiring: 1,
  starting: 2,
  running: 3,
  stopping: 4,
};

export function msLeft(i: Pick<InstanceInfo, 'expires_at'>, now: number): number | null {
  const t = parseTimestamp(i.expires_at)?.getTime();
  return t === undefined ? null : t - now;
}

/** The time-left bar's colour: ok, then warn under 10 minutes, critical under 2. */
export function timeLeftLevel(ms: number | null): 'ok' | 'warn' | 'critical' {
  if (ms === null) return 'ok';
  if (ms <= CRITICAL_MS) return 'critical';
  if (ms <= EXPIRING_MS) return 'warn';
  return 'ok';
}

function erroring(i: InstanceInfo): boolean {
  const s = i.traffic_summary;
  if (!s) return false;
  const flows = s.per_minute.slice(-FAILING_MINUTES).reduce((a, b) => a + b, 0);
  const errors = s.errors_per_minute.slice(-FAILING_MINUTES).reduce((a, b) => a + b, 0);
  return flows >= 4 && errors / flows > FAILING_ERROR_SHARE;
}

/** The card's urgency, or null when the instance gets no card (ended, except a recent failure). */
export function urgencyOf(i: InstanceInfo, now: number): Urgency | null {
  if (i.status === 'failed') {
    const created = parseTimestamp(i.created_at)?.getTime() ?? 0;
    return now - created <= FAILED_CARD_MS ? 'failing' : null;
  }
  if (isTerminalStatus(i.status)) return null;
  if (i.status === 'stopping') return 'stopping';
  if (i.status === 'running' && erroring(i)) return 'failing';
  const left = msLeft(i, now);
  if (left !== null && left <= EXPIRING_MS) return 'expiring';
  if (i.status !== 'running') return 'starting';
  return 'running';
}

export interface CardEntry {
  instance: InstanceInfo;
  urgency: Urgency;
}

/**
 * The cards, most urgent first; expiring ones soonest first, the rest
 * newest first.
 */
export function orderCards(instances: readonly InstanceInfo[], now: number): CardEntry[] {
  const entries: CardEntry[] = [];
  for (const instance of instances) {
    const urgency = urgencyOf(instance, now);
    if (urgency) entries.push({ instance, urgency });
  }
  return entries.sort((a, b) => {
    const byRank = RANK[a.urgency] - RANK[b.urgency];
    if (byRank !== 0) return byRank;
    if (a.urgency === 'expiring')
      return (msLeft(a.instance, now) ?? 0) - (msLeft(b.instance, now) ?? 0);
    return b.instance.created_at.localeCompare(a.instance.created_at);
  });
}
