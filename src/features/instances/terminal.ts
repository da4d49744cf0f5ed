/**
 * How an instance ended, in plain words: one place decides it (from the
 * platform's `end_reason` extension, or from `message` on a platform without
 * it), and the header, the overview and the start-up view all ask here.
 */
import type { EndReason, InstanceInfo } from '@shared/schemas';
import { parseTimestamp } from '@shared/format';

export type EndedInstance = Pick<
  InstanceInfo,
  'status' | 'message' | 'questions' | 'end_reason' | 'ended_at' | 'ended_by' | 'ready_at'
>;

const RESTART = /platform restarted/i;
const SHUTDOWN = /platform shut ?down/i;
const STOPPED_BY = /^stopped by (.+?)\.?$/i;

/** Why it ended; undefined while it is live (or the status is unknown). */
export function endReasonOf(i: EndedInstance): EndReason | undefined {
  const reason = i.end_reason as EndReason | null | undefined;
  if (reason && (i.status === 'stopped' || i.status === 'expired' || i.status === 'failed')) {
    return reason;
  }
  const message = i.message?.trim() ?? '';
  switch (i.status) {
    case 'expired':
      return 'expired';
    case 'failed':
      return RESTART.test(message) ? 'platform_restart' : 'failed';
    case 'stopped': {
      if (SHUTDOWN.test(message)) return 'platform_shutdown';
      if (RESTART.test(message)) return 'platform_restart';
      const solved =
        /^solved\b/i.test(message) ||
        (i.questions.length > 0 && i.questions.every((q) => q.answered_correctly));
      return solved ? 'solved' : 'stopped';
    }
    default:
      return undefined;
  }
}

/** Who stopped it: the platform's `ended_by`, or "Stopped by alice." in the message. */
export function stoppedBy(i: EndedInstance): string | undefined {
  return i.ended_by ?? STOPPED_BY.exec(i.message?.trim() ?? '')?.[1];
}

/** When it ended, from the platform's own timestamp (never the tab's clock). */
export function endedAt(i: EndedInstance): Date | undefined {
  return parseTimestamp(i.ended_at);
}

export interface EndedWording {
  reason: EndReason;
  /** What happened, and by whom: "Stopped by alice". */
  title: string;
  /** The platform's explanation, when it adds something (a failure's message). */
  detail: string | undefined;
  /** The moment it ended, when the platform said. */
  at: Date | undefined;
}

/** The one sentence a page says about an ended instance; undefined while it is live. */
export function endedWording(i: EndedInstance): EndedWording | undefined {
  const reason = endReasonOf(i);
  if (!reason) return undefined;
  const at = endedAt(i);
  const message = i.message?.trim() || undefined;
  const by = stoppedBy(i);
  switch (reason) {
    case 'stopped':
      return { reason, title: by ? `Stopped by ${by}` : 'Stopped', detail: undefined, at };
    case 'solved':
      return {
        reason,
        title: 'Solved: every question was answered, so the platform stopped it',
        detail: undefined,
        at,
      };
    case 'expired':
      return { reason, title: 'Expired: its time ran out', detail: undefined, at };
    case 'platform_restart':
      return {
        reason,
        title: `Stopped because the platform restarted while it was ${i.ready_at ? 'running' : 'starting'}`,
        detail: undefined,
        at,
      };
    case 'platform_shutdown':
      return { reason, title: 'Stopped because the platform shut down', detail: undefined, at };
    case 'failed':
      return {
        reason,
        title: i.ready_at ? 'Failed while running' : 'Failed to start',
        detail: message ?? 'The platform gave no reason.',
        at,
      };
  }
}
