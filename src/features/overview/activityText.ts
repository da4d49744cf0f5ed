/** One activity event as a sentence (plain text: names come from the network). */
import type { ActivityEvent } from '@shared/schemas';

export const KIND_LABELS: Record<string, string> = {
  instance_started: 'Instance started',
  instance_ready: 'Instance ready',
  instance_failed: 'Instance failed',
  instance_stopped: 'Instance stopped',
  instance_renewed: 'Instance renewed',
  question_answered: 'Question answered',
  attempts_used_up: 'Attempts used up',
};

export function activityText(e: ActivityEvent): string {
  const what = e.challenge_name ?? e.challenge_id ?? 'an instance';
  const who = e.actor ?? null;
  const question = e.question_title ?? e.question_id ?? 'a question';
  switch (e.kind) {
    case 'instance_started':
      return `${who ?? 'Someone'} started ${what}`;
    case 'instance_ready':
      return `${what} is ready`;
    case 'instance_failed':
      return `${what} failed${e.message ? `: ${e.message}` : ''}`;
    case 'instance_stopped':
      if (e.reason === 'expired') return `${what} expired (end of its time)`;
      if (e.reason === 'solved') return `${what} was solved and stopped`;
      return who ? `${who} stopped ${what}` : `${what} stopped`;
    case 'instance_renewed':
      return who ? `${who} renewed ${what}` : `${what} was renewed`;
    case 'question_answered':
      return `${who ?? 'Someone'} answered ${question} of ${what}${e.points ? ` (+${e.points} pts)` : ''}`;
    case 'attempts_used_up':
      return `No attempts left for ${question} of ${what}`;
    default:
      return `${e.kind.replace(/_/g, ' ')}: ${what}`;
  }
}
