/**
 * Lighthouse (the npm package, mobile preset) on the pages of a first visit:
 * sign-in, instances, a challenge and an instance overview, driving Debian's
 * Chromium through chrome-launcher with the flags of playwright.config.ts.
 * Prints performance / accessibility / best-practices scores, the bytes
 * transferred (all, and JavaScript) and what each category still flags.
 * Targets (issue 18): performance >= 95, accessibility 100, best practices 100.
 *
 * Alone: `npx tsx bench/lighthouse.ts` (builds the SPA into a temp folder,
 * or BENCH_STATIC_DIR, and starts the local platform); `npm run bench` calls
 * `benchLighthouse()` with its platform. Each page is measured with a cold
 * HTTP cache; the signed-in pages get the token in localStorage first (the
 * storage reset of Lighthouse is off for that; the cache is cleared by CDP).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromiumArgs } from '../playwright.config';
import { Api, benchStaticDir, startPlatform } from './platform';

const USER = 'carol';
const COMPETITION = 'ctf-spring';
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
export const LIGHTHOUSE_TARGETS = { performance: 95, accessibility: 100, 'best-practices': 100 };

export interface LighthousePage {
  page: string;
  path: string;
  scores: Record<(typeof CATEGORIES)[number], number | null>;
  transferredBytes: number;
  scriptBytes: number;
  requests: number;
  metrics: { fcpMs: number | null; lcpMs: number | null; tbtMs: number | null; cls: number | null };
  /** audits under 1 in a category (what to fix) */
  flagged: string[];
  error?: string;
}

export interface LighthouseOptions {
  baseUrl: string;
  chromePath?: string;
}

