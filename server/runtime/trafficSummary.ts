/**
 * Traffic at a glance, per instance (an extension of the local platform):
 * flow and error counts, the last flow's time, and counts per minute over
 * the last 30 minutes. Kept up to date as the recorder reports each flow,
 * in constant memory per instance: it never reads a capture file.
 */
import type { Flow, TrafficSummary } from '../../shared/schemas';

export const SUMMARY_MINUTES = 30;
const MINUTE_MS = 60_000;
/** instances remembered at most (the oldest are forgotten first) */
const MAX_INSTANCES = 5_000;

/** What the runtime reports of one finished flow. */
export interface FlowMark {
  /** when the flow began, ms since the epoch */
  at: number;
  /** it failed (no response) or got a 5xx */
  error: boolean;
}

interface Counts {
  flows: number;
  errors: number;
  lastAt: number | null;
  /** ring of per-minute counts, indexed by minute number % SUMMARY_MINUTES */
  minutes: Int32Array;
  errorMinutes: Int32Array;
  /** the minute number each ring slot holds */
  slotMinute: Float64Array;
}

/** The mark of a recorded flow: its start, and whether it failed or got a 5xx. */
export function flowMark(flow: Flow): FlowMark {
  const status = flow.response?.status_code ?? 0;
  return {
    at: Math.round(flow.timestamp_created * 1000),
    error: flow.error != null || flow.response == null || status >= 500,
  };
}

export class TrafficSummaries {
  private readonly byInstance = new Map<string, Counts>();

  constructor(private readonly maxInstances = MAX_INSTANCES) {}

  record(instanceId: string, mark: FlowMark): void {
    let c = this.byInstance.get(instanceId);
    if (!c) {
      c = {
        flows: 0,
        errors: 0,
        lastAt: null,
        minutes: new Int32Array(SUMMARY_MINUTES),
        errorMinutes: new Int32Array(SUMMARY_MINUTES),
        slotMinute: new Float64Array(SUMMARY_MINUTES).fill(-1),
      };
      this.byInstance.set(instanceId, c);
      if (this.byInstance.size > this.maxInstances) {
        const oldest = this.byInstance.keys().next().value;
        if (oldest !== undefined) this.byInstance.delete(oldest);
      }
    }
    c.flows++;
    if (mark.error) c.errors++;
    c.lastAt = c.lastAt === null ? mark.at : Math.max(c.lastAt, mark.at);
    const minute = Math.floor(mark.at / MINUTE_MS);
    const slot = minute % SUMMARY_MINUTES;
    if (c.slotMinute[slot] !== minute) {
      // a flow older than what the slot holds is outside the window: count it only in the totals
      if (c.slotMinute[slot]! > minute) return;
      c.slotMinute[slot] = minute;
      c.minutes[slot] = 0;
      c.errorMinutes[slot] = 0;
    }
    c.minutes[slot]!++;
    if (mark.error) c.errorMinutes[slot]!++;
  }

  /** The summary as of `now`, or null when no flow was ever recorded for the instance. */
  summary(instanceId: string, now = Date.now()): TrafficSummary | null {
    const c = this.byInstance.get(instanceId);
    if (!c) return null;
    const current = Math.floor(now / MINUTE_MS);
    const perMinute: number[] = [];
    const errorsPerMinute: number[] = [];
    for (let m = current - SUMMARY_MINUTES + 1; m <= current; m++) {
      const slot = ((m % SUMMARY_MINUTES) + SUMMARY_MINUTES) % SUMMARY_MINUTES;
      const held = c.slotMinute[slot] === m;
      perMinute.push(held ? c.minutes[slot]! : 0);
      errorsPerMinute.push(held ? c.errorMinutes[slot]! : 0);
    }
    return {
      flows: c.flows,
      errors: c.errors,
      last_flow_at: c.lastAt === null ? null : new Date(c.lastAt).toISOString(),
      window_end: new Date((current + 1) * MINUTE_MS).toISOString(),
      per_minute: perMinute,
      errors_per_minute: errorsPerMinute,
    };
  }
}
