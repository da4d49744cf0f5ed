/**
 * The whole platform with the real runtime and the demo challenges: real
 * child processes, real readiness probes, the recording proxy, and no
 * orphan process after stop, expiry, solve and shutdown.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from './runtime/index';
import { isProcessGroupAlive, startTestServer, waitFor, type TestServer } from './test/harness';

let t: TestServer;
const tokens = new Map<string, string>();
const tok = (u: string) => tokens.get(u) as string;

beforeAll(async () => {
  t = await startTestServer(
    {
      DEMO_EXTRA_TEAMS: '4',
      EXPIRY_SWEEP_MS: '100',
      READINESS_TIMEOUT_MS: '4000',
      PKI_DELAY_MS: '800',
    },
    createRuntime,
  );
  for (const u of ['e2e01a', 'e2e02a', 'e2e03a', 'e2e04a', 'carol'])
    tokens.set(u, await t.login(u));
});
afterAll(() => t.stop());

// Decided at collection time, from the challenge folders present.
const has = (id: string) => existsSync(join('server/challenges', id, 'metadata.yaml'));

async function start(token: string, challenge_id: string, extra: Record<string, unknown> = {}) {
  const res = await t.call('POST', '/api/instances', { token, body: { challenge_id, ...extra } });
  if (res.status !== 201) throw new Error(`start ${challenge_id}: ${res.status} ${res.text}`);
  return res.json.id as string;
}

async function settle(token: string, id: string, until: string[], timeoutMs = 20_000) {
  return waitFor(
    async () => (await t.call('GET', `/api/instances/${id}/status`, { token })).json,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- fields checked by the tests
    (s: any) => until.includes(s.status),
    timeoutMs,
    100,
  );
}

const pgidOf = (id: string) => t.server.store.instance(id)?.pgid as number;

describe('the demo platform', () => {
  it('lists the demo challenges of each competition', async () => {
    const res = await t.call('GET', '/api/challenges', { token: tok('carol') });
    const ids = res.json.items.map((c: { id: string }) => c.id);
    expect(ids).toContain('DEMO-001');
    expect(ids).not.toContain('DEMO-007');
  });

  it('runs DEMO-001 for real: surface, captured traffic, solve with auto-stop, no orphan', async () => {
    const u = tok('e2e01a');
    const id = await start(u, 'DEMO-001');
    const status = await settle(u, id, ['running', 'failed']);
    expect(status.status).toBe('running');
    const url = status.surface.entrypoints[0].url as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await fetch(url)).status).toBe(200);
    const pgid = pgidOf(id);
    expect(isProcessGroupAlive(pgid)).toBe(true);

    const traffic = await waitFor(
      async () => (await t.call('GET', `/api/instances/${id}/traffic`, { token: u })).json,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- fields checked by the tests
      (j: any) => (j.flows?.length ?? 0) > 0,
    );
    expect(traffic.format).toBe('ctfy-traffic/1');
    expect(traffic.instance_id).toBe(id);

    const spec = t.server.runtime.catalog.get('DEMO-001');
    const answers = spec?.questions.map((q) => q.answers[0] as string) ?? [];
    expect(answers).toHaveLength(3);
    let last: { instance_stopped?: boolean } = {};
    for (const [i, answer] of answers.entries()) {
      const res = await t.call('POST', '/api/submissions', {
        token: u,
        body: { instance_id: id, question_id: spec?.questions[i]?.id, answer },
      });
      expect(res.json.correct, `answer ${i}`).toBe(true);
      last = res.json;
    }
    expect(last.instance_stopped).toBe(true);
    expect(isProcessGroupAlive(pgid)).toBe(false);
    const after = await t.call('GET', `/api/instances/${id}`, { token: u });
    expect(after.json.status).toBe('stopped');
    expect(
      after.json.questions.every((q: { answered_correctly: boolean }) => q.answered_correctly),
    ).toBe(true);
  });

  it('stop kills the process group; a second stop is 404', async () => {
    const u = tok('e2e02a');
    const id = await start(u, 'DEMO-001');
    await settle(u, id, ['running']);
    const pgid = pgidOf(id);
    expect((await t.call('DELETE', `/api/instances/${id}`, { token: u })).status).toBe(204);
    expect(isProcessGroupAlive(pgid)).toBe(false);
    expect((await t.call('DELETE', `/api/instances/${id}`, { token: u })).status).toBe(404);
  });

  it('TTL expiry kills the process group', async () => {
    const u = tok('e2e03a');
    const id = await start(u, 'DEMO-001', { ttl: 2 });
    await settle(u, id, ['running']);
    const pgid = pgidOf(id);
    const expired = await settle(u, id, ['expired'], 10_000);
    expect(expired.message).toMatch(/TTL/);
    await waitFor(
      () => isProcessGroupAlive(pgid),
      (alive) => !alive,
      5_000,
    );
  });

  it.runIf(has('DEMO-005'))('DEMO-005 ends failed with a message', async () => {
    const u = tok('e2e04a');
    const id = await start(u, 'DEMO-005');
    const failed = await settle(u, id, ['failed', 'running'], 30_000);
    expect(failed.status).toBe('failed');
    expect(failed.message).toBeTruthy();
  });

  it.runIf(has('DEMO-002'))('DEMO-002 serves a VPN profile once its keys are made', async () => {
    const u = tok('e2e04a');
    const id = await start(u, 'DEMO-002');
    await settle(u, id, ['running']);
    const ovpn = await waitFor(
      () => t.call('GET', `/api/instances/${id}/openvpn-config`, { token: u }),
      (r) => r.status !== 404 || !/still being made/.test(r.json?.detail ?? ''),
      10_000,
      200,
    );
    expect(ovpn.status).toBe(200);
    expect(ovpn.text).toMatch(/^client$/m);
    expect(ovpn.text).toContain('<ca>');
    await t.call('DELETE', `/api/instances/${id}`, { token: u });
  });

  it.runIf(has('DEMO-003'))('DEMO-003 renders its template per team', async () => {
    const ids = [await start(tok('e2e04a'), 'DEMO-003'), await start(tok('carol'), 'DEMO-003')];
    const bodies: string[] = [];
    for (const [i, id] of ids.entries()) {
      const token = tok(i === 0 ? 'e2e04a' : 'carol');
      const list = await t.call('GET', `/api/instances/${id}/attachments`, { token });
      const templated = list.json.items.find((a: { templated: boolean }) => a.templated);
      expect(templated).toBeDefined();
      const file = await t.call(
        'GET',
        `/api/instances/${id}/attachments/${encodeURIComponent(templated.name)}`,
        { token },
      );
      expect(file.status).toBe(200);
      bodies.push(file.text);
      for (const a of list.json.items as { name: string; size: number }[]) {
        const res = await fetch(
          `${t.url}/api/instances/${id}/attachments/${encodeURIComponent(a.name)}`,
          {
            headers: { Authorization: `Bearer ${token}` },
          },
        );
        expect(res.status, a.name).toBe(200);
        expect((await res.arrayBuffer()).byteLength).toBe(a.size);
      }
      await t.call('DELETE', `/api/instances/${id}`, { token });
    }
    expect(bodies[0]).not.toBe(bodies[1]);
  });

  it.runIf(has('DEMO-004'))(
    'after a crash mid-start, a restart kills the starting service and marks it failed',
    async () => {
      const u = tok('e2e03a');
      const id = await start(u, 'DEMO-004');
      // The slow service runs (and its group is recorded) well before it is ready.
      const row = await waitFor(
        () => t.server.store.instance(id),
        (r) => r?.pgid != null,
        8_000,
        100,
      );
      expect(row?.status).toBe('starting');
      const pgid = row?.pgid as number;
      expect(isProcessGroupAlive(pgid)).toBe(true);
      await t.crashAndRestart();
      await waitFor(
        () => isProcessGroupAlive(pgid),
        (alive) => !alive,
        5_000,
      );
      tokens.set('e2e03a', await t.login('e2e03a'));
      const res = await t.call('GET', `/api/instances/${id}/status`, { token: tok('e2e03a') });
      expect(res.json).toMatchObject({
        status: 'failed',
        message: "The platform restarted; this instance's process is gone.",
      });
    },
  );

  it('shutdown stops every instance and leaves no process behind', async () => {
    const u = tok('e2e02a');
    const id = await start(u, 'DEMO-001');
    await settle(u, id, ['running']);
    const pgid = pgidOf(id);
    await t.restart();
    expect(isProcessGroupAlive(pgid)).toBe(false);
    tokens.set('e2e02a', await t.login('e2e02a'));
    const res = await t.call('GET', `/api/instances/${id}/status`, { token: tok('e2e02a') });
    expect(res.json.status).toBe('stopped');
  });
});
