/**
 * A player's odd request must never kill an instance: each demo service is
 * started as the runtime starts it (its command, its ports, loopback only) and
 * sent a bounded set of odd requests (paths, methods, headers, bodies, bytes
 * that are not HTTP). Unknown ones get a 4xx, none a 5xx, and the service
 * still answers afterwards. A service that dies is reported with the useful
 * part of its stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog, type LoadedChallenge } from '../runtime/catalog';
import { StderrTail } from '../runtime/exitReason';
import { freeTcpPorts } from '../runtime/ports';
import { resolveCommand } from '../runtime/process';
import { DEMO_CHALLENGES } from '../runtime/testkit';

const REQUEST_TIMEOUT_MS = 3000;

interface Odd {
  what: string;
  bytes: string | Buffer;
  /** '4xx': an unknown thing, refused; 'answer': any status below 500 */
  expect: '4xx' | 'answer';
}

const req = (line: string, headers: string[] = [], body = '') =>
  `${line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers.map((h) => `${h}\r\n`).join('')}${
    body ? `Content-Length: ${Buffer.byteLength(body)}\r\n` : ''
  }\r\n${body}`;

const ODD_HTTP: Odd[] = [
  ...[
    '//',
    '///etc/passwd',
    '//evil.example/x',
    '/%',
    '/%zz',
    '/%00',
    '/../../etc/passwd',
    '/..%2f..%2fetc%2fpasswd',
    `/${'a'.repeat(8000)}`,
    '/nope?%zz=%&&&=',
    '/big?bytes=NaN',
    '/big?bytes=-1',
    '/big?bytes=99999999999',
    '/ws',
  ].map((path): Odd => ({
    what: `GET ${path.slice(0, 40)}`,
    bytes: req(`GET ${path} HTTP/1.1`),
    expect: '4xx',
  })),
  ...['PROPFIND', 'BREW', 'M-SEARCH', 'TRACE', 'PUT', 'DELETE', 'PATCH'].map((method): Odd => ({
    what: `${method} /`,
    bytes: req(`${method} / HTTP/1.1`),
    expect: '4xx',
  })),
  { what: 'OPTIONS *', bytes: req('OPTIONS * HTTP/1.1'), expect: '4xx' },
  { what: 'CONNECT', bytes: req('CONNECT 127.0.0.1:22 HTTP/1.1'), expect: '4xx' },
  { what: 'absolute-form', bytes: req('GET http://evil.example/nope HTTP/1.1'), expect: '4xx' },
  { what: 'HTTP/0.9', bytes: 'GET /nope\r\n\r\n', expect: '4xx' },
  { what: 'HTTP/2.0 line', bytes: req('GET /nope HTTP/2.0'), expect: '4xx' },
  { what: 'TLS hello', bytes: Buffer.from('160301020001000200030301', 'hex'), expect: '4xx' },
  { what: 'no Host', bytes: 'GET /nope HTTP/1.1\r\nConnection: close\r\n\r\n', expect: '4xx' },
  {
    what: 'websocket upgrade elsewhere',
    bytes: req('GET /nope HTTP/1.1', [
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    ]),
    expect: '4xx',
  },
  {
    what: 'websocket upgrade without a key',
    bytes: req('GET /ws HTTP/1.1', ['Upgrade: websocket', 'Connection: Upgrade']),
    expect: '4xx',
  },
  {
    what: 'Content-Length: abc',
    bytes: req('POST /nope HTTP/1.1', ['Content-Length: abc']),
    expect: '4xx',
  },
  {
    what: 'bad chunk',
    bytes: req('POST /nope HTTP/1.1', ['Transfer-Encoding: chunked'], 'zz\r\nnot a chunk\r\n'),
    expect: '4xx',
  },
  {
    what: 'cookie soup',
    bytes: req('GET /admin HTTP/1.1', ['Cookie: ===;;;=;role']),
    expect: '4xx',
  },
  {
    what: '12 KB header',
    bytes: req('GET /nope HTTP/1.1', [`X-Big: ${'b'.repeat(12_000)}`]),
    expect: '4xx',
  },
  {
    what: '20 KB of headers',
    bytes: req('GET / HTTP/1.1', [`X-Big: ${'b'.repeat(20_000)}`]),
    expect: '4xx',
  },
  {
    what: 'JSON junk to /',
    bytes: req('POST / HTTP/1.1', ['Content-Type: application/json'], '{"a":'),
    expect: '4xx',
  },
  {
    what: '200 KB form to /login',
    bytes: req(
      'POST /login HTTP/1.1',
      ['Content-Type: application/x-www-form-urlencoded'],
      'username=' + 'x'.repeat(200_000),
    ),
    expect: '4xx',
  },
  {
    what: 'binary to /echo',
    bytes: Buffer.concat([
      Buffer.from(
        req('POST /echo HTTP/1.1', ['Content-Length: 256']).replace(/\r\n\r\n$/, '\r\n\r\n'),
      ),
      Buffer.alloc(256, 0xff),
    ]),
    expect: 'answer',
  },
  { what: 'HEAD /', bytes: req('HEAD / HTTP/1.1'), expect: 'answer' },
];

