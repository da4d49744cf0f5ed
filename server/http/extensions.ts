/**
 * The local platform's extensions beyond the SDK's contract, in one place
 * so CTFY_EXTENSIONS=off turns every one of them off: `answered_by` /
 * `answered_at` on questions, `traffic_summary` on instances, `progress` on
 * challenges, the activity feed (routes/activity.ts) and traffic cursors.
 */
import type { ChallengeProgress } from '../../shared/schemas';
import type { ChallengeSpec } from '../runtime/types';
import type { InstanceRow, QuestionStateRow } from '../store/store';
import type { AppContext } from './context';
import type { InstanceExtras } from './views';

/** Extension fields for instance views, or undefined when extensions are off. */
export function instanceExtras(ctx: AppContext): InstanceExtras | undefined {
  if (!ctx.config.extensions) return undefined;
  const names = new Map<string, string | undefined>();
  return {
    userName(userId) {
      if (!names.has(userId)) names.set(userId, ctx.store.userById(userId)?.name);
      return names.get(userId);
    },
    trafficSummary: (instanceId) => ctx.trafficSummaries?.summary(instanceId) ?? null,
  };
}

/** A team's progress on one challenge. */
export function challengeProgress(
  spec: ChallengeSpec,
  states: Map<string, QuestionStateRow>,
  live: InstanceRow | undefined,
): ChallengeProgress {
  let answered = 0;
  let earned = 0;
  let possible = 0;
  for (const q of spec.questions) {
    const points = q.points ?? 0;
    possible += points;
    if (states.get(q.id)?.solved_at != null) {
      answered++;
      earned += points;
    }
  }
  return {
    answered,
    total: spec.questions.length,
    points_earned: earned,
    points_possible: possible,
    solved: spec.questions.length > 0 && answered === spec.questions.length,
    live_instance_id: live?.id ?? null,
    live_status: live?.status ?? null,
  };
}
