import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FlowSchema } from '../../shared/schemas';
import { flowsOf } from './captures';
import {
  attachmentContext,
  DEMO_CHALLENGES,
  groupGone,
  testRuntime,
  waitGroupGone,
} from './testkit';

const extra = mkdtempSync(join(tmpdir(), 'ctfy-challenges-'));
afterAll(() => rmSync(extra, { recursive: true, force: true }));

/** a challenge folder in `extra` with the given service script */
function challenge(id: string, script: string, more = ''): void {
  const dir = join(extra, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'service.mjs'), script);
  writeFileSync(
    join(dir, 'metadata.yaml'),
    `id: ${id}
name: ${id}
service: { command: service.mjs${more} }
entrypoints: [{ name: web, protocol: http }]
readiness: { type: http, path: /health }
`,
  );
}

const HTTP_OK = `import http from 'node:http';
http.createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT_WEB), '127.0.0.1');`;

challenge('T-EARLY', `console.error('boom: missing config file /etc/x.conf'); process.exit(3);`);
challenge(
  'T-LATER',
  `${HTTP_OK}\nsetTimeout(() => { console.error('out of memory (pretend)'); process.exit(7); }, 800);`,
);
challenge(
  'T-CHILDREN',
  // the service starts a grandchild in its group and ignores SIGTERM: only SIGKILL ends it
  `import { spawn } from 'node:child_process';
${HTTP_OK}
const kid = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
console.log('grandchild ' + kid.pid);
process.on('SIGTERM', () => {});`,
);
challenge(
  'T-URL-CRASH',
  // DEMO-001's old bug: a request for // makes new URL() throw, and nothing catches it
  `import http from 'node:http';
http.createServer((q, s) => { const u = new URL(q.url, 'http://localhost'); s.end(u.pathname); })
  .listen(Number(process.env.PORT_WEB), '127.0.0.1');`,
);
// DEMO-004's real service, sped up (with the demo services' shared lib beside it)
mkdirSync(join(extra, 'T-SLOW'), { recursive: true });
cpSync(join(DEMO_CHALLENGES, 'lib'), join(extra, 'lib'), { recursive: true });
copyFileSync(
  join(DEMO_CHALLENGES, 'DEMO-004', 'service.mjs'),
  join(extra, 'T-SLOW', 'service.mjs'),
);
writeFileSync(
  join(extra, 'T-SLOW', 'metadata.yaml'),
  readFileSync(join(DEMO_CHALLENGES, 'DEMO-004', 'metadata.yaml'), 'utf8')
    .replace('id: DEMO-004', 'id: T-SLOW')
    .replace('command: service.mjs', 'command: service.mjs\n  env: { DEMO_004_BOOT_MS: "1500" }'),
);

