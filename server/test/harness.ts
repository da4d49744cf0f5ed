/**
 * Starts the real server in-process on port 0 with a temp DATA_DIR, and a
 * tiny fetch client for the tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type ServerConfig } from '../config';
import type { CreateRuntime } from '../runtime/types';
import { startServer, type RunningServer } from '../server';
import { createFakeRuntime } from './fakeRuntime';

export interface Res<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

export interface TestServer {
  server: RunningServer;
  config: ServerConfig;
  dataDir: string;
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test responses are checked field by field
  call<T = any>(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<Res<T>>;
  login(user: string): Promise<string>;
  /** restarts on the same DATA_DIR */
  restart(): Promise<void>;
  /** dies without shutting anything down (processes stay), then starts again */
  crashAndRestart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestServer(
  env: Record<string, string> = {},
  createRuntime: CreateRuntime = createFakeRuntime,
  dataDir = mkdtempSync(join(tmpdir(), 'ctfy-server-test-')),
): Promise<TestServer> {
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    STATIC_DIR: join(dataDir, 'no-spa'),
    LOG_LEVEL: 'silent',
    DEMO_EXTRA_TEAMS: '2',
    PKI_DELAY_MS: '300',
    ...env,
  });
  let server = await startServer(config, { createRuntime });
  const t: TestServer = {
    get server() {
      return server;
    },
    config,
    dataDir,
    get url() {
      return server.url;
    },
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
      let body: string | undefined;
      if (opts.raw !== undefined) body = opts.raw;
      else if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['Content-Type'] ??= 'application/json';
      }
      const res = await fetch(`${server.url}${path}`, { method, headers, body });
      const text = await res.text();
      let json: unknown = undefined;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, text, json: json as never };
    },
    async login(user) {
      const res = await t.call<{ token: string }>('POST', '/api/auth/login', {
        body: { username: user, password: user },
      });
      if (res.status !== 200) throw new Error(`login ${user}: ${res.status} ${res.text}`);
      return res.json.token;
    },
    async restart() {
      await server.close();
      server = await startServer(config, { createRuntime });
    },
    async crashAndRestart() {
      server.lifecycle.stopSweeper();
      await server.app.close();
      server.store.close();
      server = await startServer(config, { createRuntime });
    },
    async stop() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

export function isProcessGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

export async function waitFor<T>(
  fn: () => Promise<T> | T,
  ok: (v: T) => boolean,
  timeoutMs = 10_000,
  intervalMs = 25,
): Promise<T> {
  const start = Date.now();
  let last = await fn();
  while (!ok(last)) {
    if (Date.now() - start > timeoutMs) {
      throw new Error(`waitFor timed out; last value: ${JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
    last = await fn();
  }
  return last;
}

/** A GET whose path is sent exactly as given (fetch would normalise `..`). */
export function rawGet(
  baseUrl: string,
  path: string,
  token: string,
): Promise<{ status: number; body: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: 'GET',
        headers: { Authorization: `Bearer ${token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}
