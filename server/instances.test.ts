/** Instances: lifecycle, list semantics, quota, TTL, stop, isolation, downloads, VPN, traffic. */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeFlows, WEIRD_NAME, type FakeRuntime } from './test/fakeRuntime';
import {
  isProcessGroupAlive,
  rawGet,
  startTestServer,
  waitFor,
  type TestServer,
} from './test/harness';

let t: TestServer;
let alice: string;
let bob: string;
let carol: string;
const tokens = new Map<string, string>();

beforeAll(async () => {
  t = await startTestServer({
    DEMO_EXTRA_TEAMS: '7',
    EXPIRY_SWEEP_MS: '50',
    MAX_INSTANCE_TTL_S: '7200',
    DEFAULT_INSTANCE_TTL_S: '3600',
    PKI_DELAY_MS: '1500',
  });
  [alice, bob, carol] = await Promise.all([t.login('alice'), t.login('bob'), t.login('carol')]);
  for (const u of ['e2e01a', 'e2e01b', 'e2e02a', 'e2e03a', 'e2e04a', 'e2e05a', 'e2e06a', 'e2e07a'])
    tokens.set(u, await t.login(u));
});
afterAll(() => t.stop());

const tok = (u: string) => tokens.get(u) as string;

async function start(token: string, challenge_id: string, extra: Record<string, unknown> = {}) {
  const res = await t.call('POST', '/api/instances', { token, body: { challenge_id, ...extra } });
  if (res.status !== 201) throw new Error(`start ${challenge_id}: ${res.status} ${res.text}`);
  return res.json as { id: string; status: string };
}

async function waitStatus(token: string, id: string, status: string) {
  return waitFor(
    async () => (await t.call('GET', `/api/instances/${id}/status`, { token })).json,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- fields checked by the tests
    (s: any) => s.status === status,
  );
}

const pgidOf = (id: string) => t.server.store.instance(id)?.pgid ?? null;