describe('runner with the demo challenges', () => {
  const t = testRuntime({ readinessTimeoutMs: 3000 });
  afterAll(() => t.cleanup());

  it('DEMO-001 becomes ready behind the recorder; stop leaves no process in its group', async () => {
    const { runtime, events } = t;
    runtime.start({
      instanceId: 'web1',
      challenge: runtime.catalog.get('DEMO-001')!,
      attachmentContext: attachmentContext(),
    });
    // start returns at once: nothing has been reported yet
    expect(events.filter((e) => e.id === 'web1')).toEqual([]);
    const ready = await t.settled('web1');
    expect(ready.kind).toBe('ready');
    if (ready.kind !== 'ready') return;
    const phases = events
      .filter((e) => e.id === 'web1' && e.kind === 'phase')
      .map((e) => (e.kind === 'phase' ? e.phase : ''));
    expect(phases.slice(0, 3)).toEqual([
      'allocating ports',
      'starting service',
      'waiting for health check',
    ]);
    expect(ready.network).toEqual({ topology: 'simple' });
    const [web] = ready.surface;
    expect(web).toMatchObject({ name: 'web', protocol: 'http', host: '127.0.0.1' });
    expect(web!.url).toBe(`http://127.0.0.1:${web!.port}/`);

    const users = await fetch(`${web!.url}api/users`);
    expect(users.status).toBe(200);
    expect(((await users.json()) as { users: unknown[] }).users).toHaveLength(3);
    const gz = await fetch(`${web!.url}gzip`);
    expect(gz.status).toBe(200);
    const login = await fetch(`${web!.url}login`, {
      method: 'POST',
      body: 'username=margaret&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    expect(login.status).toBe(302);

    const flows = (await flowsOf(await runtime.traffic('web1')))!;
    expect(
      flows.map((f) => `${f.request.method} ${f.request.path} ${f.response?.status_code}`),
    ).toEqual(['GET /api/users 200', 'GET /gzip 200', 'POST /login 302']);
    for (const f of flows) expect(FlowSchema.safeParse(f).success).toBe(true);
    expect(flows[1]!.response!.headers).toContainEqual(['content-encoding', 'gzip']);
    expect(
      flows[2]!.response!.headers.filter(([k]) => k.toLowerCase() === 'set-cookie'),
    ).toHaveLength(2);
    // the capture is a file in DATA_DIR
    expect(
      readFileSync(join(t.dataDir, 'captures', 'web1.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(3);
    expect(readFileSync(join(t.dataDir, 'logs', 'web1.log'), 'utf8')).toContain(
      'DEMO-001 listening',
    );

    const pgid = runtime.processGroupOf('web1')!;
    expect(pgid).toBeGreaterThan(1);
    expect(groupGone(pgid)).toBe(false);
    await runtime.stop('web1');
    expect(groupGone(pgid)).toBe(true);
    expect(() => process.kill(-pgid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    await expect(fetch(web!.url!)).rejects.toThrow(); // the proxy is gone too
    await runtime.stop('web1'); // idempotent
    expect(runtime.processGroupOf('web1')).toBeUndefined();
    // the capture outlives the instance; no event reported the stop as a failure
    expect(await flowsOf(await runtime.traffic('web1'))).toHaveLength(3);
    expect(
      events.filter((e) => e.id === 'web1' && (e.kind === 'failed' || e.kind === 'exited')),
    ).toEqual([]);
  });

  it('DEMO-005 ends failed with a clear message when the health check never passes', async () => {
    const { runtime } = t;
    const started = Date.now();
    runtime.start({
      instanceId: 'broken',
      challenge: runtime.catalog.get('DEMO-005')!,
      attachmentContext: attachmentContext(),
    });
    const end = await t.settled('broken');
    expect(end).toEqual({
      kind: 'failed',
      id: 'broken',
      message: 'Health check did not pass within 3 s (last error: GET /health answered 500)',
    });
    expect(Date.now() - started).toBeLessThan(20_000); // 3 s of health checks, not a hang; loose for a busy machine
    expect(t.events).toContainEqual({
      kind: 'phase',
      id: 'broken',
      phase: 'connecting to the database',
    });
    // cleaned up once the failure is settled (waits for the state, not a time)
    await vi.waitFor(() => expect(runtime.processGroupOf('broken')).toBeUndefined(), {
      timeout: 10_000,
    });
    expect(await flowsOf(await runtime.traffic('broken'))).toBeNull();
  });

  it('DEMO-006 is probed over TCP and shown as a raw entrypoint', async () => {
    const { runtime } = t;
    runtime.start({
      instanceId: 'tcp1',
      challenge: runtime.catalog.get('DEMO-006')!,
      attachmentContext: attachmentContext(),
    });
    const ready = await t.settled('tcp1');
    if (ready.kind !== 'ready') throw new Error(JSON.stringify(ready));
    const [ep] = ready.surface;
    expect(ep).toEqual({
      name: 'tcp',
      protocol: 'tcp',
      host: '127.0.0.1',
      port: expect.any(Number),
    });
    const text = await new Promise<string>((resolve, reject) => {
      let got = '';
      const sock = connect(ep!.port, '127.0.0.1');
      sock.on('data', (d) => {
        got += d.toString();
        if (got.includes('ready.') && !got.includes('flag{')) sock.write('flag\nquit\n');
      });
      sock.on('end', () => resolve(got));
      sock.on('error', reject);
    });
    expect(text).toContain('ECHO-7');
    expect(text).toContain('flag{demo-006-raw-sockets}');
    expect(await flowsOf(await runtime.traffic('tcp1'))).toBeNull(); // no HTTP entrypoint, no capture
    await runtime.stop('tcp1');
  });
});

describe('runner failures and process groups', () => {
  const t = testRuntime({ challengesDir: extra, readinessTimeoutMs: 5000 });
  afterAll(() => t.cleanup());
  const start = (instanceId: string, id: string) =>
    t.runtime.start({
      instanceId,
      challenge: t.runtime.catalog.get(id)!,
      attachmentContext: attachmentContext(),
    });

  it('reports an early exit with the exit code and the last stderr line', async () => {
    start('early', 'T-EARLY');
    expect(await t.settled('early')).toEqual({
      kind: 'failed',
      id: 'early',
      message:
        'The service exited with code 3 before it was ready: boom: missing config file /etc/x.conf',
    });
  });

  it('reports a later exit as exited', async () => {
    start('later', 'T-LATER');
    expect((await t.settled('later')).kind).toBe('ready');
    const end = await t.settled('later', 10_000, ['failed', 'exited']);
    expect(end).toEqual({
      kind: 'exited',
      id: 'later',
      message: 'The service exited unexpectedly with code 7: out of memory (pretend)',
    });
  });

  it('reports a crash with the error and where it was thrown, not Node’s version line', async () => {
    start('crash', 'T-URL-CRASH');
    const ready = await t.settled('crash');
    expect(ready.kind).toBe('ready');
    const entry = ready.kind === 'ready' ? ready.surface[0]! : undefined;
    // straight to the service's port would skip the recorder: a player's request goes through it
    await new Promise<void>((resolve) => {
      const sock = connect({ host: entry!.host, port: entry!.port }, () =>
        sock.write('GET // HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      );
      sock.on('data', () => {});
      sock.on('close', () => resolve());
      sock.on('error', () => resolve());
    });
    const end = await t.settled('crash', 10_000, ['failed', 'exited']);
    expect(end.kind).toBe('exited');
    const message = end.kind === 'exited' ? end.message : '';
    expect(message).toMatch(
      /^The service exited unexpectedly with code 1: TypeError: Invalid URL \[ERR_INVALID_URL\] \(at T-URL-CRASH\/service\.mjs:2:\d+\)$/,
    );
    expect(message).not.toMatch(/Node\.js v/);
  });

  it('passes on the service phases and the env', async () => {
    start('slow', 'T-SLOW');
    const ready = await t.settled('slow', 15_000);
    expect(ready.kind).toBe('ready');
    const phases = t.events
      .filter((e) => e.id === 'slow' && e.kind === 'phase')
      .map((e) => (e.kind === 'phase' ? e.phase : ''));
    expect(phases).toEqual(
      expect.arrayContaining(['loading configuration', 'warming cache', 'opening the doors']),
    );
    await t.runtime.stop('slow');
  });

  it('stop kills grandchildren that ignore SIGTERM; killProcessGroup works by id', async () => {
    start('kids', 'T-CHILDREN');
    expect((await t.settled('kids')).kind).toBe('ready');
    const pgid = t.runtime.processGroupOf('kids')!;
    // the service logs its grandchild's pid once it has spawned it
    const grandchild = await vi.waitFor(
      () => {
        const log = readFileSync(join(t.dataDir, 'logs', 'kids.log'), 'utf8');
        const pid = /grandchild (\d+)/.exec(log)?.[1];
        if (!pid) throw new Error('no grandchild in the log yet');
        return Number(pid);
      },
      { timeout: 10_000 },
    );
    expect(() => process.kill(grandchild, 0)).not.toThrow();
    const t0 = Date.now();
    await t.runtime.stop('kids');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1500); // it took the SIGKILL
    // the grandchild was re-parented to init when its parent died: init reaps it
    expect(await waitGroupGone(pgid)).toBe(true);
    expect(() => process.kill(grandchild, 0)).toThrow();

    start('kids2', 'T-CHILDREN');
    expect((await t.settled('kids2')).kind).toBe('ready');
    const pgid2 = t.runtime.processGroupOf('kids2')!;
    t.runtime.killProcessGroup(pgid2);
    expect(await waitGroupGone(pgid2)).toBe(true);
  });

  it('killProcessGroup leaves alone a group that is not one of ours', async () => {
    const stranger = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      detached: true,
      stdio: 'ignore',
    });
    const pgid = stranger.pid!;
    try {
      t.runtime.killProcessGroup(pgid);
      await new Promise((r) => setTimeout(r, 300));
      expect(groupGone(pgid)).toBe(false);
    } finally {
      process.kill(-pgid, 'SIGKILL');
    }
  });

  it('shutdown stops everything', async () => {
    start('s1', 'T-LATER');
    start('s2', 'T-SLOW');
    await t.settled('s1');
    const groups = ['s1', 's2']
      .map((id) => t.runtime.processGroupOf(id))
      .filter((g): g is number => g !== undefined);
    expect(groups.length).toBeGreaterThan(0);
    await t.runtime.shutdown();
    for (const g of groups) expect(groupGone(g)).toBe(true);
  });
});

describe('a platform killed with SIGKILL', () => {
  it('leaves no service behind: the reaper kills its groups', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctfy-reaper-'));
    const script = join(dir, 'platform.mts');
    writeFileSync(
      script,
      `import { createRuntime } from ${JSON.stringify(join(DEMO_CHALLENGES, '../runtime/index.ts'))};
const rt = createRuntime({
  challengesDir: ${JSON.stringify(DEMO_CHALLENGES)}, dataDir: ${JSON.stringify(join(dir, 'data'))},
  captureMode: 'recorder', maxCapturedBodyBytes: 1024, readinessTimeoutMs: 20000, pkiDelayMs: 100,
  events: {
    onPhase() {}, onFailed(_i, m) { console.log('failed ' + m); }, onExited() {},
    onReady(id) { console.log('ready ' + rt.processGroupOf(id)); },
  },
});
const ctx = { competition: { id: 'c', name: 'c' }, team: { id: 't', name: 't' }, instance: { id: 'x' }, user: { id: 'u', name: 'u' } };
rt.start({ instanceId: 'victim', challenge: rt.catalog.get('DEMO-006'), attachmentContext: ctx });
setInterval(() => {}, 1000);
`,
    );
    const platform = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: join(DEMO_CHALLENGES, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const pgid = await new Promise<number>((resolve, reject) => {
        let out = '';
        platform.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /ready (\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
          if (/failed/.test(out)) reject(new Error(out));
        });
        platform.on('exit', (code) => reject(new Error(`platform exited ${code}: ${out}`)));
      });
      expect(groupGone(pgid)).toBe(false);
      platform.kill('SIGKILL');
      expect(await waitGroupGone(pgid)).toBe(true);
    } finally {
      platform.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
