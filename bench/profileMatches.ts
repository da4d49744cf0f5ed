/**
 * `npx tsx bench/profileMatches.ts <capture.mitm>`: where the time of a
 * served header/body filter goes (`GET …/traffic/matches`, issue 16): the
 * platform's NDJSON answer read by Node alone (first line, last line), then
 * the viewer typing each filter, with Chromium's timeline of the page and
 * its worker (busy time per thread, the longest tasks) and the viewer's own
 * User Timing marks. For finding what a benchmark figure is made of; the
 * figures come from `bench/run.ts`.
 *
 * Environment: BENCH_STATIC_DIR (a build of the SPA; built when unset),
 * PROFILE_FILTERS (`~h cookie;~b flag`).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs } from '../playwright.config';
import { filterLatency, installProbes } from './measure';
import { Api, benchStaticDir, startPlatform } from './platform';
import { isTask, threadNames, type TraceEvent } from './trace';
import { OUR_GRID, OUR_ROW } from './viewer';

const FILTERS = (process.env.PROFILE_FILTERS ?? '~h cookie;~b flag').split(';');

/** The platform's answer read by Node: time to the first line and to the last. */
async function fetchAlone(baseUrl: string, token: string, id: string, filter: string) {
  const started = performance.now();
  const res = await fetch(
    `${baseUrl}/api/instances/${id}/traffic/matches?competition_id=ctf-spring&filter=${encodeURIComponent(filter)}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  let first: number | null = null;
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body ?? []) {
    first ??= performance.now() - started;
    bytes += (chunk as Uint8Array).length;
    for (const b of chunk as Uint8Array) if (b === 10) lines++;
  }
  const ms = Math.round(performance.now() - started);
  return { filter, status: res.status, firstMs: Math.round(first ?? 0), ms, bytes, lines };
}

/** Busy time per thread (tasks), and the longest tasks, from a Chromium trace. */
function summarise(events: TraceEvent[]) {
  const names = threadNames(events);
  const busy = new Map<string, { ms: number; count: number; max: number }>();
  for (const e of events) {
    if (!isTask(e) || e.dur === undefined) continue;
    const key = names.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`;
    const entry = busy.get(key) ?? { ms: 0, count: 0, max: 0 };
    entry.ms += e.dur / 1000;
    entry.count++;
    entry.max = Math.max(entry.max, e.dur / 1000);
    busy.set(key, entry);
  }
  return [...busy.entries()]
    .filter(([, e]) => e.ms > 5)
    .sort((a, b) => b[1].ms - a[1].ms)
    .map(
      ([name, e]) =>
        `${e.ms.toFixed(1).padStart(9)} ms ${String(e.count).padStart(6)} tasks, longest ${e.max.toFixed(1)} ms  ${name}`,
    );
}

/** Script time by function name (FunctionCall/EvaluateScript events) per thread. */
function scripts(events: TraceEvent[]) {
  const names = threadNames(events);
  const by = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    if (/Renderer/u.test(names.get(`${e.pid}:${e.tid}`) ?? '') && !/RunTask/u.test(e.name)) {
      const k = `main ${e.name}`;
      by.set(k, (by.get(k) ?? 0) + e.dur / 1000);
    }
    if (
      !/^(FunctionCall|v8\.(parseOnBackground|compile)|GCEvent|MinorGC|MajorGC|V8\.GC.*|HandlePostMessage|v8\.deserialize.*|v8\.serialize.*)$/u.test(
        e.name,
      )
    )
      continue;
    const key = `${names.get(`${e.pid}:${e.tid}`) ?? e.tid} ${e.name}`;
    by.set(key, (by.get(key) ?? 0) + e.dur / 1000);
  }
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined || e.name !== 'FunctionCall') continue;
    const d = e.args?.data;
    const key = `${names.get(`${e.pid}:${e.tid}`) ?? e.tid} fn ${d?.functionName ?? ''} ${(d?.url ?? '').split('/').pop()}:${d?.lineNumber}:${d?.columnNumber}`;
    by.set(key, (by.get(key) ?? 0) + e.dur / 1000);
  }
  const first = events.filter((e) => e.ts > 0).reduce((m, e) => Math.min(m, e.ts), Infinity);
  const long = events
    .filter(
      (e) =>
        isTask(e) &&
        (e.dur ?? 0) > 8000 &&
        /Renderer|Worker/u.test(names.get(`${e.pid}:${e.tid}`) ?? ''),
    )
    .sort((a, b) => a.ts - b.ts)
    .map(
      (e) =>
        `  task ${names.get(`${e.pid}:${e.tid}`)} at ${((e.ts - first) / 1000).toFixed(0)} ms ${(e.dur! / 1000).toFixed(1)} ms`,
    );
  return [
    ...[...by.entries()]
      .filter(([, ms]) => ms > 5)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30)
      .map(([k, ms]) => `${ms.toFixed(1).padStart(9)} ms  ${k}`),
    ...long,
  ];
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'ctfy-profile-matches-'));
  const file = process.argv[2];
  if (!file) throw new Error('usage: bench/profileMatches.ts <capture.mitm>');
  const platform = await startPlatform(benchStaticDir(work), join(work, 'data'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
  });
  const api = new Api(platform.baseUrl);
  try {
    const token = (await api.login('carol')) ?? '';
    const id = await api.startAndWait('DEMO-001', 'ctf-spring');
    mkdirSync(join(platform.dataDir, 'captures'), { recursive: true });
    copyFileSync(file, join(platform.dataDir, 'captures', `${id}.mitm`));
    await api.traffic(id, 'summary');
    console.log(`load ${loadavg()[0]!.toFixed(2)}`);
    for (const filter of FILTERS)
      for (let round = 0; round < 2; round++)
        console.log('alone', JSON.stringify(await fetchAlone(platform.baseUrl, token, id, filter)));

    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      baseURL: platform.baseUrl,
    });
    await context.addInitScript((t) => localStorage.setItem('ctfy.token', t), token);
    const page: Page = await context.newPage();
    page.on('console', (m) => {
      if (m.text().startsWith('[matches]')) console.log(m.text());
    });
    await installProbes(page);
    await page.goto(`/c/ctf-spring/instances/${id}/traffic`, { waitUntil: 'commit' });
    await page.waitForSelector('[role="grid"][aria-busy="false"]', { timeout: 180_000 });
    const input = page.getByLabel('Filter', { exact: false }).first();
    for (let round = 0; round < 1; round++)
      for (const filter of [...FILTERS, '']) {
        const traced = filter !== '' && round === 0 && process.env.PROFILE_TRACE === '1';
        if (traced)
          await browser.startTracing(page, {
            categories: [
              'devtools.timeline',
              'toplevel',
              'v8',
              'disabled-by-default-devtools.timeline',
            ],
          });
        const r = await filterLatency(page, input, filter, OUR_ROW, OUR_GRID, 60_000);
        const inputAt = await page.evaluate(() =>
          (performance.timeOrigin + (window.__bench?.lastInputAt ?? 0)).toFixed(0),
        );
        console.log(`[matches] input ${inputAt}`);
        console.log(`viewer load ${loadavg()[0]!.toFixed(2)}`, JSON.stringify(r));
        if (traced) {
          const events = (
            JSON.parse((await browser.stopTracing()).toString('utf8')) as {
              traceEvents: TraceEvent[];
            }
          ).traceEvents;
          console.log(`== ${filter}: busy per thread`);
          for (const l of summarise(events)) console.log(l);
          for (const l of scripts(events)) console.log(l);
        }
      }
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
