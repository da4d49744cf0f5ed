/**
 * The phases of a start-up this tab has seen, with when each was first seen.
 * The server only tells the current phase, so a tab's timeline starts when
 * the tab started watching; earlier phases are simply not in it.
 */
export interface PhaseEntry {
  /** `phase` text, or the status when the server gave no phase. */
  label: string;
  status: string;
  /** ms epoch when this tab first saw it. */
  since: number;
}

export interface PhaseSample {
  status: string;
  phase?: string | null | undefined;
}

function labelOf(sample: PhaseSample): string {
  return sample.phase?.trim() || sample.status;
}

/** Appends `sample` when it differs from the last entry; returns the same array otherwise. */
export function recordPhase(
  log: readonly PhaseEntry[],
  sample: PhaseSample,
  at: number,
): readonly PhaseEntry[] {
  const label = labelOf(sample);
  const last = log.at(-1);
  if (last && last.label === label && last.status === sample.status) return log;
  return [...log, { label, status: sample.status, since: at }];
}

// Kept per tab, per instance, so switching between the instance's tabs does
// not lose what was seen.
const logs = new Map<string, readonly PhaseEntry[]>();
export function phaseLogOf(instanceId: string): readonly PhaseEntry[] {
  return logs.get(instanceId) ?? [];
}
export function savePhaseLog(instanceId: string, log: readonly PhaseEntry[]): void {
  logs.set(instanceId, log);
}

/** Forgets every timeline (sign-out, tests). */
export function forgetPhaseLogs(): void {
  logs.clear();
}
