/**
 * A team's progress per challenge: not started · running · k of n answered ·
 * solved, with points. From the platform's `progress` extension when it
 * sends one, else derived from the instances the list gives (the newest
 * instance of a challenge carries the team's question state).
 */
import type { Challenge, ChallengeProgress, InstanceInfo } from '@shared/schemas';
import { isTerminalStatus } from '@shared/schemas';

export type ProgressState = 'not_started' | 'running' | 'answered' | 'solved';

export interface ChallengeStanding {
  challengeId: string;
  name: string;
  state: ProgressState;
  answered: number;
  /** questions in the challenge; null when nothing says how many */
  total: number | null;
  pointsEarned: number;
  /** null when unknown (derived, and no instance of it was seen) */
  pointsPossible: number | null;
  liveInstanceId: string | null;
  /** from the platform (true) or derived from listed instances (false) */
  reported: boolean;
}

/** Live = not terminal and not stopping. */
export function isLiveInstance(i: Pick<InstanceInfo, 'status'>): boolean {
  return !isTerminalStatus(i.status) && i.status !== 'stopping';
}

function stateOf(solved: boolean, live: boolean, answered: number): ProgressState {
  if (solved) return 'solved';
  if (live) return 'running';
  if (answered > 0) return 'answered';
  return 'not_started';
}

function fromReport(c: Challenge, p: ChallengeProgress): ChallengeStanding {
  const live = p.live_instance_id != null && !isTerminalStatus(p.live_status ?? 'running');
  return {
    challengeId: c.id,
    name: c.name,
    state: stateOf(p.solved, live, p.answered),
    answered: p.answered,
    total: p.total,
    pointsEarned: p.points_earned,
    pointsPossible: p.points_possible,
    liveInstanceId: live ? (p.live_instance_id ?? null) : null,
    reported: true,
  };
}

function derived(c: Challenge, instances: readonly InstanceInfo[]): ChallengeStanding {
  // instances come newest first: the first one of the challenge has the latest question state
  const mine = instances.filter((i) => i.challenge_id === c.id);
  const newest = mine[0];
  const live = mine.find(isLiveInstance);
  const questions = newest?.questions ?? [];
  const answered = questions.filter((q) => q.answered_correctly).length;
  const total = questions.length > 0 ? questions.length : (c.questions_count ?? null);
  const solved = total !== null && total > 0 && answered === total;
  return {
    challengeId: c.id,
    name: c.name,
    state: stateOf(solved, live !== undefined, answered),
    answered,
    total,
    pointsEarned: questions.reduce((s, q) => s + (q.answered_correctly ? (q.points ?? 0) : 0), 0),
    pointsPossible: newest ? questions.reduce((s, q) => s + (q.points ?? 0), 0) : null,
    liveInstanceId: live?.id ?? null,
    reported: false,
  };
}

/** One standing per challenge, in the challenges' order. */
export function teamStandings(
  challenges: readonly Challenge[],
  instances: readonly InstanceInfo[],
): ChallengeStanding[] {
  return challenges.map((c) => (c.progress ? fromReport(c, c.progress) : derived(c, instances)));
}

export interface ProgressTotals {
  earned: number;
  /** of the challenges whose points are known */
  possible: number;
  solved: number;
  challenges: number;
  /** some challenge's possible points are unknown */
  incomplete: boolean;
}

export function progressTotals(standings: readonly ChallengeStanding[]): ProgressTotals {
  return {
    earned: standings.reduce((s, c) => s + c.pointsEarned, 0),
    possible: standings.reduce((s, c) => s + (c.pointsPossible ?? 0), 0),
    solved: standings.filter((c) => c.state === 'solved').length,
    challenges: standings.length,
    incomplete: standings.some((c) => c.pointsPossible === null),
  };
}

/** "not started", "running · 1 of 3 answered", "2 of 3 answered", "solved". */
export function standingLabel(s: Pick<ChallengeStanding, 'state' | 'answered' | 'total'>): string {
  const ofN = `${s.answered} of ${s.total ?? '?'} answered`;
  switch (s.state) {
    case 'solved':
      return 'solved';
    case 'running':
      return s.answered > 0 ? `running · ${ofN}` : 'running';
    case 'answered':
      return ofN;
    default:
      return 'not started';
  }
}

/** "2 of 3 · 200/300 pts" for an instance's questions. */
export function questionProgressText(questions: InstanceInfo['questions']): string {
  if (questions.length === 0) return 'no questions';
  const answered = questions.filter((q) => q.answered_correctly).length;
  const possible = questions.reduce((s, q) => s + (q.points ?? 0), 0);
  const earned = questions.reduce((s, q) => s + (q.answered_correctly ? (q.points ?? 0) : 0), 0);
  const pts = possible > 0 ? ` · ${earned}/${possible} pts` : '';
  return `${answered} of ${questions.length}${pts}`;
}
