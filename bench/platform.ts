/** The local ctfy platform, started for the benchmark with its own port, data folder and SPA build. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { freePort, sleep, spawnLogged, waitForHttp, type Spawned } from './util';

export interface Platform {
  baseUrl: string;
  dataDir: string;
  server: Spawned;
}

/** Builds the SPA into `outDir` (never the shared dist/). */
export function buildSpa(outDir: string): void {
  // relative: the build's artefact plugin joins the outDir to the project root
  const build = spawnSync(
    'npx',
    ['vite', 'build', '--outDir', relative(process.cwd(), outDir), '--emptyOutDir'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    },
  );
  if (build.status !== 0)
    throw new Error(`vite build failed:\n${(build.stdout + build.stderr).slice(-3000)}`);
}

/**
 * The SPA build a bench serves: `BENCH_STATIC_DIR` (a build to reuse), or a
 * fresh build into `<work>/dist`; an absolute path.
 */
export function benchStaticDir(work: string, log: (message: string) => void = () => {}): string {
  const reuse = process.env.BENCH_STATIC_DIR;
  if (reuse) return resolve(reuse);
  const built = join(work, 'dist');
  log('building the SPA…');
  buildSpa(built);
  return built;
}

/** The platform's V8 options in `npm start` (package.json's `start` and `serve`). */
const PLATFORM_NODE_OPTIONS = '--max-semi-space-size=4';

export async function startPlatform(staticDir: string, dataDir: string): Promise<Platform> {
  if (!existsSync('server/main.ts'))
    throw new Error('server/main.ts does not exist yet: the local platform is not built');
  const port = await freePort();
  // node with tsx's loader (not `npx tsx`): one process, whose pid and RSS are the server's
  // V8's young generation of at most 3 × 4 MB, as `npm start` runs the platform (package.json)
  const server = spawnLogged(
    process.execPath,
    [PLATFORM_NODE_OPTIONS, '--import', 'tsx', 'server/main.ts'],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATIC_DIR: staticDir,
      MAX_INSTANCES_PER_TEAM: '10',
      // the 1,000,000-flow capture is read whole (the default keeps 200,000 per file)
      MAX_CAPTURED_FLOWS: '2000000',
      LOG_LEVEL: 'warn',
      // as `npm start` runs the platform (package.json): glibc maps allocations of
      // 1 MB and more (a capture's read buffers) and gives them back when freed,
      // instead of keeping them in its heap once its mmap threshold has grown
      MALLOC_MMAP_THRESHOLD_: '1048576',
    },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseUrl}/api/health`, 60_000, server.process);
  } catch (error) {
    await server.stop();
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n${server.output().slice(-2000)}`,
    );
  }
  return { baseUrl, dataDir, server };
}

export class Api {
  constructor(
    private readonly baseUrl: string,
    private token = '',
  ) {}

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers: {
        ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : null,
    });
  }

  async login(username: string): Promise<string> {
    const res = await this.call('POST', '/auth/login', { username, password: username });
    if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    this.token = ((await res.json()) as { token: string }).token;
    return this.token;
  }

  /** Starts an instance and waits until it runs; returns its id. */
  async startAndWait(
    challengeId: string,
    competitionId: string,
    timeoutMs = 60_000,
  ): Promise<string> {
    const res = await this.call('POST', '/instances', {
      challenge_id: challengeId,
      competition_id: competitionId,
    });
    if (!res.ok) throw new Error(`start ${challengeId}: ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = (await (await this.call('GET', `/instances/${id}/status`)).json()) as {
        status: string;
        message?: string;
      };
      if (status.status === 'running') return id;
      if (['failed', 'stopped', 'expired'].includes(status.status)) {
        throw new Error(`instance ${id} ended ${status.status}: ${status.message ?? ''}`);
      }
      if (Date.now() > deadline)
        throw new Error(`instance ${id} not running after ${timeoutMs} ms (${status.status})`);
      await sleep(300);
    }
  }

  async stop(id: string): Promise<void> {
    await this.call('DELETE', `/instances/${id}`);
  }

  /**
   * GET /instances/{id}/traffic: time, bytes (decoded) and flow count as the
   * server serves them. Streamed and counted, never held: a 1,000,000-flow
   * answer is more text than a JS string can hold. Flows are counted as the
   * `{"id":` that opens each (summaries and flows from a dump begin with
   * their id; inside a string the quotes would be escaped).
   */
  async traffic(
    id: string,
    /** 'rows': `?view=summary&layout=rows` (each flow a row ending with a newline) */
    view?: 'summary' | 'rows',
  ): Promise<{ ms: number; bytes: number; flows: number | null; status: number }> {
    const started = performance.now();
    const query = view === 'rows' ? '?view=summary&layout=rows' : view ? `?view=${view}` : '';
    const res = await this.call('GET', `/instances/${id}/traffic${query}`);
    const marker = Buffer.from(view === 'rows' ? '\n' : '{"id":');
    let bytes = 0;
    let flows = 0;
    let carry = Buffer.alloc(0);
    let head = '';
    for await (const chunk of res.body ?? []) {
      const data = Buffer.concat([carry, chunk]);
      bytes += (chunk as Uint8Array).length;
      // the rows head names its fields before "flows"
      if (head.length < 2000) head += data.toString('utf8', 0, Math.min(2000, data.length));
      for (let at = data.indexOf(marker); at >= 0; at = data.indexOf(marker, at + 1)) flows++;
      carry = data.subarray(Math.max(0, data.length - (marker.length - 1)));
    }
    const ms = performance.now() - started;
    return {
      ms: Math.round(ms),
      bytes,
      flows: head.includes('"flows":[') ? flows : null,
      status: res.status,
    };
  }
}
