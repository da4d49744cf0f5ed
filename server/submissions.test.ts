/** Submissions: locks, attempts, solves, auto-stop, races, and state kept per team and challenge. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessGroupAlive, startTestServer, waitFor, type TestServer } from './test/harness';

let t: TestServer;
const tokens = new Map<string, string>();
const tok = (u: string) => tokens.get(u) as string;

beforeAll(async () => {
  t = await startTestServer({ DEMO_EXTRA_TEAMS: '5' });
  for (const u of ['e2e01a', 'e2e01b', 'e2e02a', 'e2e03a', 'e2e04a', 'e2e05a', 'carol'])
    tokens.set(u, await t.login(u));
});
afterAll(() => t.stop());

async function running(token: string, challenge_id: string): Promise<string> {
  const res = await t.call('POST', '/api/instances', { token, body: { challenge_id } });
  if (res.status !== 201) throw new Error(`start: ${res.status} ${res.text}`);
  const id = res.json.id as string;
  await waitFor(
    async () => (await t.call('GET', `/api/instances/${id}/status`, { token })).json.status,
    (s) => s === 'running',
  );
  return id;
}

const submit = (
  token: string,
  instance_id: string,
  question_id: string,
  answer: string,
  path = '/api/submissions',
) => t.call('POST', path, { token, body: { instance_id, question_id, answer } });

describe('answering a chain of questions', () => {
  let id: string;
  beforeAll(async () => {
    id = await running(tok('e2e01a'), 'T-CHAIN');
  });

  it('refuses a locked question (403) naming what to solve first, burning nothing', async () => {
    const res = await submit(tok('e2e01a'), id, 'q2', 'two');
    expect(res.status).toBe(403);
    expect(res.json.detail).toBe('Question q2 is locked: solve q1 (First) first.');
    expect(t.server.store.submissionsOfTeam('e2e-01')).toEqual([]);
  });

  it('counts a wrong answer, then accepts the right one and unlocks the next', async () => {
    const wrong = await submit(tok('e2e01a'), id, 'q1', 'ONE');
    expect(wrong.json).toEqual({
      correct: false,
      question_id: 'q1',
      attempts_remaining: 2,
      answered_correctly: false,
      unlocked: [],
      instance_stopped: false,
    });
    const right = await submit(tok('e2e01a'), id, 'q1', '  one  ');
    expect(right.json).toEqual({
      correct: true,
      question_id: 'q1',
      attempts_remaining: 1,
      answered_correctly: true,
      unlocked: ['q2'],
      instance_stopped: false,
    });
    const info = await t.call('GET', `/api/instances/${id}`, { token: tok('e2e01b') });
    expect(info.json.questions[1]).toMatchObject({ id: 'q2', prompt: 'Say two', unlocked: true });
  });

  it('tells a team-mate the question was already answered (409) by whom', async () => {
    const res = await submit(
      tok('e2e01b'),
      id,
      'q1',
      'one',
      '/api/competitions/ctf-spring/submissions',
    );
    expect(res.status).toBe(409);
    expect(res.json.detail).toBe('Question q1 was already answered correctly by e2e01a.');
  });

  it('compares case-insensitively when the question says so', async () => {
    const res = await submit(tok('e2e01b'), id, 'q2', 'TWO');
    expect(res.json).toMatchObject({ correct: true, unlocked: ['q3'] });
  });

  it('rejects an empty answer (422) without burning an attempt, and unknown questions or instances (404)', async () => {
    const empty = await submit(tok('e2e01a'), id, 'q3', '   ');
    expect(empty.status).toBe(422);
    expect(empty.json.detail[0]).toMatchObject({
      loc: ['body', 'answer'],
      msg: 'The answer is empty.',
    });
    const unknownQ = await submit(tok('e2e01a'), id, 'q9', 'x');
    expect(unknownQ.status).toBe(404);
    expect(unknownQ.json.detail).toBe('Question q9 not found in T-CHAIN.');
    expect((await submit(tok('e2e01a'), 'ffffffffffff', 'q1', 'x')).status).toBe(404);
    expect(
      (
        await t.call('POST', '/api/submissions', {
          token: tok('e2e01a'),
          body: { instance_id: id, answer: 'x' },
        })
      ).status,
    ).toBe(422);
  });

  it('solving the last question stops the instance (auto_stop_on_solve) and kills its processes', async () => {
    const pgid = t.server.store.instance(id)?.pgid as number;
    expect(isProcessGroupAlive(pgid)).toBe(true);
    const res = await submit(tok('e2e01a'), id, 'q3', 'three');
    expect(res.json).toMatchObject({
      correct: true,
      attempts_remaining: null,
      instance_stopped: true,
      unlocked: [],
    });
    expect(isProcessGroupAlive(pgid)).toBe(false);
    const status = await t.call('GET', `/api/instances/${id}/status`, { token: tok('e2e01a') });
    expect(status.json).toMatchObject({
      status: 'stopped',
      message: 'Solved: every question was answered correctly, so the instance was stopped.',
    });
    expect((await t.call('DELETE', `/api/instances/${id}`, { token: tok('e2e01a') })).status).toBe(
      404,
    );
    expect(
      t.server.store.submissionsOfTeam('e2e-01').map((s) => [s.question_id, s.answer, s.correct]),
    ).toEqual([
      ['q1', 'ONE', 0],
      ['q1', '  one  ', 1],
      ['q2', 'TWO', 1],
      ['q3', 'three', 1],
    ]);
  });

  it('keeps solves for the next instance of the same challenge', async () => {
    const next = await running(tok('e2e01b'), 'T-CHAIN');
    const info = await t.call('GET', `/api/instances/${next}`, { token: tok('e2e01b') });
    expect(
      info.json.questions.map((q: { answered_correctly: boolean }) => q.answered_correctly),
    ).toEqual([true, true, true]);
    expect(info.json.questions[0].attempts_remaining).toBe(1);
    await t.call('DELETE', `/api/instances/${next}`, { token: tok('e2e01b') });
  });
});

describe('attempt limits', () => {
  it('429 once the attempts are used up; a new instance does not refund them', async () => {
    const u = tok('e2e02a');
    const id = await running(u, 'T-CHAIN');
    for (const expected of [2, 1, 0]) {
      const res = await submit(u, id, 'q1', 'nope');
      expect(res.json.attempts_remaining).toBe(expected);
    }
    const over = await submit(u, id, 'q1', 'one');
    expect(over.status).toBe(429);
    expect(over.json.detail).toBe('No attempts left for question q1: all 3 were used.');

    await t.call('DELETE', `/api/instances/${id}`, { token: u });
    const again = await running(u, 'T-CHAIN');
    expect((await submit(u, again, 'q1', 'one')).status).toBe(429);
    const info = await t.call('GET', `/api/instances/${again}`, { token: u });
    expect(info.json.questions[0]).toMatchObject({
      attempts_remaining: 0,
      answered_correctly: false,
    });
    await t.call('DELETE', `/api/instances/${again}`, { token: u });
  });

  it('refuses answers once the instance is not running (409)', async () => {
    const u = tok('e2e03a');
    const id = await running(u, 'T-OPEN');
    await t.call('DELETE', `/api/instances/${id}`, { token: u });
    const res = await submit(u, id, 'a', 'a');
    expect(res.status).toBe(409);
    expect(res.json.detail).toBe(
      'The instance is stopped: answers are accepted only while it runs.',
    );
    expect(t.server.store.submissionsOfTeam('e2e-03')).toEqual([]);
  });
});

describe('simultaneous answers', () => {
  it('never burns more attempts than allowed', async () => {
    const u = tok('e2e04a');
    const id = await running(u, 'T-OPEN');
    const results = await Promise.all(
      Array.from({ length: 12 }, () => submit(u, id, 'a', 'wrong')),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    expect(
      results
        .filter((r) => r.status === 200)
        .map((r) => r.json.attempts_remaining)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4]);
    expect(t.server.store.submissionsOfTeam('e2e-04')).toHaveLength(5);
  });

  it('solves once: one correct answer wins, the others are told it is answered', async () => {
    const u = tok('e2e05a');
    const id = await running(u, 'T-OPEN');
    const results = await Promise.all(Array.from({ length: 8 }, () => submit(u, id, 'b', 'b')));
    expect(results.filter((r) => r.status === 200 && r.json.correct)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    expect(t.server.store.submissionsOfTeam('e2e-05')).toHaveLength(1);
  });
});
