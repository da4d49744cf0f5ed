/**
 * The local platform's extensions (issue 15): the activity feed, who
 * answered, challenge progress, traffic summaries; and CTFY_EXTENSIONS=off,
 * which serves the SDK's contract only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowMark } from './runtime/trafficSummary';
import { ActivityLog } from './store/activity';
import type { FakeRuntime } from './test/fakeRuntime';
import { startTestServer, waitFor, type TestServer } from './test/harness';

async function running(t: TestServer, token: string, challenge_id: string): Promise<string> {
  const res = await t.call('POST', '/api/instances', { token, body: { challenge_id } });
  if (res.status !== 201) throw new Error(`start: ${res.status} ${res.text}`);
  const id = res.json.id as string;
  await waitFor(
    async () => (await t.call('GET', `/api/instances/${id}/status`, { token })).json.status,
    (s) => s === 'running',
  );
  return id;
}

describe('with extensions (default)', () => {
  let t: TestServer;
  let a: string;
  let b: string;
  let other: string;
  beforeAll(async () => {
    t = await startTestServer();
    a = await t.login('e2e01a');
    b = await t.login('e2e01b');
    other = await t.login('e2e02a');
  });
  afterAll(() => t.stop());

  it('records launch, ready, answer, renew, stop by whom, newest first, for the team only', async () => {
    const id = await running(t, b, 'T-CHAIN');
    const ok = await t.call('POST', '/api/submissions', {
      token: b,
      body: { instance_id: id, question_id: 'q1', answer: 'one' },
    });
    expect(ok.json.correct).toBe(true);
    expect((await t.call('POST', `/api/instances/${id}/renew`, { token: b })).status).toBe(200);
    expect((await t.call('DELETE', `/api/instances/${id}`, { token: b })).status).toBe(204);

    const feed = await t.call('GET', '/api/activity', { token: a });
    expect(feed.status).toBe(200);
    const kinds = (feed.json.items as { kind: string }[]).map((e) => e.kind);
    expect(kinds).toEqual([
      'instance_stopped',
      'instance_renewed',
      'question_answered',
      'instance_ready',
      'instance_started',
    ]);
    const [stopped, , answered] = feed.json.items;
    expect(stopped).toMatchObject({ actor: 'e2e01b', reason: 'user', instance_id: id });
    expect(answered).toMatchObject({
      actor: 'e2e01b',
      question_id: 'q1',
      question_title: 'First',
      points: 10,
      challenge_name: 'Chained questions',
    });
    // another team sees none of it
    expect((await t.call('GET', '/api/activity', { token: other })).json.items).toEqual([]);

    // the cursor gives only what is newer
    const cursor = feed.json.cursor as string;
    expect((await t.call('GET', `/api/activity?since=${cursor}`, { token: a })).json.items).toEqual(
      [],
    );
    await running(t, a, 'T-OPEN');
    const newer = await t.call('GET', `/api/activity?since=${cursor}`, { token: a });
    expect(newer.json.items.map((e: { kind: string }) => e.kind)).toEqual([
      'instance_ready',
      'instance_started',
    ]);
    expect(Number(newer.json.cursor)).toBeGreaterThan(Number(cursor));
  });

  it('says who answered a question and when, on every instance view', async () => {
    const list = await t.call('GET', '/api/instances?status=all&challenge_id=T-CHAIN', {
      token: a,
    });
    const q1 = list.json.items[0].questions.find((q: { id: string }) => q.id === 'q1');
    expect(q1.answered_by).toBe('e2e01b');
    expect(Date.parse(q1.answered_at)).toBeGreaterThan(Date.now() - 60_000);
    const q2 = list.json.items[0].questions.find((q: { id: string }) => q.id === 'q2');
    expect(q2.answered_by).toBeNull();
  });

  it('gives each challenge the team progress: answered, points, live instance', async () => {
    const res = await t.call('GET', '/api/challenges', { token: a });
    const byId = new Map(
      (res.json.items as { id: string; progress: unknown }[]).map((c) => [c.id, c.progress]),
    );
    expect(byId.get('T-CHAIN')).toEqual({
      answered: 1,
      total: 3,
      points_earned: 10,
      points_possible: 10,
      solved: false,
      live_instance_id: null,
      live_status: null,
    });
    expect(byId.get('T-OPEN')).toMatchObject({ answered: 0, total: 2, live_status: 'running' });
  });

  it('records attempts used up and a solve auto-stop without an actor', async () => {
    const id = await running(t, other, 'T-CHAIN');
    for (const answer of ['x', 'y', 'z'])
      await t.call('POST', '/api/submissions', {
        token: other,
        body: { instance_id: id, question_id: 'q1', answer },
      });
    const feed = await t.call('GET', '/api/activity', { token: other });
    expect(feed.json.items[0]).toMatchObject({ kind: 'attempts_used_up', actor: 'e2e02a' });
  });

  it('summarises traffic per instance as flows are reported, in the list', async () => {
    const list = await t.call('GET', '/api/instances', { token: a });
    const id = list.json.items[0].id as string;
    expect(list.json.items[0].traffic_summary).toBeUndefined();
    const now = Date.now();
    const rt = t.server.runtime as FakeRuntime;
    const onFlow = (i: string, m: FlowMark) => rt.emitFlow(i, m);
    onFlow(id, { at: now - 61_000, error: false });
    onFlow(id, { at: now, error: false });
    onFlow(id, { at: now, error: true });
    const after = await t.call('GET', '/api/instances', { token: a });
    const s = after.json.items[0].traffic_summary;
    expect(s.flows).toBe(3);
    expect(s.errors).toBe(1);
    expect(s.per_minute).toHaveLength(30);
    expect(s.per_minute.at(-1)).toBe(2);
    expect(s.errors_per_minute.at(-1)).toBe(1);
    expect(s.per_minute.reduce((x: number, y: number) => x + y, 0)).toBe(3);
    expect(Date.parse(s.last_flow_at)).toBe(now);
  });
});

describe('with CTFY_EXTENSIONS=off', () => {
  let t: TestServer;
  let a: string;
  beforeAll(async () => {
    t = await startTestServer({ CTFY_EXTENSIONS: 'off' });
    a = await t.login('e2e01a');
  });
  afterAll(() => t.stop());

  it('serves the SDK contract only: no activity, answered_by, progress, cursor or flag_pattern', async () => {
    const id = await running(t, a, 'T-CHAIN');
    await t.call('POST', '/api/submissions', {
      token: a,
      body: { instance_id: id, question_id: 'q1', answer: 'one' },
    });
    expect((await t.call('GET', '/api/activity', { token: a })).status).toBe(404);
    const info = await t.call('GET', `/api/instances/${id}`, { token: a });
    expect(info.json.questions[0].answered_correctly).toBe(true);
    expect(info.json.questions[0]).not.toHaveProperty('answered_by');
    expect(info.json).not.toHaveProperty('traffic_summary');
    expect(info.json).not.toHaveProperty('end_reason');
    expect(info.json).not.toHaveProperty('phases');
    const status = await t.call('GET', `/api/instances/${id}/status`, { token: a });
    expect(status.json).not.toHaveProperty('phases');
    const challenges = await t.call('GET', '/api/challenges', { token: a });
    expect(challenges.json.items[0]).not.toHaveProperty('progress');
    (t.server.runtime as FakeRuntime).setTraffic(id, []);
    const traffic = await t.call('GET', `/api/instances/${id}/traffic?since=abc`, { token: a });
    expect(traffic.json).not.toHaveProperty('cursor');
    expect(traffic.json).not.toHaveProperty('since');
    const settings = await t.call('GET', '/api/settings', { token: a });
    expect(settings.json).toHaveProperty('max_instance_ttl_s');
    expect(settings.json).not.toHaveProperty('flag_pattern');
  });
});

describe('activity retention', () => {
  it('keeps the newest events per team', async () => {
    const t = await startTestServer();
    try {
      const log = new ActivityLog(t.server.store.db, 60);
      for (let i = 0; i < 200; i++) log.add({ teamId: 'team-red', kind: 'instance_renewed' });
      expect(log.count('team-red')).toBeLessThanOrEqual(60 + 50);
      log.prune('team-red');
      expect(log.count('team-red')).toBe(60);
    } finally {
      await t.stop();
    }
  });
});
