/**
 * The start-up timeline of one instance: which phases it went through, who
 * named each (the platform or the service), how long each took, and how the
 * start-up ended. Pure: every moment comes from the platform's timestamps
 * when it gave them, and from what this tab saw only as a fallback.
 */
import type { PhaseRecord } from '@shared/schemas';
import { isSettling } from '../../../api/polling';
import { parseTimestamp } from '@shared/format';
import type { PhaseEntry } from './phaseLog';

export type PhaseSource = 'platform' | 'service' | undefined;

export interface TimelineStep {
  label: string;
  source: PhaseSource;
  since: number;
  /** undefined when the end of this step is not known */
  durationMs: number | undefined;
  /** `current` while the instance still settles in it; `failed` when the start-up died in it */
  mark: 'done' | 'current' | 'failed';
}

export type TimelineOutcome = 'ready' | 'failed' | 'ended' | undefined;

export interface Timeline {
  steps: TimelineStep[];
  /** How the start-up ended, once it did. */
  outcome: TimelineOutcome;
  /** When the start-up ended (ready or terminal), if known. */
  settledAt: number | undefined;
  /** From created_at to now while settling, or to the moment it settled; undefined if unknown. */
  elapsedMs: number | undefined;
  /** Where the phases come from. */
  origin: 'platform' | 'tab' | 'none';
  /** The tab only saw the end: a sentence saying so, or that it joined late. */
  note: string | undefined;
}

export interface TimelineInput {
  status: string | undefined;
  /** The platform's record of every phase (extension), if it keeps one. */
  phases: readonly PhaseRecord[] | null | undefined;
  /** What this tab saw, for a platform without `phases`. */
  tabLog: readonly PhaseEntry[];
  createdAt: string | null | undefined;
  readyAt: string | null | undefined;
  endedAt: string | null | undefined;
  now: number;
}

/** The platform's own phase names, for a platform that does not say the source. */
const PLATFORM_PHASES = new Set([
  'queued',
  'allocating',
  'allocating ports',
  'starting service',
  'starting services',
  'waiting for health check',
  'starting mitmdump',
]);

function stepsFromPlatform(phases: readonly PhaseRecord[]) {
  return phases.flatMap((p) => {
    const since = parseTimestamp(p.at)?.getTime();
    if (since === undefined) return [];
    const source: PhaseSource =
      p.source === 'platform' || p.source === 'service' ? p.source : undefined;
    return [{ label: p.phase, source, since }];
  });
}

function stepsFromTab(log: readonly PhaseEntry[]) {
  // Only the settling part is a phase; "running", "failed"… are outcomes.
  return log
    .filter((e) => isSettling(e.status) && e.status !== 'stopping')
    .map((e) => ({
      label: e.label,
      source: PLATFORM_PHASES.has(e.label.toLowerCase()) ? ('platform' as const) : undefined,
      since: e.since,
    }));
}

export function startupTimeline(input: TimelineInput): Timeline {
  const { status, tabLog, now } = input;
  const createdAt = parseTimestamp(input.createdAt)?.getTime();
  const readyAt = parseTimestamp(input.readyAt)?.getTime();
  const endedAt = parseTimestamp(input.endedAt)?.getTime();
  const settling = status === undefined || (isSettling(status) && status !== 'stopping');

  const fromPlatform = input.phases && input.phases.length > 0;
  const raw = fromPlatform ? stepsFromPlatform(input.phases!) : stepsFromTab(tabLog);
  const origin = fromPlatform ? 'platform' : raw.length > 0 ? 'tab' : 'none';

  let outcome: TimelineOutcome;
  let settledAt: number | undefined;
  if (!settling) {
    if (readyAt !== undefined) {
      outcome = 'ready';
      settledAt = readyAt;
    } else {
      outcome = status === 'failed' ? 'failed' : 'ended';
      // The platform's own moment; else the moment this tab saw it end, if it
      // was watching then (not when it opened on an instance already ended).
      const seenEnd = tabLog.findIndex((e) => !isSettling(e.status) || e.status === 'stopping');
      settledAt = endedAt ?? (seenEnd > 0 ? tabLog[seenEnd]!.since : undefined);
    }
  }

  const steps: TimelineStep[] = raw.map((step, i) => {
    const next = raw[i + 1];
    const end = next ? next.since : settling ? now : settledAt;
    const last = !next;
    return {
      ...step,
      durationMs: end === undefined ? undefined : Math.max(0, end - step.since),
      mark: !last ? 'done' : settling ? 'current' : outcome === 'ready' ? 'done' : 'failed',
    };
  });
  // An ended start-up that never reached "running" did not finish its last
  // phase; one that ended some other way (stopped while starting) neither.
  if (outcome === 'ended' && steps.length > 0) steps[steps.length - 1]!.mark = 'failed';

  const end = settling ? now : settledAt;
  const elapsedMs =
    createdAt !== undefined && end !== undefined ? Math.max(0, end - createdAt) : undefined;

  let note: string | undefined;
  if (origin !== 'platform') {
    const firstSeen = tabLog[0];
    if (firstSeen && !isSettling(firstSeen.status)) {
      note =
        outcome === 'ready'
          ? undefined
          : 'This page was opened after the start-up had ended; the platform does not keep its phases.';
    } else if (firstSeen && createdAt !== undefined && firstSeen.since - createdAt > 3_000) {
      note =
        'The phases before this page was opened are not known: the platform does not keep them.';
    }
  }

  return { steps, outcome, settledAt, elapsedMs, origin, note };
}
