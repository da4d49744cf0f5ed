/**
 * `npx tsx bench/profile.ts [capture.mitm]`: a CPU profile of the viewer's
 * main thread while it loads, scrolls and filters a big capture, printed as
 * the functions with the most self time per phase. For finding what a
 * benchmark figure is made of; the figures themselves come from `bench/run.ts`.
 *
 * Environment: BENCH_STATIC_DIR (a build of the SPA; built when unset),
 * PROFILE_FLOWS (100000: the size of the capture made when no file is given),
 * PROFILE_ONLY=scroll (stop after scrolling), PROFILE_JS_FLAGS (V8 flags for
 * Chromium, e.g. --trace-gc; its output shows with DEBUG=pw:browser),
 * PROFILE_REALISTIC=1 (make the realistic capture, bodies of 100 B to 4 KB),
 * PROFILE_FILTERS (the filters typed, separated by "|"; default
 * "~c 404|upstream-down|~m POST|"), PROFILE_ALL_THREADS=1 (the traced tasks
 * of every thread, the worker's too), PROFILE_CAP_S (15: a filter's wait for rows).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { chromiumArgs } from '../playwright.config';
import { freshOriginals, writeReplicatedCapture } from './capture';
import { filterLatency, installProbes, scrollFrames } from './measure';
import { Api, benchStaticDir, startPlatform } from './platform';
import { isTask, type TraceEvent } from './trace';
import { OUR_GRID, OUR_ROW } from './viewer';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

function topSelfTime(profile: Profile, limit = 15): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!);
    if (!node) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const file = url.split('/').pop() ?? '';
    const key = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}:${columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([k, ms]) => `${ms.toFixed(1).padStart(9)} ms  ${k}`);
}

/** Functions by inclusive time (self plus callees; read with an unminified build). */
function topTotalTime(profile: Profile, limit = 25): string[] {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const total = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const seen = new Set<string>();
    for (let id: number | undefined = samples[i]; id !== undefined; id = parent.get(id)) {
      const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
      if (!url || url.startsWith('node:')) continue;
      const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
      if (seen.has(key)) continue; // recursion counts once
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + (deltas[i] ?? 0) / 1000);
    }
  }
  return [...total.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([k, ms]) => `${ms.toFixed(1).padStart(9)} ms  ${k}`);
}

async function profiled<T>(cdp: CDPSession, label: string, run: () => Promise<T>): Promise<T> {
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  console.log(`\n== ${label}: main thread self time`);
  for (const line of topSelfTime(profile)) console.log(line);
  if (process.env.PROFILE_TOTALS) {
    console.log(`== ${label}: main thread inclusive time (page scripts)`);
    for (const line of topTotalTime(profile)) console.log(line);
  }
  return result;
}

/** What a task was made of: the longest event of each kind inside it. */
function taskParts(events: TraceEvent[], task: TraceEvent, limit: number): string {
  const inside = new Map<string, number>();
  for (const e of events) {
    if (e.tid !== task.tid || e.ph !== 'X' || e === task || e.dur === undefined) continue;
    if (e.ts < task.ts || e.ts + e.dur > task.ts + task.dur!) continue;
    inside.set(e.name, Math.max(inside.get(e.name) ?? 0, e.dur / 1000));
  }
  return [...inside.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([n, ms]) => `${n} ${ms.toFixed(1)}`)
    .join(', ');
}

/** Chromium's own timeline while `run` runs: time per rendering step (style, layout, paint…). */
async function traced<T>(
  page: Page,
  label: string,
  run: () => Promise<T>,
  { tasks = false } = {},
): Promise<T> {
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ['devtools.timeline', 'toplevel', 'v8'] });
  const result = await run();
  const buffer = await browser.stopTracing();
  const events = (JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const byName = new Map<string, { ms: number; count: number; max: number }>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const entry = byName.get(e.name) ?? { ms: 0, count: 0, max: 0 };
    entry.ms += e.dur / 1000;
    entry.count++;
    entry.max = Math.max(entry.max, e.dur / 1000);
    byName.set(e.name, entry);
  }
  console.log(`\n== ${label}: timeline events (total, count, longest)`);
  for (const [name, e] of [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15))
    console.log(
      `${e.ms.toFixed(1).padStart(9)} ms ${String(e.count).padStart(6)}x ${e.max.toFixed(1).padStart(7)} ms  ${name}`,
    );
  const layouts = events.filter((e) => e.name === 'Layout' && e.args?.beginData);
  const objects = layouts.map(
    (e) => e.args!.beginData as { dirtyObjects?: number; totalObjects?: number },
  );
  if (objects.length)
    console.log(
      `layouts: ${objects.length}, dirty objects per layout: max ${Math.max(...objects.map((o) => o.dirtyObjects ?? 0))}, total objects: max ${Math.max(...objects.map((o) => o.totalObjects ?? 0))}`,
    );
  // what the long tasks were made of: the events inside each task over 50 ms
  const long = events.filter((e) => isTask(e) && (e.dur ?? 0) > 50_000);
  for (const task of long.slice(0, 5)) {
    console.log(`long task ${(task.dur! / 1000).toFixed(1)} ms: ${taskParts(events, task, 6)}`);
  }
  if (tasks) {
    // every task of the page's main thread over 2 ms, in order, with what it did
    const main = events.find((e) => e.name === 'EventDispatch' || e.name === 'FireAnimationFrame');
    const first = events.filter((e) => e.ts > 0).reduce((m, e) => Math.min(m, e.ts), Infinity);
    const mainTasks = events.filter(
      (e) =>
        isTask(e) &&
        (e.tid === main?.tid || process.env.PROFILE_ALL_THREADS) &&
        (e.dur ?? 0) > 2_000,
    );
    for (const task of mainTasks.sort((a, b) => a.ts - b.ts)) {
      const parts = taskParts(events, task, 5);
      console.log(
        `  ${task.tid === main?.tid ? 'main' : `t${task.tid}`} task at ${((task.ts - first) / 1000).toFixed(1).padStart(7)} ms, ${(task.dur! / 1000).toFixed(1).padStart(5)} ms: ${parts}`,
      );
    }
  }
  const styles = events.filter((e) => e.name === 'UpdateLayoutTree' && e.args?.elementCount);
  if (styles.length)
    console.log(
      `style recalcs: ${styles.length}, elements per recalc: max ${Math.max(...styles.map((e) => e.args!.elementCount!))}`,
    );
  return result;
}