const ODD_TCP: { what: string; bytes: string | Buffer }[] = [
  { what: 'binary', bytes: Buffer.from([0, 1, 2, 0xff, 0xfe, 10]) },
  { what: '70 KB without a newline', bytes: 'x'.repeat(70_000) },
  { what: 'an HTTP request', bytes: req('GET / HTTP/1.1') },
  { what: 'TLS hello', bytes: Buffer.from('160301020001000200030301', 'hex') },
  { what: 'CRLF soup', bytes: '\r\n\r\r\n\n\0quit\r' },
];

/** Sends `bytes`, returns the first non-1xx status (0 when the connection closed without one). */
function exchange(port: number, bytes: string | Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    let text = '';
    const sock = connect({ host: '127.0.0.1', port });
    const done = () => {
      clearTimeout(timer);
      sock.destroy();
      const statuses = [...text.matchAll(/^HTTP\/1\.[01] (\d{3})/gm)].map((m) => Number(m[1]));
      resolve({ status: statuses.find((s) => s >= 200) ?? 0, text });
    };
    const timer = setTimeout(done, REQUEST_TIMEOUT_MS);
    sock.on('connect', () => sock.write(bytes));
    sock.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (
        /^HTTP\/1\.[01] [2-5]\d\d/m.test(text) ||
        (/\n/.test(text.slice(0, 200)) && !text.startsWith('HTTP'))
      ) {
        // an HTTP status line (or a TCP service's first line) is all we need
        if (text.includes('\n')) done();
      }
    });
    sock.on('error', () => {});
    sock.on('close', done);
  });
}

interface Started {
  child: ChildProcess;
  stderr: StderrTail;
  ports: Map<string, number>;
}

async function startService(challenge: LoadedChallenge): Promise<Started> {
  const ports = await freeTcpPorts(challenge.entrypoints.length);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOST: '127.0.0.1',
    INSTANCE_ID: 'fuzz',
    CHALLENGE_ID: challenge.id,
    TEAM_ID: 'team-fuzz',
    TEAM_NAME: 'Team Fuzz',
    TEAM_SECRET: 'fuzz',
    ...challenge.service.env,
    DEMO_004_BOOT_MS: '0',
  };
  const byName = new Map<string, number>();
  challenge.entrypoints.forEach((e, i) => {
    byName.set(e.name, ports[i]!);
    env[`PORT_${e.name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`] = String(ports[i]);
  });
  env.PORT = String(ports[0]);
  const { file, args } = resolveCommand(
    challenge.dir,
    challenge.service.command,
    challenge.service.args,
  );
  const child = spawn(file, args, { cwd: challenge.dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = new StderrTail();
  if (child.stderr) createInterface({ input: child.stderr }).on('line', (l) => stderr.push(l));
  // listening: a TCP connect succeeds
  const port = ports[0]!;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`${challenge.id} did not listen: ${stderr.reason() || 'no stderr'}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, stderr, ports: byName };
}

/** Resolves once `child` has exited, or after `ms`. */
function exited(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const catalog = loadCatalog(DEMO_CHALLENGES);
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

describe('every demo service survives odd requests', () => {
  it('has demo services to fuzz', () => {
    expect(catalog.list().map((c) => c.id)).toEqual(
      expect.arrayContaining(['DEMO-001', 'DEMO-005', 'DEMO-006']),
    );
  });

  for (const challenge of catalog.list()) {
    it(`${challenge.id}: odd requests get a 4xx, never a 5xx, and the service still answers`, async () => {
      const loaded = catalog.getLoaded(challenge.id)!;
      const service = await startService(loaded);
      running.push(service.child);
      const dead = () =>
        service.child.exitCode !== null || service.child.signalCode !== null
          ? `${challenge.id} died: ${service.stderr.reason() || '(nothing on stderr)'}`
          : undefined;
      const readinessPath = loaded.readiness.type === 'http' ? loaded.readiness.path : '/';

      for (const e of loaded.entrypoints) {
        const port = service.ports.get(e.name)!;
        if (e.protocol === 'http') {
          for (const odd of ODD_HTTP) {
            const { status } = await exchange(port, odd.bytes);
            if (status === 0) await exited(service.child, 1000); // a crash: let it finish dying
            expect(dead(), odd.what).toBeUndefined();
            if (odd.expect === '4xx')
              expect(status, `${challenge.id} ${odd.what}`).toBeGreaterThanOrEqual(400);
            else expect(status, `${challenge.id} ${odd.what}`).toBeGreaterThanOrEqual(200);
            expect(status, `${challenge.id} ${odd.what}`).toBeLessThan(500);
          }
          const after = await exchange(port, req(`GET ${readinessPath} HTTP/1.1`));
          expect(after.status, `${challenge.id} still answers`).toBeGreaterThanOrEqual(200);
        } else if (e.protocol === 'tcp') {
          for (const odd of ODD_TCP) {
            const { text } = await exchange(port, odd.bytes);
            expect(dead(), odd.what).toBeUndefined();
            expect(text, `${challenge.id} ${odd.what}: the banner`).toMatch(/ready/);
          }
          const after = await exchange(port, 'flag\n');
          expect(after.text, `${challenge.id} still answers`).toMatch(/ready/);
        }
      }
      expect(dead()).toBeUndefined();
      service.child.kill('SIGTERM');
    }, 60_000);
  }
});