function log(message: string): void {
  process.stderr.write(`[lighthouse ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

interface NetworkItem {
  transferSize?: number;
  resourceType?: string;
}

export async function benchLighthouse(options: LighthouseOptions): Promise<LighthousePage[]> {
  const { baseUrl } = options;
  const api = new Api(baseUrl);
  const token = await api.login(USER);
  log('starting a DEMO-001 instance for the overview page…');
  const instanceId = await api.startAndWait('DEMO-001', COMPETITION);

  const pages = [
    { page: 'sign-in', path: '/login', signedIn: false },
    { page: 'instances', path: `/c/${COMPETITION}/instances`, signedIn: true },
    { page: 'challenge', path: `/c/${COMPETITION}/challenges/DEMO-001`, signedIn: true },
    {
      page: 'instance overview',
      path: `/c/${COMPETITION}/instances/${instanceId}`,
      signedIn: true,
    },
  ];

  const chrome = await chromeLauncher.launch({
    chromePath: options.chromePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: [...chromiumArgs, '--headless=new'],
  });
  // Playwright over CDP, beside Lighthouse: to put the token in localStorage and clear the cache.
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
  const results: LighthousePage[] = [];
  try {
    const context = browser.contexts()[0] ?? (await browser.newContext());
    const helper = await context.newPage();
    const cdp = await context.newCDPSession(helper);
    let signedIn = false;
    for (const { page, path, signedIn: needsToken } of pages) {
      if (needsToken && !signedIn) {
        await helper.goto(`${baseUrl}/login`);
        await helper.evaluate((t) => localStorage.setItem('ctfy.token', t), token);
        signedIn = true;
      }
      await cdp.send('Network.clearBrowserCache');
      log(`${page}: ${path}`);
      try {
        const run = await lighthouse(`${baseUrl}${path}`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: [...CATEGORIES],
          disableStorageReset: true,
        });
        if (!run) throw new Error('Lighthouse returned nothing');
        const { lhr } = run;
        // The whole report, for the details of what is flagged (gitignored).
        mkdirSync('bench/results', { recursive: true });
        writeFileSync(
          join('bench/results', `lighthouse-${page.replace(/\W+/g, '-')}.lhr.json`),
          JSON.stringify(lhr),
        );
        const audit = (id: string) => lhr.audits[id];
        const items =
          (audit('network-requests')?.details as { items?: NetworkItem[] } | undefined)?.items ??
          [];
        const flagged: string[] = [];
        for (const category of CATEGORIES) {
          for (const ref of lhr.categories[category]?.auditRefs ?? []) {
            const a = lhr.audits[ref.id];
            if (!a || a.score === null || a.score >= 1 || ref.weight === 0) continue;
            if (a.scoreDisplayMode === 'informative' || a.scoreDisplayMode === 'manual') continue;
            flagged.push(
              `${category}: ${a.id} (${a.title}${a.displayValue ? `, ${a.displayValue}` : ''})`,
            );
          }
        }
        const metric = (id: string, digits = 0) => {
          const value = audit(id)?.numericValue;
          return value === undefined ? null : Number(value.toFixed(digits));
        };
        results.push({
          page,
          path,
          scores: Object.fromEntries(
            CATEGORIES.map((c) => {
              const score = lhr.categories[c]?.score;
              return [c, score === null || score === undefined ? null : Math.round(score * 100)];
            }),
          ) as LighthousePage['scores'],
          transferredBytes: items.reduce((sum, i) => sum + (i.transferSize ?? 0), 0),
          scriptBytes: items
            .filter((i) => i.resourceType === 'Script')
            .reduce((sum, i) => sum + (i.transferSize ?? 0), 0),
          requests: items.length,
          metrics: {
            fcpMs: metric('first-contentful-paint'),
            lcpMs: metric('largest-contentful-paint'),
            tbtMs: metric('total-blocking-time'),
            cls: metric('cumulative-layout-shift', 3),
          },
          flagged,
        });
      } catch (error) {
        results.push({
          page,
          path,
          scores: { performance: null, accessibility: null, 'best-practices': null },
          transferredBytes: 0,
          scriptBytes: 0,
          requests: 0,
          metrics: { fcpMs: null, lcpMs: null, tbtMs: null, cls: null },
          flagged: [],
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    chrome.kill();
    await api.stop(instanceId).catch(() => undefined);
  }
  return results;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function lighthouseTable(results: LighthousePage[]): string {
  const width = Math.max(...results.map((r) => r.page.length), 4);
  const score = (value: number | null, target: number) =>
    `${value === null ? '—' : String(value)}${value !== null && value < target ? '!' : ' '}`.padStart(
      5,
    );
  const lines = [
    `${'page'.padEnd(width)}  perf  a11y  b.p.  transferred  of it JS   reqs  LCP      TBT`,
    ...results.map(
      (r) =>
        `${r.page.padEnd(width)} ${score(r.scores.performance, LIGHTHOUSE_TARGETS.performance)} ` +
        `${score(r.scores.accessibility, LIGHTHOUSE_TARGETS.accessibility)} ` +
        `${score(r.scores['best-practices'], LIGHTHOUSE_TARGETS['best-practices'])}  ` +
        `${kb(r.transferredBytes).padStart(11)} ${kb(r.scriptBytes).padStart(9)} ${String(r.requests).padStart(5)}  ` +
        `${r.metrics.lcpMs === null ? '—' : `${r.metrics.lcpMs} ms`}`.padEnd(9) +
        `${r.metrics.tbtMs === null ? '—' : `${r.metrics.tbtMs} ms`}`,
    ),
    `targets: performance >= ${LIGHTHOUSE_TARGETS.performance}, accessibility ${LIGHTHOUSE_TARGETS.accessibility}, best practices ${LIGHTHOUSE_TARGETS['best-practices']} ("!" = below)`,
  ];
  for (const r of results) {
    if (r.error) lines.push(`${r.page}: error: ${r.error}`);
    for (const f of r.flagged) lines.push(`${r.page}: ${f}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'ctfy-lighthouse-'));
  const staticDir = benchStaticDir(work, log);
  const dataDir = join(work, 'data');
  mkdirSync(dataDir, { recursive: true });
  log('starting the local platform…');
  const platform = await startPlatform(staticDir, dataDir);
  const loadAtStart = loadavg().map((l) => l.toFixed(1));
  try {
    const results = await benchLighthouse({ baseUrl: platform.baseUrl });
    console.log(lighthouseTable(results));
    console.log(
      `machine load average ${loadAtStart.join(' ')} at start, ${loadavg()
        .map((l) => l.toFixed(1))
        .join(
          ' ',
        )} at end (Lighthouse simulates a mobile CPU from what it measures: a busy machine lowers performance)`,
    );
    mkdirSync('bench/results', { recursive: true });
    const out = join(
      'bench/results',
      `lighthouse-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    writeFileSync(out, JSON.stringify({ loadAtStart, results }, null, 2));
    console.log(`raw results: ${out}`);
  } finally {
    await platform.server.stop();
    if (process.env.BENCH_KEEP !== '1') rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
