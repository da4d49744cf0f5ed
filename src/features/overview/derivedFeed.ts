/**
 * The activity feed of a server without the activity extension: events
 * inferred from changes between two instance lists seen while the page is
 * open (so they are marked as such, and their times are when they were seen).
 */
import type { ActivityEvent, InstanceInfo } from '@shared/schemas';

function event(
  kind: string,
  i: InstanceInfo,
  seenAt: number,
  extra: Partial<ActivityEvent> = {},
): ActivityEvent {
  return {
    id: `seen-${seenAt}-${i.id}-${kind}${extra.question_id ? `-${extra.question_id}` : ''}`,
    kind,
    at: new Date(seenAt).toISOString(),
    instance_id: i.id,
    challenge_id: i.challenge_id,
    challenge_name: i.challenge_name ?? null,
    actor: null,
    ...extra,
  };
}

function stopReason(message: string | null | undefined): string | null {
  if (!message) return null;
  if (/^solved/i.test(message)) return 'solved';
  if (/ttl|end of its time/i.test(message)) return 'expired';
  return null;
}

/** Who stopped it, when the message names someone ("Stopped by alice."). */
function stoppedBy(message: string | null | undefined): string | null {
  const m = message ? /^Stopped by (.+?)\.?$/.exec(message) : null;
  return m?.[1] ?? null;
}

/**
 * Events for what changed from `before` to `after` (both full lists of the
 * same filter), newest last. The first list of a page (before = undefined)
 * gives none: nothing was seen changing yet.
 */
export function deriveEvents(
  before: readonly InstanceInfo[] | undefined,
  after: readonly InstanceInfo[],
  seenAt: number,
): ActivityEvent[] {
  if (!before) return [];
  const previous = new Map(before.map((i) => [i.id, i]));
  const out: ActivityEvent[] = [];
  for (const i of after) {
    const was = previous.get(i.id);
    if (!was) {
      out.push(event('instance_started', i, seenAt, { actor: i.started_by ?? null }));
      if (i.status === 'running') out.push(event('instance_ready', i, seenAt));
      continue;
    }
    if (was.status !== i.status) {
      if (i.status === 'running') out.push(event('instance_ready', i, seenAt));
      else if (i.status === 'failed')
        out.push(event('instance_failed', i, seenAt, { message: i.message ?? null }));
      else if (i.status === 'stopped' || i.status === 'expired')
        out.push(
          event('instance_stopped', i, seenAt, {
            reason: i.status === 'expired' ? 'expired' : stopReason(i.message),
            actor: stoppedBy(i.message),
            message: i.message ?? null,
          }),
        );
    }
    const wasExpiry = was.expires_at ? Date.parse(was.expires_at) : NaN;
    const nowExpiry = i.expires_at ? Date.parse(i.expires_at) : NaN;
    if (nowExpiry > wasExpiry && i.status === was.status)
      out.push(event('instance_renewed', i, seenAt));
    const oldQuestions = new Map(was.questions.map((q) => [q.id, q]));
    for (const q of i.questions) {
      const old = oldQuestions.get(q.id);
      if (!old) continue;
      if (q.answered_correctly && !old.answered_correctly)
        out.push(
          event('question_answered', i, seenAt, {
            question_id: q.id,
            question_title: q.title ?? null,
            points: q.points ?? null,
            actor: q.answered_by ?? null,
          }),
        );
      else if (!q.answered_correctly && q.attempts_remaining === 0 && old.attempts_remaining !== 0)
        out.push(
          event('attempts_used_up', i, seenAt, {
            question_id: q.id,
            question_title: q.title ?? null,
          }),
        );
    }
  }
  return out;
}
