import type { InstanceInfo, Question } from '@shared/schemas';

export const NOW = Date.parse('2026-11-29T12:00:00Z');

export function question(id: string, patch: Partial<Question> = {}): Question {
  return {
    id,
    title: id.toUpperCase(),
    prompt: 'p',
    unlocked: true,
    answered_correctly: false,
    attempts_remaining: 3,
    points: 100,
    ...patch,
  };
}

/** An instance of the API's shape; created a minute before NOW, expiring in an hour. */
export function instance(id: string, patch: Partial<InstanceInfo> = {}): InstanceInfo {
  return {
    id,
    challenge_id: `C-${id}`,
    challenge_name: `Challenge ${id}`,
    competition_id: 'ctf',
    started_by: 'bob',
    status: 'running',
    created_at: new Date(NOW - 60_000).toISOString(),
    expires_at: new Date(NOW + 3600_000).toISOString(),
    ttl: 3660,
    questions: [question('q1'), question('q2')],
    ...patch,
  };
}
