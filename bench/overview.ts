/**
 * Team overview benchmark (issue 15), in real Chromium against the local
 * platform:
 *
 *  - requests per minute the overview makes with three live instances
 *    (goal: ≤ 20 with the platform's extensions), by kind, and how old the
 *    cards' figures get (the longest gap between two list answers);
 *  - the time from a team-mate's action (bob, in his own browser context:
 *    launch, answer) to alice's overview showing it (the card, the feed
 *    entry), timed in alice's page (goal: ≤ one poll interval + 0.5 s).
 *
 *   npx tsx bench/overview.ts      # builds the SPA, starts its own platform, prints the figures
 *
 * `bench/run.ts` (npm run bench) calls `benchOverview` with its own platform
 * and browser. BENCH_OVERVIEW_WINDOW_S (default 60) sets the counting window.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { chromiumArgs as defaultChromiumArgs } from '../playwright.config';
import { OVERVIEW_POLL_MS } from '../src/api/polling';

export interface OverviewBenchOptions {
  baseUrl: string;
  browser?: Browser;
  chromiumArgs?: string[];
  competitionId?: string;
  windowMs?: number;
}

export interface OverviewBenchResult {
  liveInstances: number;
  windowS: number;
  requestsPerMinute: number;
  byKind: Record<string, number>;
  /** longest gap between two instance-list answers: how old a card's figures can get */
  oldestFiguresMs: number;
  pollIntervalMs: number;
  goal: { requestsPerMinute: number; latencyMs: number };
  latencyMs: { launchToCard: number; answerToCard: number; answerToFeed: number };
}

const TEAM_MATES = { watcher: 'alice', actor: 'bob' };
const STEADY = ['DEMO-001', 'DEMO-003', 'DEMO-006'];
const LAUNCHED = { id: 'DEMO-002', name: 'Perimeter Walk' };

async function login(request: APIRequestContext, user: string): Promise<string> {
  const res = await request.post('/api/auth/login', { data: { username: user, password: user } });
  if (!res.ok()) throw new Error(`login ${user}: ${res.status()}`);
  return ((await res.json()) as { token: string }).token;
}

