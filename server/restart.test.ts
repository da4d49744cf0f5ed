/** Shutdown and restart on the same DATA_DIR: nothing lost, no orphans, leftovers cleaned. */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESTART_MESSAGE, SHUTDOWN_MESSAGE } from './lifecycle';
import { isProcessGroupAlive, startTestServer, waitFor, type TestServer } from './test/harness';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

async function running(token: string, challenge_id: string): Promise<string> {
  const res = await t.call('POST', '/api/instances', { token, body: { challenge_id } });
  const id = res.json.id as string;
  await waitFor(
    async () => (await t.call('GET', `/api/instances/${id}/status`, { token })).json.status,
    (s) => s === 'running',
  );
  return id;
}

describe('restart', () => {
  it('shuts down without orphans, and restarts with every submission, solve and token kept', async () => {
    expect(t.server.seeded).toBe(true);
    const bob = await t.login('bob');
    const chain = await running(bob, 'T-CHAIN');
    const open = await running(bob, 'T-OPEN');
    const pgids = [chain, open].map((id) => t.server.store.instance(id)?.pgid as number);
    expect(pgids.every(isProcessGroupAlive)).toBe(true);

    await t.call('POST', '/api/submissions', {
      token: bob,
      body: { instance_id: chain, question_id: 'q1', answer: 'one' },
    });
    await t.call('POST', '/api/submissions', {
      token: bob,
      body: { instance_id: chain, question_id: 'q2', answer: 'three' },
    });
    await t.call('POST', '/api/submissions', {
      token: bob,
      body: { instance_id: open, question_id: 'a', answer: 'x' },
    });

    await t.restart();
    expect(pgids.some(isProcessGroupAlive)).toBe(false);
    expect(t.server.seeded).toBe(false);
    expect(t.server.cleanedUp).toBe(0);

    const me = await t.call('GET', '/api/auth/me', { token: bob });
    expect(me.status).toBe(200);
    const stopped = await t.call('GET', `/api/instances/${chain}`, { token: bob });
    expect(stopped.json).toMatchObject({
      status: 'stopped',
      message: SHUTDOWN_MESSAGE,
      end_reason: 'platform_shutdown',
    });
    expect(Date.parse(stopped.json.ended_at as string)).toBeGreaterThan(0);
    expect(
      stopped.json.questions.map(
        (q: { answered_correctly: boolean; attempts_remaining: number | null }) => [
          q.answered_correctly,
          q.attempts_remaining,
        ],
      ),
    ).toEqual([
      [true, 2],
      [false, 1],
      [false, null],
    ]);
    expect(
      t.server.store.submissionsOfTeam('team-red').map((s) => [s.question_id, s.answer, s.correct]),
    ).toEqual([
      ['q1', 'one', 1],
      ['q2', 'three', 0],
      ['a', 'x', 0],
    ]);
    const again = await running(bob, 'T-CHAIN');
    const submit = await t.call('POST', '/api/submissions', {
      token: bob,
      body: { instance_id: again, question_id: 'q2', answer: 'two' },
    });
    expect(submit.json).toMatchObject({ correct: true, attempts_remaining: 0, unlocked: ['q3'] });
    await t.call('DELETE', `/api/instances/${again}`, { token: bob });
    // Who stopped it, and when; the start-up phases stay readable afterwards.
    const ended = await t.call('GET', `/api/instances/${again}`, { token: bob });
    expect(ended.json).toMatchObject({ status: 'stopped', end_reason: 'stopped', ended_by: 'bob' });
    expect(Date.parse(ended.json.ended_at as string)).toBeGreaterThan(0);
    const phases = ended.json.phases as { phase: string; source: string }[];
    expect(phases[0]).toMatchObject({ phase: 'queued', source: 'platform' });
    expect(phases.length).toBeGreaterThan(1);
  });

  it('after a crash, kills the process groups left behind and marks their instances failed', async () => {
    // A "previous run" that died without shutting down: a live row whose process still runs.
    const orphan = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      detached: true,
      stdio: 'ignore',
    });
    const pgid = orphan.pid as number;
    const exited = new Promise((resolve) => orphan.once('exit', resolve));
    const now = Date.now();
    t.server.store.insertInstance({
      id: 'deadbeef0001',
      challenge_id: 'T-OPEN',
      competition_id: 'ctf-spring',
      team_id: 'team-blue',
      started_by: 'u-carol',
      status: 'running',
      phase: null,
      message: null,
      created_at: now,
      ready_at: now,
      expires_at: now + 3600_000,
      ended_at: null,
      ttl: 3600,
      surface: '[]',
      network: '{"topology":"simple"}',
      pgid,
    });
    expect(isProcessGroupAlive(pgid)).toBe(true);
    await t.crashAndRestart();
    await exited;
    expect(isProcessGroupAlive(pgid)).toBe(false);
    expect(t.server.cleanedUp).toBe(1);
    const carol = await t.login('carol');
    const res = await t.call('GET', '/api/instances/deadbeef0001', { token: carol });
    expect(res.json).toMatchObject({
      status: 'failed',
      message: RESTART_MESSAGE,
      end_reason: 'platform_restart',
    });
    expect(Date.parse(res.json.ended_at as string)).toBeGreaterThanOrEqual(now);
  });
});
