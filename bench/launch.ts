/**
 * Launch benchmark: one launch of the slow challenge (DEMO-004) through the
 * UI in real Chromium. Reports how many `/status` requests the page made
 * until it showed the instance ready, and the delay between the platform
 * marking it running (`ready_at`) and the page showing it (the attack
 * surface heading appearing, timed in the page by a MutationObserver).
 *
 *   npx tsx bench/launch.ts      # builds the SPA, starts its own platform, prints the figures
 *
 * `bench/run.ts` (npm run bench) calls `benchLaunch` with its own platform and browser.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { chromiumArgs as defaultChromiumArgs } from '../playwright.config';

export interface LaunchBenchOptions {
  baseURL?: string;
  /** bench/run.ts spells it this way */
  baseUrl?: string;
  token?: string;
  competitionId?: string;
  browser?: Browser;
  chromiumArgs?: string[];
  /** signs in as this user when no token is given (default bob, alone on the bench platform) */
  user?: string;
}

export interface LaunchBenchResult {
  statusRequests: number;
  readyDelayMs: number;
  totalMs: number;
}

const CHALLENGE = 'DEMO-004';

async function call(base: string, token: string, method: string, path: string, body?: unknown) {
  return fetch(`${base}/api${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : null,
  });
}

async function login(base: string, user: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password: user }),
  });
  if (!res.ok) throw new Error(`login ${user}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Stops the caller's live DEMO-004 instances, so the launch is not refused with 409. */
async function stopPrevious(base: string, token: string, competitionId: string) {
  const res = await call(
    base,
    token,
    'GET',
    `/instances?competition_id=${competitionId}&challenge_id=${CHALLENGE}&limit=100`,
  );
  if (!res.ok) return;
  const body = (await res.json()) as { items?: { id: string }[] } | { id: string }[];
  const items = Array.isArray(body) ? body : (body.items ?? []);
  for (const i of items) await call(base, token, 'DELETE', `/instances/${i.id}`);
}

export async function benchLaunch(opts: LaunchBenchOptions): Promise<LaunchBenchResult> {
  const base = (opts.baseURL ?? opts.baseUrl ?? '').replace(/\/$/, '');
  if (!base) throw new Error('benchLaunch: no baseURL');
  const competitionId = opts.competitionId ?? 'ctf-spring';
  const token = opts.token ?? (await login(base, opts.user ?? 'bob'));
  await stopPrevious(base, token, competitionId);

  const ownBrowser = opts.browser
    ? null
    : await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: opts.chromiumArgs ?? defaultChromiumArgs,
      });
  const browser = opts.browser ?? ownBrowser!;
  const context = await browser.newContext({ baseURL: base });
  let instanceId: string | undefined;
  try {
    await context.addInitScript((t) => localStorage.setItem('ctfy.token', t), token);
    const page = await context.newPage();
    let statusRequests = 0;
    let counting = true;
    page.on('request', (req) => {
      if (counting && /\/instances\/[^/]+\/status(\?|$)/.test(new URL(req.url()).pathname)) {
        statusRequests++;
      }
    });

    await page.goto(`/c/${competitionId}/challenges/${CHALLENGE}`);
    await page.getByRole('button', { name: 'Launch', exact: true }).click({ timeout: 60_000 });
    const clickedAt = Date.now();
    await page.getByRole('dialog').getByRole('button', { name: 'Launch', exact: true }).click();
    await page.waitForURL(/\/instances\/[^/]+$/, { timeout: 30_000 });
    instanceId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

    // The moment the page shows the surface, timed in the page itself (checked every animation frame).
    const shown = await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('h2, h3')).some(
          (h) => h.textContent?.trim() === 'Attack surface',
        )
          ? Date.now()
          : false,
      undefined,
      { polling: 'raf', timeout: 120_000 },
    );
    const shownAt = (await shown.jsonValue()) as number;
    counting = false;

    const info = (await (await call(base, token, 'GET', `/instances/${instanceId}`)).json()) as {
      ready_at?: string | null;
    };
    if (!info.ready_at) throw new Error(`instance ${instanceId} has no ready_at`);
    return {
      statusRequests,
      readyDelayMs: shownAt - Date.parse(info.ready_at),
      totalMs: shownAt - clickedAt,
    };
  } finally {
    if (instanceId) await call(base, token, 'DELETE', `/instances/${instanceId}`).catch(() => {});
    await context.close();
    await ownBrowser?.close();
  }
}

async function main() {
  const { buildSpa, startPlatform } = await import('./platform');
  const staticDir =
    process.env.BENCH_STATIC_DIR ?? mkdtempSync(join(tmpdir(), 'launch-bench-dist-'));
  if (!process.env.BENCH_STATIC_DIR) buildSpa(staticDir);
  const dataDir = mkdtempSync(join(tmpdir(), 'launch-bench-data-'));
  const platform = await startPlatform(staticDir, dataDir);
  try {
    const runs = Number(process.env.BENCH_LAUNCH_RUNS ?? 1);
    for (let n = 0; n < runs; n++) {
      const result = await benchLaunch({ baseURL: platform.baseUrl });
      console.log(JSON.stringify({ challenge: CHALLENGE, ...result }));
    }
  } finally {
    await platform.server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (!process.env.BENCH_STATIC_DIR) rmSync(staticDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
