import { describe, expect, it } from 'vitest';
import type { Challenge, InstanceInfo } from '@shared/schemas';
import { progressTotals, questionProgressText, standingLabel, teamStandings } from './teamProgress';

const challenge = (id: string, patch: Partial<Challenge> = {}): Challenge => ({
  id,
  name: `Name ${id}`,
  network_topology: 'simple',
  questions_count: 2,
  ...patch,
});

const q = (id: string, answered: boolean, points = 100) => ({
  id,
  prompt: '',
  unlocked: true,
  answered_correctly: answered,
  attempts_remaining: null,
  points,
});

const inst = (
  id: string,
  challenge_id: string,
  status: string,
  answered: boolean[],
): InstanceInfo => ({
  id,
  challenge_id,
  competition_id: 'c',
  status,
  created_at: '2026-11-29T10:00:00Z',
  questions: answered.map((a, i) => q(`q${i + 1}`, a, (i + 1) * 100)),
});

describe('team progress', () => {
  it('uses the platform report when there is one', () => {
    const [s] = teamStandings(
      [
        challenge('A', {
          progress: {
            answered: 1,
            total: 3,
            points_earned: 50,
            points_possible: 300,
            solved: false,
            live_instance_id: 'i1',
            live_status: 'running',
          },
        }),
      ],
      [],
    );
    expect(s).toMatchObject({ state: 'running', answered: 1, total: 3, reported: true });
    expect(standingLabel(s!)).toBe('running · 1 of 3 answered');
  });

  it('derives from the newest listed instance of each challenge, live or not', () => {
    const standings = teamStandings(
      [challenge('A'), challenge('B'), challenge('C'), challenge('D')],
      [
        // newest first, as the list sends them
        inst('a2', 'A', 'stopped', [true, true]),
        inst('a1', 'A', 'stopped', [true, false]),
        inst('b1', 'B', 'running', [false, true]),
        inst('c1', 'C', 'expired', [true, false]),
      ],
    );
    expect(
      standings.map((s) => [s.state, standingLabel(s), s.pointsEarned, s.pointsPossible]),
    ).toEqual([
      ['solved', 'solved', 300, 300],
      ['running', 'running · 1 of 2 answered', 200, 300],
      ['answered', '1 of 2 answered', 100, 300],
      ['not_started', 'not started', 0, null],
    ]);
    expect(progressTotals(standings)).toEqual({
      earned: 600,
      possible: 900,
      solved: 1,
      challenges: 4,
      incomplete: true,
    });
  });

  it('writes an instance\'s questions as "2 of 3 · 200/300 pts"', () => {
    expect(questionProgressText([q('a', true), q('b', true), q('c', false)])).toBe(
      '2 of 3 · 200/300 pts',
    );
    expect(questionProgressText([q('a', false, 0)])).toBe('0 of 1');
    expect(questionProgressText([])).toBe('no questions');
  });
});