describe('start and status', () => {
  it('starts pending, moves through starting to running, and shows the surface only then', async () => {
    const res = await t.call('POST', '/api/instances', {
      token: tok('e2e01a'),
      body: { challenge_id: 'T-CHAIN', competition_id: '' },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      status: 'pending',
      challenge_id: 'T-CHAIN',
      competition_id: 'ctf-spring',
    });
    expect(res.json.id).toMatch(/^[0-9a-f]{12}$/);
    const id = res.json.id as string;

    const first = await t.call('GET', `/api/instances/${id}/status`, { token: tok('e2e01a') });
    expect(['pending', 'starting', 'running']).toContain(first.json.status);

    const running = await waitStatus(tok('e2e01a'), id, 'running');
    expect(running).toMatchObject({
      id,
      ready: true,
      phase: null,
      message: null,
      network: { topology: 'simple' },
    });
    expect(running.surface.entrypoints[0]).toMatchObject({
      name: 'web',
      protocol: 'http',
      host: '127.0.0.1',
    });
    expect(Date.parse(running.ready_at)).not.toBeNaN();

    const info = await t.call('GET', `/api/instances/${id}`, { token: tok('e2e01b') });
    expect(info.json).toMatchObject({
      id,
      challenge_id: 'T-CHAIN',
      challenge_name: 'Chained questions',
      competition_id: 'ctf-spring',
      team_id: 'e2e-01',
      started_by: 'e2e01a',
      status: 'running',
      ttl: 3600,
      network_topology: 'simple',
    });
    expect(
      info.json.questions.map((q: { id: string; prompt: string }) => [q.id, q.prompt]),
    ).toEqual([
      ['q1', 'Say one'],
      ['q2', ''],
      ['q3', ''],
    ]);
    expect(info.json.questions[0]).toMatchObject({
      unlocked: true,
      answered_correctly: false,
      attempts_remaining: 3,
      max_attempts: 3,
      requires: [],
      points: 10,
    });
    expect(info.json.questions[2]).toMatchObject({
      unlocked: false,
      attempts_remaining: null,
      max_attempts: null,
      requires: ['q2'],
    });
    expect(pgidOf(id)).toBeGreaterThan(0);
  });

  it('reports a start that fails, with its message, and leaves no process', async () => {
    const { id } = await start(tok('e2e02a'), 'T-FAIL');
    const failed = await waitStatus(tok('e2e02a'), id, 'failed');
    expect(failed.message).toBe('The readiness probe never passed.');
    expect(failed.ready).toBe(false);
    expect(failed.surface).toBeNull();
    const pgid = pgidOf(id);
    expect(pgid).toBeGreaterThan(0);
    await waitFor(
      () => isProcessGroupAlive(pgid as number),
      (alive) => !alive,
    );
  });

  it('uses the default TTL and clamps an explicit one to the maximum', async () => {
    const a = await start(tok('e2e03a'), 'T-OPEN');
    expect(t.server.store.instance(a.id)?.ttl).toBe(3600);
    const b = await start(tok('e2e03a'), 'T-CHAIN', { ttl: 999_999 });
    const info = await t.call('GET', `/api/instances/${b.id}`, { token: tok('e2e03a') });
    expect(info.json.ttl).toBe(7200);
    expect(Date.parse(info.json.expires_at) - Date.parse(info.json.created_at)).toBe(7200 * 1000);
  });

  it('answers 404 for an unknown challenge or one not offered in the competition', async () => {
    const unknown = await t.call('POST', '/api/instances', {
      token: carol,
      body: { challenge_id: 'NOPE-999' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json.detail).toBe('Challenge NOPE-999 not found in competition ctf-spring.');
    const other = await t.call('POST', '/api/instances', {
      token: carol,
      body: { challenge_id: 'T-AUTUMN' },
    });
    expect(other.status).toBe(404);
  });

  it('asks alice (two teams) for competition_id, and starts in the one she names', async () => {
    const ambiguous = await t.call('POST', '/api/instances', {
      token: alice,
      body: { challenge_id: 'T-AUTUMN' },
    });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.json.detail).toMatch(
      /^You are on several teams: pass competition_id \(one of: /,
    );
    const scoped = await t.call('POST', '/api/competitions/ctf-autumn/instances', {
      token: alice,
      body: { challenge_id: 'T-AUTUMN' },
    });
    expect(scoped.status).toBe(201);
    expect(scoped.json.competition_id).toBe('ctf-autumn');
    const mismatch = await t.call('POST', '/api/competitions/ctf-autumn/instances', {
      token: alice,
      body: { challenge_id: 'T-OPEN', competition_id: 'ctf-spring' },
    });
    expect(mismatch.status).toBe(400);
    expect(
      await t.call('DELETE', `/api/competitions/ctf-autumn/instances/${scoped.json.id}`, {
        token: alice,
      }),
    ).toMatchObject({ status: 204 });
  });
});

describe('quota and duplicates', () => {
  it('409 names the running instance; 429 says the quota and how to free a slot', async () => {
    const u = tok('e2e04a');
    const first = await start(u, 'T-CHAIN');
    const dup = await t.call('POST', '/api/instances', {
      token: u,
      body: { challenge_id: 'T-CHAIN' },
    });
    expect(dup.status).toBe(409);
    expect(dup.json.detail).toContain(first.id);
    await start(u, 'T-OPEN');
    await start(u, 'T-VPN');
    const over = await t.call('POST', '/api/instances', {
      token: u,
      body: { challenge_id: 'T-SLOW' },
    });
    expect(over.status).toBe(429);
    expect(over.json.detail).toMatch(
      /the most allowed \(3\)\. Stop one of them .* to free a slot\./,
    );
    expect((await t.call('DELETE', `/api/instances/${first.id}`, { token: u })).status).toBe(204);
    const now = await t.call('POST', '/api/instances', {
      token: u,
      body: { challenge_id: 'T-SLOW' },
    });
    expect(now.status).toBe(201);
  });
});

describe('simultaneous starts', () => {
  it('one instance per challenge and never more than the quota, even at once', async () => {
    const u = tok('e2e07a');
    const same = await Promise.all(
      [1, 2, 3].map(() =>
        t.call('POST', '/api/instances', { token: u, body: { challenge_id: 'T-OPEN' } }),
      ),
    );
    expect(same.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const mixed = await Promise.all(
      ['T-CHAIN', 'T-VPN', 'T-SLOW', 'T-FAIL'].map((c) =>
        t.call('POST', '/api/instances', { token: u, body: { challenge_id: c } }),
      ),
    );
    expect(mixed.filter((r) => r.status === 201)).toHaveLength(2);
    expect(mixed.filter((r) => r.status === 429)).toHaveLength(2);
    for (const i of (await t.call('GET', '/api/instances', { token: u })).json.items) {
      await t.call('DELETE', `/api/instances/${i.id}`, { token: u });
    }
  });
});

describe('list', () => {
  it('lists live instances newest first by default; status filters exactly; all lists everything', async () => {
    const u = tok('e2e04a');
    const live = await t.call('GET', '/api/instances', { token: u });
    expect(live.json.total).toBe(3);
    expect(live.json.items.map((i: { challenge_id: string }) => i.challenge_id)).toEqual([
      'T-SLOW',
      'T-VPN',
      'T-OPEN',
    ]);
    expect(live.json).toMatchObject({ offset: 0, limit: 50 });
    expect(live.json.items[0].questions).toEqual([]);

    const stopped = await t.call('GET', '/api/instances?status=stopped', { token: u });
    expect(
      stopped.json.items.map((i: { challenge_id: string; status: string }) => [
        i.challenge_id,
        i.status,
      ]),
    ).toEqual([['T-CHAIN', 'stopped']]);
    const all = await t.call('GET', '/api/instances?status=all', { token: u });
    expect(all.json.total).toBe(4);
    const page = await t.call('GET', '/api/instances?status=all&offset=1&limit=2', { token: u });
    expect(page.json).toMatchObject({ total: 4, offset: 1, limit: 2 });
    expect(page.json.items.map((i: { id: string }) => i.id)).toEqual(
      all.json.items.slice(1, 3).map((i: { id: string }) => i.id),
    );
  });

  it('q matches challenge id or name, instance id prefix, or starter name, case-insensitively', async () => {
    const u = tok('e2e04a');
    const q = async (text: string) =>
      (
        await t.call('GET', `/api/instances?status=all&q=${encodeURIComponent(text)}`, { token: u })
      ).json.items.map((i: { challenge_id: string }) => i.challenge_id);
    expect(await q('t-vpn')).toEqual(['T-VPN']);
    expect(await q('ENGAGE')).toEqual(['T-VPN']);
    expect((await q('E2E04A')).length).toBe(4);
    expect(await q('nobody')).toEqual([]);
    expect(await q('%')).toEqual([]);
    const someId = (await t.call('GET', '/api/instances?challenge_id=T-OPEN', { token: u })).json
      .items[0].id as string;
    expect(await q(someId.slice(0, 5).toUpperCase())).toEqual(['T-OPEN']);
  });

  it('shows only the caller’s team, and a scoped list only that competition', async () => {
    const other = await t.call('GET', '/api/instances?status=all', { token: tok('e2e05a') });
    expect(other.json).toMatchObject({ items: [], total: 0 });
    expect((await t.call('GET', '/api/instances', { token: alice })).status).toBe(400);
    const autumn = await t.call('GET', '/api/competitions/ctf-autumn/instances?status=all', {
      token: alice,
    });
    expect(
      autumn.json.items.every((i: { competition_id: string }) => i.competition_id === 'ctf-autumn'),
    ).toBe(true);
    expect(autumn.json.total).toBe(1);
  });
});

describe('stop, renew, expiry', () => {
  it('stop is idempotent: 204, then 404; the process group is gone', async () => {
    const u = tok('e2e05a');
    const { id } = await start(u, 'T-OPEN');
    await waitStatus(u, id, 'running');
    const pgid = pgidOf(id) as number;
    expect(isProcessGroupAlive(pgid)).toBe(true);
    expect((await t.call('DELETE', `/api/instances/${id}`, { token: u })).status).toBe(204);
    expect(isProcessGroupAlive(pgid)).toBe(false);
    const again = await t.call('DELETE', `/api/instances/${id}`, { token: u });
    expect(again.status).toBe(404);
    expect(again.json.detail).toBe(`Instance ${id} is already stopped.`);
    const info = await t.call('GET', `/api/instances/${id}`, { token: u });
    expect(info.json).toMatchObject({
      status: 'stopped',
      message: 'Stopped by e2e05a.',
      surface: null,
    });
    expect((await t.call('DELETE', '/api/instances/000000000000', { token: u })).status).toBe(404);
  });

  it('renews from now with the default or a clamped ttl; an ended instance is 409', async () => {
    const u = tok('e2e05a');
    const { id } = await start(u, 'T-CHAIN');
    const before = Date.now();
    const def = await t.call('POST', `/api/instances/${id}/renew`, { token: u });
    expect(def.status).toBe(200);
    expect(def.json).toMatchObject({ id, ttl: 3600 });
    expect(Date.parse(def.json.expires_at)).toBeGreaterThanOrEqual(before + 3600 * 1000 - 5);
    const clamped = await t.call('POST', `/api/instances/${id}/renew?ttl=100000`, { token: u });
    expect(clamped.json.ttl).toBe(7200);
    const bad = await t.call('POST', `/api/instances/${id}/renew?ttl=-5`, { token: u });
    expect(bad.status).toBe(422);
    await t.call('DELETE', `/api/instances/${id}`, { token: u });
    const ended = await t.call('POST', `/api/instances/${id}/renew`, { token: u });
    expect(ended.status).toBe(409);
    expect(ended.json.detail).toMatch(/is stopped: only a live instance can be renewed/);
  });

  it('renews only for a plain decimal ttl: hex, spaces, exponents, arrays and repeats are 422', async () => {
    const u = tok('e2e05a');
    const { id } = await start(u, 'T-CHAIN');
    const renewed = await t.call('POST', `/api/instances/${id}/renew?ttl=120`, { token: u });
    expect(renewed.json.ttl).toBe(120);
    for (const query of [
      'ttl=0x10',
      'ttl=%20%205',
      'ttl=1e3',
      'ttl=5.0',
      'ttl=%2B5',
      'ttl=',
      'ttl=0',
      'ttl[]=1',
      'ttl=1&ttl=2',
    ]) {
      const res = await t.call('POST', `/api/instances/${id}/renew?${query}`, { token: u });
      expect(res.status, query).toBe(422);
      expect(res.json.detail[0].loc[0], query).toBe('query');
    }
    const after = await t.call('GET', `/api/instances/${id}`, { token: u });
    expect(after.json.ttl, 'no refused renew changed the ttl').toBe(120);
    await t.call('DELETE', `/api/instances/${id}`, { token: u });
  });

  it('expires an instance at the end of its TTL and kills its processes', async () => {
    const u = tok('e2e06a');
    const { id } = await start(u, 'T-OPEN', { ttl: 1 });
    await waitStatus(u, id, 'running');
    const pgid = pgidOf(id) as number;
    const expired = await waitStatus(u, id, 'expired');
    expect(expired.message).toMatch(/end of its time/);
    await waitFor(
      () => isProcessGroupAlive(pgid),
      (alive) => !alive,
    );
    expect((await t.call('DELETE', `/api/instances/${id}`, { token: u })).status).toBe(404);
    const list = await t.call('GET', '/api/instances?status=expired', { token: u });
    expect(list.json.items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it('keeps ended instances readable for 24 h, then answers 404', async () => {
    const u = tok('e2e06a');
    const { id } = await start(u, 'T-CHAIN');
    await t.call('DELETE', `/api/instances/${id}`, { token: u });
    expect((await t.call('GET', `/api/instances/${id}/status`, { token: u })).status).toBe(200);
    t.server.store.updateInstance(id, { ended_at: Date.now() - 25 * 3600 * 1000 });
    expect((await t.call('GET', `/api/instances/${id}/status`, { token: u })).status).toBe(404);
    expect((await t.call('GET', `/api/instances/${id}`, { token: u })).status).toBe(404);
    const all = await t.call('GET', '/api/instances?status=all', { token: u });
    expect(all.json.items.map((i: { id: string }) => i.id)).not.toContain(id);
  });
});

describe('attachments, VPN profile, traffic', () => {
  let red: string;
  let vpn: string;

  beforeAll(async () => {
    red = (await start(bob, 'T-CHAIN')).id;
    await waitStatus(bob, red, 'running');
  });

  it('lists the instance attachments with the team’s rendered template', async () => {
    const res = await t.call('GET', `/api/instances/${red}/attachments`, { token: alice });
    expect(res.status).toBe(200);
    expect(
      res.json.items.map((a: { name: string; templated: boolean }) => [a.name, a.templated]),
    ).toEqual([
      ['readme.txt', false],
      [WEIRD_NAME, false],
      ['team.txt', true],
    ]);
    const file = await t.call('GET', `/api/instances/${red}/attachments/team.txt`, {
      token: alice,
    });
    expect(file.text).toBe(`team=team-red instance=${red}`);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('content-length')).toBe(String(file.text.length));
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="team.txt"; filename*=UTF-8''team.txt`,
    );
    const weird = await t.call(
      'GET',
      `/api/competitions/ctf-spring/instances/${red}/attachments/${encodeURIComponent(WEIRD_NAME)}`,
      { token: alice },
    );
    expect(weird.text).toBe('weird');
  });

  it('answers 404 to any name that is not exactly a listed one', async () => {
    for (const name of [
      '..%2Fteam.txt',
      '..%2F..%2F..%2Fetc%2Fpasswd',
      'team.txt%00',
      '%00',
      'a%2Fb',
      'team.txt%2F',
      'TEAM.TXT',
      '%252E%252E%252Fteam.txt',
    ]) {
      const res = await t.call('GET', `/api/instances/${red}/attachments/${name}`, { token: bob });
      expect(res.status, name).toBe(404);
    }
    for (const path of [
      `/api/instances/${red}/attachments/../../../etc/passwd`,
      `/api/instances/${red}/attachments/./team.txt/..`,
    ]) {
      const raw = await rawGet(t.url, path, bob);
      expect(raw.status, path).toBe(404);
      expect(raw.body).not.toContain('root:');
    }
  });

  it('serves the VPN profile only for engagement instances that run and have their keys', async () => {
    const simple = await t.call('GET', `/api/instances/${red}/openvpn-config`, { token: bob });
    expect(simple.status).toBe(404);
    expect(simple.json.detail).toBe(
      'T-CHAIN is not an engagement-mode challenge: it has no VPN profile.',
    );

    const slow = await start(tok('e2e02a'), 'T-SLOW');
    t.server.store.db
      .prepare("UPDATE instances SET challenge_id = 'T-VPN' WHERE id = ?")
      .run(slow.id);
    await waitStatus(tok('e2e02a'), slow.id, 'starting');
    const notRunning = await t.call('GET', `/api/instances/${slow.id}/openvpn-config`, {
      token: tok('e2e02a'),
    });
    expect(notRunning.status).toBe(404);
    expect(notRunning.json.detail).toBe(
      'The instance is starting, not running: the VPN profile is available while it runs.',
    );

    vpn = (await start(bob, 'T-VPN')).id;
    await waitStatus(bob, vpn, 'running');
    const pending = await t.call('GET', `/api/instances/${vpn}/openvpn-config`, { token: bob });
    expect(pending.status).toBe(404);
    expect(pending.json.detail).toBe(
      'The VPN keys for this instance are still being made: retry in a few seconds.',
    );
    const ready = await waitFor(
      () =>
        t.call('GET', `/api/competitions/ctf-spring/instances/${vpn}/openvpn-config`, {
          token: alice,
        }),
      (r) => r.status === 200,
    );
    expect(ready.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(ready.text).toMatch(/^client\ndev tun\nremote /);
  });

  it('serves {} when there is no capture', async () => {
    const res = await t.call('GET', `/api/instances/${red}/traffic`, { token: bob });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({});
  });

  it('serves a 20,000-flow capture as ctfy-traffic/1, gzipped when accepted', async () => {
    const flows = fakeFlows(20_000);
    (t.server.runtime as FakeRuntime).setTraffic(red, flows);
    const res = await fetch(`${t.url}/api/instances/${red}/traffic?competition_id=ctf-spring`, {
      headers: { Authorization: `Bearer ${bob}`, 'Accept-Encoding': 'gzip' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const body = (await res.json()) as {
      format: string;
      instance_id: string;
      flows: { id: string }[];
    };
    expect(body.format).toBe('ctfy-traffic/1');
    expect(body.instance_id).toBe(red);
    expect(body.flows).toHaveLength(20_000);
    expect(body.flows[19_999]).toEqual(flows[19_999]);

    // brotli (quality 1) to a client that takes it, as Chromium does; q=0 refuses it
    const br = await fetch(`${t.url}/api/instances/${red}/traffic?competition_id=ctf-spring`, {
      headers: { Authorization: `Bearer ${bob}`, 'Accept-Encoding': 'gzip, deflate, br, zstd' },
    });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(((await br.json()) as typeof body).flows).toEqual(body.flows);
    const noBr = await fetch(`${t.url}/api/instances/${red}/traffic?competition_id=ctf-spring`, {
      headers: { Authorization: `Bearer ${bob}`, 'Accept-Encoding': 'br;q=0, gzip' },
    });
    expect(noBr.headers.get('content-encoding')).toBe('gzip');
    await noBr.arrayBuffer();

    (t.server.runtime as FakeRuntime).setTraffic(red, flows.slice(0, 3));
    const plain = await t.call('GET', `/api/instances/${red}/traffic`, {
      token: bob,
      headers: { 'Accept-Encoding': 'identity' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.json.flows).toEqual(flows.slice(0, 3));
    const wrongScope = await t.call(
      'GET',
      `/api/instances/${red}/traffic?competition_id=ctf-autumn`,
      { token: alice },
    );
    expect(wrongScope.status).toBe(404);
  });

  it('gzips the traffic stream so it really decodes', async () => {
    const { request } = await import('node:http');
    const url = new URL(t.url);
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: `/api/instances/${red}/traffic`,
          headers: { Authorization: `Bearer ${bob}`, 'Accept-Encoding': 'gzip' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(gunzipSync(raw).toString()).flows).toHaveLength(3);
  });
});

describe('team isolation', () => {
  let id: string;

  beforeAll(async () => {
    const list = await t.call('GET', '/api/instances?challenge_id=T-CHAIN', { token: bob });
    id = list.json.items[0].id;
  });

  it('answers 404 to another team on every instance route, scoped or not', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', `/instances/${id}`],
      ['GET', `/instances/${id}/status`],
      ['POST', `/instances/${id}/renew`],
      ['GET', `/instances/${id}/attachments`],
      ['GET', `/instances/${id}/attachments/readme.txt`],
      ['GET', `/instances/${id}/openvpn-config`],
      ['GET', `/instances/${id}/traffic`],
      ['DELETE', `/instances/${id}`],
    ];
    for (const [method, path] of routes) {
      for (const prefix of ['/api', '/api/competitions/ctf-spring']) {
        const res = await t.call(method, `${prefix}${path}`, { token: carol });
        expect(res.status, `${method} ${prefix}${path}`).toBe(404);
        expect(res.json.detail).toBe(`Instance ${id} not found.`);
      }
    }
    for (const body of [
      { instance_id: id, question_id: 'q1', answer: 'one' },
      { instance_id: id, question_id: 'q1', answer: 'one', competition_id: 'ctf-spring' },
    ]) {
      const res = await t.call('POST', '/api/submissions', { token: carol, body });
      expect(res.status).toBe(404);
    }
    expect(
      (
        await t.call('POST', '/api/competitions/ctf-spring/submissions', {
          token: carol,
          body: { instance_id: id, question_id: 'q1', answer: 'x' },
        })
      ).status,
    ).toBe(404);
    const still = await t.call('GET', `/api/instances/${id}/status`, { token: bob });
    expect(still.json.status).toBe('running');
  });

  it('reads ?competition_id= by one rule on every instance route: another competition is 404', async () => {
    const routes: [string, string][] = [
      ['GET', `/instances/${id}`],
      ['GET', `/instances/${id}/status`],
      ['POST', `/instances/${id}/renew`],
      ['GET', `/instances/${id}/attachments`],
      ['GET', `/instances/${id}/attachments/readme.txt`],
      ['GET', `/instances/${id}/openvpn-config`],
      ['GET', `/instances/${id}/traffic`],
      ['DELETE', `/instances/${id}`],
    ];
    for (const [method, path] of routes) {
      const wrong = await t.call(method, `/api${path}?competition_id=ctf-autumn`, {
        token: alice,
      });
      expect(wrong.status, `${method} ${path}`).toBe(404);
      expect(wrong.json.detail, `${method} ${path}`).toBe(`Instance ${id} not found.`);
      const clash = await t.call(
        method,
        `/api/competitions/ctf-spring${path}?competition_id=ctf-autumn`,
        { token: alice },
      );
      expect(clash.status, `${method} scoped ${path}`).toBe(400);
    }
    for (const [method, path] of routes.filter(([m]) => m === 'GET')) {
      const right = await t.call(method, `/api${path}?competition_id=ctf-spring`, {
        token: alice,
      });
      // (openvpn-config is 404 for this simple-mode challenge, with its own detail)
      expect(right.json?.detail, `${method} ${path}`).not.toBe(`Instance ${id} not found.`);
    }
    const still = await t.call('GET', `/api/instances/${id}/status`, { token: bob });
    expect(still.json.status).toBe('running');
  });

  it('answers 404 to the right team under the wrong competition', async () => {
    const res = await t.call('GET', `/api/competitions/ctf-autumn/instances/${id}`, {
      token: alice,
    });
    expect(res.status).toBe(404);
    const ok = await t.call('GET', `/api/competitions/ctf-spring/instances/${id}`, {
      token: alice,
    });
    expect(ok.status).toBe(200);
    const unscoped = await t.call('GET', `/api/instances/${id}`, { token: alice });
    expect(unscoped.status).toBe(200);
  });
});
