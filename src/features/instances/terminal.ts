/** Plain words for an instance that has ended, from what the platform says. */
import type { InstanceInfo } from '../../api/schemas';
import { parseTimestamp } from '../../lib/format';

export interface EndedWording {
  title: string;
  detail: string | undefined;
}

export function endedWording(
  i: Pick<InstanceInfo, 'status' | 'message' | 'expires_at' | 'questions'>,
): EndedWording | undefined {
  const message = i.message?.trim() || undefined;
  switch (i.status) {
    case 'expired': {
      const at = parseTimestamp(i.expires_at);
      return {
        title: at ? `This instance expired at ${at.toLocaleString()}.` : 'This instance expired.',
        detail: message,
      };
    }
    case 'stopped': {
      const solved =
        (i.questions.length > 0 && i.questions.every((q) => q.answered_correctly)) ||
        /^solved\b/i.test(message ?? '');
      if (solved) return { title: 'Solved and stopped.', detail: message };
      if (message && /^stopped by\b/i.test(message)) return { title: message, detail: undefined };
      return { title: 'This instance was stopped.', detail: message };
    }
    case 'failed':
      return { title: 'This instance failed.', detail: message ?? 'The platform gave no reason.' };
    default:
      return undefined;
  }
}