function client(request: APIRequestContext, token: string, competitionId: string) {
  const headers = { Authorization: `Bearer ${token}` };
  return {
    async liveIds(): Promise<string[]> {
      const res = await request.get(`/api/instances?competition_id=${competitionId}&limit=100`, {
        headers,
      });
      const body = (await res.json()) as { items: { id: string }[] };
      return body.items.map((i) => i.id);
    },
    async start(challengeId: string): Promise<string> {
      const res = await request.post('/api/instances', {
        headers,
        data: { challenge_id: challengeId, competition_id: competitionId },
      });
      if (!res.ok()) throw new Error(`start ${challengeId}: ${res.status()} ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    },
    async waitRunning(id: string): Promise<void> {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const res = await request.get(`/api/instances/${id}/status`, { headers });
        if (((await res.json()) as { status: string }).status === 'running') return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`instance ${id} did not run within 60 s`);
    },
    answer: (instanceId: string, questionId: string, answer: string) =>
      request.post('/api/submissions', {
        headers,
        data: {
          instance_id: instanceId,
          question_id: questionId,
          answer,
          competition_id: competitionId,
        },
      }),
    stop: (id: string) => request.delete(`/api/instances/${id}`, { headers }),
  };
}

const CARDS = 'ul[aria-label^="Live instances"]';
const FEED = 'ol[aria-label^="Team activity"]';

/** Resolves with the page's own clock when the text of `scope` matches `pattern`. */
async function shownAt(page: Page, scope: string, pattern: string): Promise<number> {
  const handle = await page.waitForFunction(
    ([selector, source]) => {
      const re = new RegExp(source);
      const el = document.querySelector<HTMLElement>(selector);
      return el && re.test(el.innerText) ? Date.now() : false;
    },
    [scope, pattern] as const,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

export async function benchOverview(opts: OverviewBenchOptions): Promise<OverviewBenchResult> {
  const competitionId = opts.competitionId ?? 'ctf-spring';
  const windowMs = opts.windowMs ?? Number(process.env.BENCH_OVERVIEW_WINDOW_S ?? 60) * 1000;
  const ownBrowser = opts.browser
    ? null
    : await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: opts.chromiumArgs ?? defaultChromiumArgs,
      });
  const browser = opts.browser ?? ownBrowser!;
  const bobContext = await browser.newContext({ baseURL: opts.baseUrl });
  const aliceContext = await browser.newContext({ baseURL: opts.baseUrl });
  const bob = client(
    bobContext.request,
    await login(bobContext.request, TEAM_MATES.actor),
    competitionId,
  );
  const started: string[] = [];
  try {
    for (const id of await bob.liveIds()) await bob.stop(id);
    for (const challenge of STEADY) started.push(await bob.start(challenge));
    for (const id of started) await bob.waitRunning(id);

    const aliceToken = await login(aliceContext.request, TEAM_MATES.watcher);
    await aliceContext.addInitScript((t) => localStorage.setItem('ctfy.token', t), aliceToken);
    const page = await aliceContext.newPage();
    await page.goto(`/c/${competitionId}`);
    await page.getByRole('heading', { name: /Live instances \(3\)/ }).waitFor({ timeout: 60_000 });

    // 1. requests per minute, steady state
    const byKind: Record<string, number> = {};
    const listAnswers: number[] = [];
    const onRequest = (req: { url(): string }) => {
      const url = new URL(req.url());
      if (!url.pathname.startsWith('/api/')) return;
      const kind = url.pathname.replace(/^\/api(\/competitions\/[^/]+)?/, '');
      byKind[kind] = (byKind[kind] ?? 0) + 1;
    };
    const onResponse = (res: { url(): string }) => {
      if (/\/instances$/.test(new URL(res.url()).pathname)) listAnswers.push(Date.now());
    };
    page.on('request', onRequest);
    page.on('response', onResponse);
    const from = Date.now();
    await page.waitForTimeout(windowMs);
    page.off('request', onRequest);
    page.off('response', onResponse);
    const total = Object.values(byKind).reduce((a, b) => a + b, 0);
    const gaps = listAnswers.slice(1).map((t, i) => t - listAnswers[i]!);
    const oldest = Math.max(0, ...gaps, (listAnswers[0] ?? from + windowMs) - from);

    // 2. a team-mate's launch → the card in the other browser
    const t0 = Date.now();
    const launched = await bob.start(LAUNCHED.id);
    started.push(launched);
    const launchShown = await shownAt(page, CARDS, LAUNCHED.name);
    await bob.waitRunning(launched);

    // 3. a team-mate's answer → the card's progress, and the feed entry
    const t1 = Date.now();
    const answer = await bob.answer(started[1]!, 'q1', 'firmware');
    if (!answer.ok()) throw new Error(`answer: ${answer.status()}`);
    const [cardShown, feedShown] = await Promise.all([
      shownAt(page, CARDS, '1 of 2 · 50/150 pts'),
      shownAt(page, FEED, 'bob answered [^\\n]* of Field Notes'),
    ]);

    return {
      liveInstances: STEADY.length,
      windowS: windowMs / 1000,
      requestsPerMinute: Math.round((total / windowMs) * 60_000 * 10) / 10,
      byKind,
      oldestFiguresMs: oldest,
      pollIntervalMs: OVERVIEW_POLL_MS,
      goal: { requestsPerMinute: 20, latencyMs: OVERVIEW_POLL_MS + 500 },
      latencyMs: {
        launchToCard: launchShown - t0,
        answerToCard: cardShown - t1,
        answerToFeed: feedShown - t1,
      },
    };
  } finally {
    for (const id of started) await bob.stop(id).catch(() => undefined);
    await aliceContext.close();
    await bobContext.close();
    await ownBrowser?.close();
  }
}

export function printOverview(result: OverviewBenchResult | { error: string }): void {
  console.log('\nTeam overview (bench/overview.ts):');
  if ('error' in result) {
    console.log(`  error: ${result.error}`);
    return;
  }
  const ok = (v: number, goal: number) => (v <= goal ? 'ok' : 'OVER GOAL');
  console.log(
    `  requests/minute with ${result.liveInstances} live instances: ${result.requestsPerMinute} ` +
      `(goal ≤ ${result.goal.requestsPerMinute}: ${ok(result.requestsPerMinute, result.goal.requestsPerMinute)}) ` +
      `over ${result.windowS} s: ${JSON.stringify(result.byKind)}`,
  );
  console.log(
    `  cards' figures at most ${result.oldestFiguresMs} ms old (poll interval ${result.pollIntervalMs} ms)`,
  );
  for (const [what, v] of Object.entries(result.latencyMs))
    console.log(
      `  ${what}: ${v} ms (goal ≤ ${result.goal.latencyMs} ms: ${ok(v, result.goal.latencyMs)})`,
    );
}

async function main() {
  const { buildSpa, startPlatform } = await import('./platform');
  const staticDir =
    process.env.BENCH_STATIC_DIR ?? mkdtempSync(join(tmpdir(), 'overview-bench-dist-'));
  if (!process.env.BENCH_STATIC_DIR) buildSpa(staticDir);
  const dataDir = mkdtempSync(join(tmpdir(), 'overview-bench-data-'));
  const platform = await startPlatform(staticDir, dataDir);
  try {
    const result = await benchOverview({ baseUrl: platform.baseUrl });
    console.log(JSON.stringify(result));
    printOverview(result);
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