/** how long a filter may take before "no change" (PROFILE_CAP_S, 15 s) */
const CAP_MS = Number(process.env.PROFILE_CAP_S ?? 15) * 1000;

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'ctfy-profile-'));
  let file = process.argv[2];
  if (!file) {
    const originals = await freshOriginals(process.env.PROFILE_REALISTIC === '1');
    file = join(work, 'capture.mitm');
    writeReplicatedCapture(originals.flows, Number(process.env.PROFILE_FLOWS ?? 100_000), file);
  }
  const platform = await startPlatform(benchStaticDir(work), join(work, 'data'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      ...chromiumArgs,
      ...(process.env.PROFILE_JS_FLAGS ? [`--js-flags=${process.env.PROFILE_JS_FLAGS}`] : []),
    ],
  });
  const api = new Api(platform.baseUrl);
  try {
    const token = (await api.login('carol')) ?? '';
    const id = await api.startAndWait('DEMO-001', 'ctf-spring');
    mkdirSync(join(platform.dataDir, 'captures'), { recursive: true });
    copyFileSync(file, join(platform.dataDir, 'captures', `${id}.mitm`));
    // the server reads the capture once; the profile is of a loaded visit
    await api.traffic(id);

    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      baseURL: platform.baseUrl,
    });
    await context.addInitScript((t) => localStorage.setItem('ctfy.token', t), token);
    const page: Page = await context.newPage();
    await installProbes(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await profiled(cdp, 'load', async () => {
      await page.goto(`/c/ctf-spring/instances/${id}/traffic`, { waitUntil: 'commit' });
      await page.waitForSelector('[role="grid"][aria-busy="false"]', { timeout: 180_000 });
    });
    const timeline = await page.evaluate(() => [
      ...performance
        .getEntriesByType('resource')
        .filter((r) => /\/api\/|\.js$|config\.json/.test(r.name))
        .map((r) => {
          const t = r as PerformanceResourceTiming;
          return `${Math.round(t.startTime)}–${Math.round(t.responseStart)}–${Math.round(t.responseEnd)} ms  ${t.name.replace(location.origin, '')}`;
        }),
      ...performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('traffic:'))
        .map((m) => `${Math.round(m.startTime)} ms  mark ${m.name}`),
    ]);
    const pageOrigin = await page.evaluate(() => performance.timeOrigin);
    for (const worker of page.workers()) {
      const marks = await worker.evaluate(() => ({
        origin: performance.timeOrigin,
        marks: performance.getEntriesByType('mark').map((m) => [m.name, m.startTime] as const),
      }));
      for (const [name, at] of marks.marks)
        timeline.push(`${Math.round(at + marks.origin - pageOrigin)} ms  ${name}`);
    }
    timeline.sort((a, b) => parseInt(a) - parseInt(b));
    console.log('\nload timeline (start–first byte–end):');
    for (const line of timeline) console.log(`  ${line}`);
    const scroll = await profiled(cdp, 'scroll', () => scrollFrames(page, OUR_ROW));
    console.log(JSON.stringify(scroll));
    await traced(page, 'scroll (rendering)', () => scrollFrames(page, OUR_ROW, 60));
    if (process.env.PROFILE_ONLY === 'scroll') return;
    const input = page.getByLabel('Filter', { exact: false }).first();
    const filters = (process.env.PROFILE_FILTERS ?? '~c 404|upstream-down|~m POST|').split('|');
    // first pass traced (the first filter after scrolling is the one that was slow),
    // second pass CPU-profiled
    for (const filter of filters) {
      const r = await traced(
        page,
        `filter ${JSON.stringify(filter)} (rendering)`,
        () => filterLatency(page, input, filter, OUR_ROW, OUR_GRID, CAP_MS),
        { tasks: true },
      );
      console.log(JSON.stringify(r));
    }
    for (const filter of filters) {
      const r = await profiled(cdp, `filter ${JSON.stringify(filter)}`, () =>
        filterLatency(page, input, filter, OUR_ROW, OUR_GRID, CAP_MS),
      );
      console.log(JSON.stringify(r));
    }
    const measures = await page.evaluate(() =>
      performance
        .getEntriesByType('measure')
        .filter((m) => m.name.startsWith('traffic'))
        .slice(-8)
        .map((m) => ({
          name: m.name,
          ms: Math.round(m.duration * 10) / 10,
          detail: (m as PerformanceMeasure).detail as unknown,
        })),
    );
    console.log('\nUser Timing of the queries:', JSON.stringify(measures));
    await api.stop(id);
  } finally {
    await browser.close();
    await platform.server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
