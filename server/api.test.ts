/** Auth, settings, challenges, errors, headers and the SPA, against the real server. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config';
import { WEIRD_NAME } from './test/fakeRuntime';
import { rawGet, startTestServer, type TestServer } from './test/harness';

let t: TestServer;
let alice: string;
let carol: string;
let staticDir: string;

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'ctfy-spa-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(
    join(staticDir, 'index.html'),
    '<!doctype html><title>spa</title><div id="root"></div>',
  );
  writeFileSync(join(staticDir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(staticDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  t = await startTestServer({
    STATIC_DIR: staticDir,
    MAX_BODY_BYTES: '2048',
    APP_NAME: 'ctfy test',
  });
  [alice, carol] = await Promise.all([t.login('alice'), t.login('carol')]);
});
afterAll(() => t.stop());

describe('health, config.json, openapi', () => {
  it('answers health without a token', async () => {
    const res = await t.call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true });
  });

  it('serves /config.json from the environment, never cached', async () => {
    const res = await t.call('GET', '/config.json');
    expect(res.json).toEqual({ apiBaseUrl: '/api', appName: 'ctfy test' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('serves an OpenAPI document listing the scoped twins', async () => {
    const res = await t.call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    expect(Object.keys(res.json.paths)).toEqual(
      expect.arrayContaining([
        '/api/instances/{id}/traffic',
        '/api/competitions/{cid}/instances/{id}/openvpn-config',
        '/api/submissions',
      ]),
    );
    expect(res.json.components.schemas.InstanceInfo.properties.questions).toBeDefined();
    // docs/openapi.json is the same document (server/scripts/export-openapi.ts rewrites it)
    expect(JSON.parse(readFileSync('docs/openapi.json', 'utf8'))).toEqual(res.json);
  });
});

describe('auth', () => {
  it('logs in, tells who I am, and logs out (the token is revoked)', async () => {
    const login = await t.call('POST', '/api/auth/login', {
      body: { username: 'bob', password: 'bob' },
    });
    expect(login.status).toBe(200);
    expect(login.json.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(Date.parse(login.json.expires_at)).toBeGreaterThan(Date.now());
    const token = login.json.token as string;

    const me = await t.call('GET', '/api/auth/me', { token });
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(me.json).toEqual({
      user: { id: 'u-bob', name: 'bob', display_name: 'Bob' },
      teams: [
        {
          id: 'team-red',
          name: 'Team Red',
          competition_id: 'ctf-spring',
          competition_name: 'Spring CTF 2026',
        },
      ],
    });

    expect((await t.call('POST', '/api/auth/logout', { token })).status).toBe(204);
    const after = await t.call('GET', '/api/auth/me', { token });
    expect(after.status).toBe(401);
    expect(after.json.detail).toMatch(/sign in again/);
  });

  it('lists both of alice’s teams', async () => {
    const me = await t.call('GET', '/api/auth/me', { token: alice });
    expect(me.json.teams.map((x: { id: string }) => x.id).sort()).toEqual([
      'team-night',
      'team-red',
    ]);
  });

  it('rejects a wrong password or an unknown user with the same 401', async () => {
    for (const body of [
      { username: 'alice', password: 'bob' },
      { username: 'nobody', password: 'nobody' },
    ]) {
      const res = await t.call('POST', '/api/auth/login', { body });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ detail: 'Wrong username or password' });
    }
  });

  it('validates the login body (422 FastAPI style)', async () => {
    const res = await t.call('POST', '/api/auth/login', { body: { username: '' } });
    expect(res.status).toBe(422);
    expect(res.json.detail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ loc: ['body', 'username'], type: expect.any(String) }),
        expect.objectContaining({ loc: ['body', 'password'], msg: 'Field required' }),
      ]),
    );
  });

  it('requires a bearer token on every other route', async () => {
    for (const [method, path] of [
      ['GET', '/api/auth/me'],
      ['GET', '/api/settings'],
      ['GET', '/api/challenges'],
      ['GET', '/api/instances'],
      ['POST', '/api/instances'],
      ['GET', '/api/instances/abc/status'],
      ['DELETE', '/api/instances/abc'],
      ['POST', '/api/submissions'],
      ['GET', '/api/competitions/ctf-spring/instances/abc/traffic'],
    ] as const) {
      const res = await t.call(method, path);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(typeof res.json.detail).toBe('string');
      const bad = await t.call(method, path, { token: 'not-a-real-token' });
      expect(bad.status, `${method} ${path} with a bad token`).toBe(401);
    }
  });
});

describe('settings', () => {
  it('gives a single-team user their settings', async () => {
    const res = await t.call('GET', '/api/settings', { token: carol });
    expect(res.json).toEqual({
      default_instance_ttl_s: 86400,
      max_instance_ttl_s: 172800,
      max_instances_per_team: 3,
      flag_pattern: 'ctfy\\{[^}\\n]{1,200}\\}', // FLAG_PATTERN's default (an extension)
    });
  });

  it("answers the platform's settings to a user on several teams without competition_id", async () => {
    const res = await t.call('GET', '/api/settings', { token: alice });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      default_instance_ttl_s: 86400,
      max_instance_ttl_s: 172800,
      max_instances_per_team: 3,
      flag_pattern: 'ctfy\\{[^}\\n]{1,200}\\}',
    });
    const autumn = await t.call('GET', '/api/settings?competition_id=ctf-autumn', { token: alice });
    expect(autumn.status).toBe(200);
    expect(autumn.json).toEqual(res.json);
    expect(
      (await t.call('GET', '/api/competitions/ctf-spring/settings', { token: alice })).status,
    ).toBe(200);
  });

  it('still refuses a competition the caller is not on', async () => {
    const res = await t.call('GET', '/api/settings?competition_id=ctf-autumn', { token: carol });
    expect(res.status).toBe(404);
    expect(
      (await t.call('GET', '/api/competitions/ctf-autumn/settings', { token: carol })).status,
    ).toBe(404);
  });
});

describe('challenges', () => {
  it('lists only the challenges offered in the competition', async () => {
    const spring = await t.call('GET', '/api/challenges', { token: carol });
    const ids = spring.json.items.map((c: { id: string }) => c.id);
    expect(ids).toContain('T-CHAIN');
    expect(ids).not.toContain('T-AUTUMN');
    const chain = spring.json.items.find((c: { id: string }) => c.id === 'T-CHAIN');
    expect(chain).toMatchObject({
      name: 'Chained questions',
      questions_count: 3,
      network_topology: 'simple',
      tags: ['test'],
    });

    const autumn = await t.call('GET', '/api/challenges?competition_id=ctf-autumn', {
      token: alice,
    });
    expect(autumn.json.items.map((c: { id: string }) => c.id)).toContain('T-AUTUMN');
    const scoped = await t.call('GET', '/api/competitions/ctf-autumn/challenges', { token: alice });
    expect(scoped.json).toEqual(autumn.json);
  });

  it('hides competitions the caller is not in', async () => {
    const res = await t.call('GET', '/api/challenges?competition_id=ctf-autumn', { token: carol });
    expect(res.status).toBe(404);
    expect((await t.call('GET', '/api/challenges', { token: alice })).status).toBe(400);
  });

  it('lists and serves static attachments, with a safe Content-Disposition', async () => {
    const list = await t.call('GET', '/api/challenges/T-CHAIN/attachments', { token: carol });
    expect(list.json.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: WEIRD_NAME,
          size: 5,
          templated: false,
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        }),
      ]),
    );
    const res = await t.call(
      'GET',
      `/api/challenges/T-CHAIN/attachments/${encodeURIComponent(WEIRD_NAME)}`,
      { token: carol },
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('weird');
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="notes #1 ?_ _.txt"; filename*=UTF-8''notes%20%231%20%3F%25%20%C3%A9.txt`,
    );
  });

  it('answers 404 for unknown challenges, other competitions’ challenges and traversal names', async () => {
    expect((await t.call('GET', '/api/challenges/NOPE/attachments', { token: carol })).status).toBe(
      404,
    );
    expect(
      (await t.call('GET', '/api/challenges/T-AUTUMN/attachments', { token: carol })).status,
    ).toBe(404);
    for (const name of [
      '..%2Freadme.txt',
      '..%2F..%2Fetc%2Fpasswd',
      'readme.txt%00',
      'a%2Fb',
      '%252E%252E',
      'README.TXT',
    ]) {
      const res = await t.call('GET', `/api/challenges/T-CHAIN/attachments/${name}`, {
        token: carol,
      });
      expect(res.status, name).toBe(404);
      expect(typeof res.json.detail).toBe('string');
    }
    expect(
      (await t.call('GET', '/api/challenges/T-CHAIN/attachments/../../x', { token: carol })).status,
    ).toBe(404);
  });
});

describe('errors', () => {
  it('answers unknown API routes with a JSON 404', async () => {
    const res = await t.call('GET', '/api/nothing/here', { token: carol });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ detail: 'Not Found' });
    expect((await t.call('POST', '/api/nothing')).json).toEqual({ detail: 'Not Found' });
  });

  it('answers malformed JSON with 400 and a clear detail', async () => {
    const res = await t.call('POST', '/api/instances', {
      token: carol,
      raw: '{"challenge_id":',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.json.detail).toMatch(/^Malformed JSON body/);
  });

  it('answers oversized bodies with 413', async () => {
    const res = await t.call('POST', '/api/submissions', {
      token: carol,
      body: { instance_id: 'x', question_id: 'q1', answer: 'A'.repeat(5000) },
    });
    expect(res.status).toBe(413);
    expect(res.json.detail).toBe('The request body is too large: at most 2048 bytes.');
  });

  it('answers other content types with 415', async () => {
    const res = await t.call('POST', '/api/instances', {
      token: carol,
      raw: 'challenge_id=T-CHAIN',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.json.detail).toMatch(/application\/json/);
  });

  it('answers a missing or wrongly typed body with 422 naming the field', async () => {
    const missing = await t.call('POST', '/api/instances', { token: carol });
    expect(missing.status).toBe(422);
    expect(missing.json.detail[0]).toMatchObject({ loc: ['body'], msg: 'A JSON body is required' });
    const typed = await t.call('POST', '/api/instances', {
      token: carol,
      body: { challenge_id: 5, ttl: 'long' },
    });
    expect(typed.status).toBe(422);
    expect(typed.json.detail.map((d: { loc: string[] }) => d.loc.join('.'))).toEqual([
      'body.challenge_id',
      'body.ttl',
    ]);
    const query = await t.call('GET', '/api/instances?limit=0', { token: carol });
    expect(query.status).toBe(422);
    expect(query.json.detail[0].loc).toEqual(['query', 'limit']);
  });

  it('answers malformed or over-long URLs, and odd bodies, with a detail', async () => {
    const bad = await rawGet(t.url, '/api/instances/%zz', carol);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ detail: 'The URL is malformed.' });
    const long = await rawGet(t.url, `/api/instances/${'a'.repeat(3000)}`, carol);
    // 414 from the router, or 404 when the SPA's wildcard route takes it first
    expect([404, 414]).toContain(long.status);
    expect(typeof JSON.parse(long.body).detail).toBe('string');
    const array = await t.call('POST', '/api/submissions', {
      token: carol,
      raw: '[1]',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(array.status).toBe(422);
    const nul = await t.call('POST', '/api/auth/login', {
      raw: 'null',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(nul.json.detail[0].msg).toBe('A JSON body is required');
    const basic = await t.call('GET', '/api/instances', {
      headers: { Authorization: 'Basic YTpi' },
    });
    expect(basic.status).toBe(401);
  });

  it('answers API paths with .., // or an over-long segment with the API 404, not the static server', async () => {
    for (const path of [
      '/api/instances/../challenges',
      '/api/../api/instances',
      '/api//instances',
      '/api/instances//status',
      `/api/${'a'.repeat(1001)}`,
      `/api/instances/${'a'.repeat(1001)}/status`,
      `/api/challenges/T-CHAIN/attachments/${'b'.repeat(1001)}`,
    ]) {
      const res = await rawGet(t.url, path, carol);
      expect(res.status, path.slice(0, 60)).toBe(404);
      expect(Object.keys(JSON.parse(res.body) as object), path.slice(0, 60)).toEqual(['detail']);
    }
  });

  it('answers a URL over 16 KB with a {detail} body', async () => {
    const res = await rawGet(t.url, `/api/instances?q=${'x'.repeat(17 * 1024)}`, carol);
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body)).toEqual({
      detail: 'The request line and headers are too long: at most 16 KB.',
    });
  });

  it('answers a text/plain body with 415, as for any body that is not JSON', async () => {
    for (const path of ['/api/instances', '/api/auth/login', '/api/submissions']) {
      const res = await t.call('POST', path, {
        token: carol,
        raw: '{"challenge_id":"T-CHAIN"}',
        headers: { 'Content-Type': 'text/plain' },
      });
      expect(res.status, path).toBe(415);
      expect(res.json.detail).toBe('Unsupported Content-Type text/plain: send application/json.');
    }
  });

  it('puts nosniff and no-referrer on every response', async () => {
    for (const path of ['/api/health', '/api/nothing', '/config.json', '/']) {
      const res = await t.call('GET', path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });
});

describe('the SPA', () => {
  it('serves index.html for app paths, with a CSP that forbids inline script', async () => {
    for (const path of ['/', '/login', '/c/ctf-spring/instances/abc/traffic', '/traffic/open']) {
      const res = await t.call('GET', path);
      expect(res.status, path).toBe(200);
      expect(res.text).toContain('<div id="root">');
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });

  it('serves hashed assets with long cache headers and other files revalidated', async () => {
    const asset = await t.call('GET', '/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const icon = await t.call('GET', '/favicon.svg');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('does not fall back to index.html for API paths or non-GET methods', async () => {
    expect((await t.call('GET', '/api/unknown')).json).toEqual({ detail: 'Not Found' });
    expect((await t.call('POST', '/somewhere')).status).toBe(404);
    const asset = await t.call('GET', '/assets/index-gone.js');
    expect(asset.status).toBe(404);
    expect(asset.headers.get('content-type')).not.toMatch(/html/);
  });
});

describe('config', () => {
  it('is documented in the README table, one row per variable with its default', () => {
    const readme = readFileSync('README.md', 'utf8');
    const rows = readme.split('\n').filter((line) => line.startsWith('| `'));
    for (const v of CONFIG_VARIABLES) {
      const row = rows.find((line) => line.startsWith(`| \`${v.name}\` `));
      expect(row, v.name).toBeDefined();
      expect(row?.split('|')[2]?.trim(), v.name).toBe(`\`${v.default}\``);
    }
  });

  it('reads defaults and rejects bad values naming the variable', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.apiPrefix).toBe('/api');
    expect(c.maxInstancesPerTeam).toBe(3);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000": must be at most 65535/);
    expect(() => loadConfig({ CAPTURE_MODE: 'tcpdump' })).toThrow(/CAPTURE_MODE/);
    expect(() => loadConfig({ DEFAULT_INSTANCE_TTL_S: '500', MAX_INSTANCE_TTL_S: '100' })).toThrow(
      /DEFAULT_INSTANCE_TTL_S/,
    );
    expect(() => loadConfig({ API_PREFIX: 'api/' })).toThrow(/API_PREFIX/);
  });
});

describe('sign-in throttling', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('after 5 wrong passwords the user name waits (429, Retry-After), others do not', async () => {
    const wrong = { username: 'carol', password: 'not-carol' };
    for (let i = 0; i < 5; i++) {
      expect((await t.call('POST', '/api/auth/login', { body: wrong })).status).toBe(401);
    }
    const locked = await t.call('POST', '/api/auth/login', { body: wrong });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('30');
    expect(locked.json).toEqual({ detail: 'Try again in 30 s.' });
    // even the right password waits: the lock is not a password oracle
    const right = await t.call('POST', '/api/auth/login', {
      body: { username: 'Carol', password: 'carol' },
    });
    expect(right.status).toBe(429);
    // another user name from the same address is not affected
    const bob = await t.call('POST', '/api/auth/login', {
      body: { username: 'bob', password: 'bob' },
    });
    expect(bob.status).toBe(200);
  });
});
