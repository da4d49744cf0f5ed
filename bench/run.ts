/**
 * `npm run bench`: the traffic viewer against mitmweb on the same captures,
 * plus the launch figures from `bench/launch.ts` and the first-visit
 * Lighthouse scores from `bench/lighthouse.ts`.
 *
 *  1. a fresh capture from Debian's mitmdump, replicated to 10,000 and
 *     100,000 flows (new ids, shifted timestamps) and written as `.mitm`;
 *     beside it a realistic one (mitmdump flows with bodies of 100 B to 4 KB,
 *     about 4.3 KB per flow) replicated to 100,000;
 *  2. the local platform (own port, data folder, SPA build), one DEMO-001
 *     instance per size, the capture dropped in `DATA_DIR/captures/<id>.mitm`;
 *  3. real Chromium: our viewer, then mitmweb on the same file;
 *  4. a table on stdout, raw results in `bench/results/`.
 *
 * Environment: BENCH_SIZES (default "10000,100000"), BENCH_REAL_SIZES (realistic, default "100000";
 * "" for none), BENCH_MITMWEB_CAP_S (180), BENCH_VIEWER_CAP_S (180),
 * BENCH_FILTER_CAP_S (15: a filter slower counts as no change), BENCH_SKIP_MITMWEB=1, BENCH_SKIP_LIGHTHOUSE=1, BENCH_STATIC_DIR (reuse a build), BENCH_KEEP=1 (keep files),
 * BENCH_HAR_MAX (100000: the served viewer exports every flow as HAR up to this many flows).
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { MitmFlowReader } from '../shared/capture/mitm';
import { chromiumArgs } from '../playwright.config';
import { freshOriginals, writeReplicatedCapture } from './capture';
import { measureMitmweb, type MitmwebResult } from './mitmweb';
import type { FilterResult } from './measure';
import { benchLighthouse, lighthouseTable, type LighthousePage } from './lighthouse';
import { benchOverview, printOverview } from './overview';
import { Api, benchStaticDir, startPlatform, type Platform } from './platform';
import { resetPeakRss, rssMb } from './util';
import {
  measureLocalFile,
  measureOurViewer,
  type LocalFileResult,
  type ViewerResult,
} from './viewer';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);
/** sizes of the realistic capture (bodies of 100 B to 4 KB, ~4.3 KB per flow), beside the small one */
const REAL_SIZES = (process.env.BENCH_REAL_SIZES ?? '100000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);
const MITMWEB_CAP_MS = Number(process.env.BENCH_MITMWEB_CAP_S ?? 180) * 1000;
const OUR_CAP_MS = Number(process.env.BENCH_VIEWER_CAP_S ?? 180) * 1000;
/** URL, method, status and host filters (goal < 30 ms; < 100 ms at 1,000,000), then header and body ones (< 500 ms) */
const FAST_FILTERS = ['~c 404', 'upstream-down', '~m POST', '!~d 127.0.0.1'];
const SLOW_FILTERS = ['~h cookie', '~b flag'];
const FILTERS = [...FAST_FILTERS, ...SLOW_FILTERS, ''];
const COMPETITION = 'ctf-spring';
const USER = 'carol';
/** issue 16's goals at 100,000 realistic flows (and at 1,000,000 small ones where they differ) */
const TARGETS = {
  firstRowsMs: 1000,
  firstRowsMillionMs: 2000,
  allRowsServedMs: 3000,
  allRowsLocalMs: 5000,
  filterMs: 30,
  filterMillionMs: 100,
  slowFilterMs: 500,
  longTaskMs: 50,
  pageHeapMb: 100,
  workerHeapMb: 600,
  serverRssMb: 300,
};
/** captures up to this many flows are also opened as a local file (/traffic/open) */
const LOCAL_MAX = Number(process.env.BENCH_LOCAL_MAX ?? 100_000);
/** the whole-flows answer is fetched up to this many flows (beyond, only summaries) */
const WHOLE_MAX = Number(process.env.BENCH_WHOLE_MAX ?? 200_000);
/** the served viewer's HAR export of every flow up to this many flows (BENCH_HAR_MAX) */
const HAR_MAX = Number(process.env.BENCH_HAR_MAX ?? 100_000);

/** Flows in a dump, read in chunks (a 2 GB file is more than one Buffer read should be). */
function countMitmFlows(file: string): number {
  const reader = new MitmFlowReader({ bodySizesOnly: true });
  const fd = openSync(file, 'r');
  let count = 0;
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 << 20);
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      reader.push(chunk.subarray(0, read));
      while (reader.next()) count++;
    }
    reader.finish();
    while (reader.next()) count++;
  } finally {
    closeSync(fd);
  }
  return count;
}

interface SizeResult {
  flows: number;
  /** 'small': the demo flows; 'realistic': bodies of 100 B to 4 KB */
  kind: 'small' | 'realistic';
  /** 1-minute load average when this size was measured */
  loadAverage: number;
  file: { bytes: number; writeMs: number };
  /** the flows of this file read in Node (body sizes only, what the server's index does) */
  nodeParseMs: number;
  instanceId: string | null;
  ours: ViewerResult | null;
  /** the same file opened in /traffic/open (no server) */
  local: LocalFileResult | null;
  server: {
    traffic: Awaited<ReturnType<Api['traffic']>> | null;
    /** ?view=summary (extension): what the list needs, as objects */
    summary: Awaited<ReturnType<Api['traffic']>> | null;
    /** ?view=summary&layout=rows (extension): what the viewer asks for */
    rows: Awaited<ReturnType<Api['traffic']>> | null;
    /** after the viewer's requests alone (before the whole answer below) */
    rssAfterViewerMb: number | null;
    /** 2 s later: a filter thread ends 1 s after a large answer */
    rssViewerSettledMb: number | null;
    /** after the whole-document GET /traffic */
    rssAfterWholeMb: number | null;
    /** after all three API answers */
    rssMb: number | null;
    /** the most the server had while the viewer ran (VmHWM since it started) */
    viewerPeakRssMb: number | null;
    /** the most it had during the API answers (VmHWM reset before them), null: could not reset */
    apiPeakRssMb: number | null;
    /** the most it ever had: the larger of the two */
    peakRssMb: number | null;
  } | null;
  mitmweb: MitmwebResult | null;
  errors: string[];
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function launchFigures(browser: Browser, platform: Platform | null): Promise<unknown> {
  const path = resolve('bench/launch.ts');
  if (!existsSync(path))
    return { skipped: 'bench/launch.ts does not exist (the "launch" work has not landed)' };
  try {
    // a computed specifier: the file may not exist when this one is type-checked
    const mod = (await import(pathToFileURL(path).href)) as {
      benchLaunch?: (options: unknown) => Promise<unknown>;
    };
    if (typeof mod.benchLaunch !== 'function')
      return { skipped: 'bench/launch.ts exports no benchLaunch()' };
    return await mod.benchLaunch({
      browser,
      baseUrl: platform?.baseUrl,
      dataDir: platform?.dataDir,
      chromiumArgs,
    });
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'ctfy-bench-'));
  const results: {
    startedAt: string;
    sizes: SizeResult[];
    launch: unknown;
    lighthouse: LighthousePage[] | null;
    overview: unknown;
    originals: number;
    notes: string[];
    machine: { cpus: number; loadAverageAtStart: number[]; loadAverageAtEnd?: number[] };
  } = {
    startedAt: new Date().toISOString(),
    sizes: [],
    launch: null,
    lighthouse: null,
    overview: null,
    originals: 0,
    notes: [],
    machine: {
      cpus: cpus().length,
      loadAverageAtStart: loadavg().map((l) => Math.round(l * 10) / 10),
    },
  };
  let platform: Platform | null = null;
  let browser: Browser | null = null;
  const instances: string[] = [];
  let api: Api | null = null;
  try {
    log('making a fresh capture with mitmdump…');
    const originals = await freshOriginals();
    results.originals = originals.flows.length;
    log('making a realistic capture with mitmdump (bodies of 100 B to 4 KB)…');
    const realistic = REAL_SIZES.length > 0 ? await freshOriginals(true) : null;
    const wanted = [
      ...SIZES.map((flows) => ({ flows, kind: 'small' as const })),
      ...REAL_SIZES.map((flows) => ({ flows, kind: 'realistic' as const })),
    ];
    const captures = wanted.map(({ flows, kind }) => {
      const file = join(work, `capture-${kind}-${flows}.mitm`);
      const t = performance.now();
      const bytes = writeReplicatedCapture(
        (kind === 'realistic' ? realistic! : originals).flows,
        flows,
        file,
      );
      const writeMs = Math.round(performance.now() - t);
      const t2 = performance.now();
      const counted = countMitmFlows(file);
      const nodeParseMs = Math.round(performance.now() - t2);
      if (counted !== flows)
        throw new Error(`replicated capture has ${counted} flows, not ${flows}`);
      log(
        `${flows} ${kind} flows: ${(bytes / 1e6).toFixed(1)} MB written in ${writeMs} ms, parsed in ${nodeParseMs} ms`,
      );
      return { flows, kind, file, bytes, writeMs, nodeParseMs };
    });

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    });

    try {
      if (!existsSync('server/main.ts')) throw new Error('server/main.ts does not exist yet');
      const staticDir = benchStaticDir(work, log);
      const dataDir = join(work, 'data');
      mkdirSync(dataDir, { recursive: true });
      log('starting the local platform…');
      platform = await startPlatform(staticDir, dataDir);
      api = new Api(platform.baseUrl);
      await api.login(USER);
    } catch (error) {
      const message = `local platform unavailable, our viewer is not measured: ${error instanceof Error ? error.message : String(error)}`;
      log(message);
      results.notes.push(message);
      await platform?.server.stop();
      platform = null;
    }

    for (const capture of captures) {
      const size: SizeResult = {
        flows: capture.flows,
        kind: capture.kind,
        loadAverage: Math.round(loadavg()[0]! * 10) / 10,
        file: { bytes: capture.bytes, writeMs: capture.writeMs },
        nodeParseMs: capture.nodeParseMs,
        instanceId: null,
        ours: null,
        local: null,
        server: null,
        mitmweb: null,
        errors: [],
      };
      results.sizes.push(size);
      if (platform && api) {
        try {
          const id = await api.startAndWait('DEMO-001', COMPETITION);
          instances.push(id);
          size.instanceId = id;
          const capturesDir = join(platform.dataDir, 'captures');
          mkdirSync(capturesDir, { recursive: true });
          copyFileSync(capture.file, join(capturesDir, `${id}.mitm`));
          log(`${capture.flows} flows: our viewer (instance ${id})…`);
          size.ours = await measureOurViewer(browser, {
            baseUrl: platform.baseUrl,
            token: (await api.login(USER)) ?? '',
            competition: COMPETITION,
            instanceId: id,
            filters: FILTERS,
            capMs: OUR_CAP_MS,
            serverPid: platform.server.process.pid,
            harExport: capture.flows <= HAR_MAX,
          });
          // after the browser (so the page saw a cold server): what the API serves
          const pid = platform.server.process.pid;
          // what the viewer's own requests (summary rows, flows by id) left, before the API reads below
          const rssAfterViewerMb = await rssMb(pid);
          // the viewer's peak: before its HAR export (loading, filters) and during it (read since a reset)
          const exportPeak = await rssMb(pid, true);
          const beforeExport = size.ours.serverPeakBeforeExportMb ?? null;
          const viewerPeakRssMb =
            exportPeak !== null && beforeExport !== null
              ? Math.max(exportPeak, beforeExport)
              : exportPeak;
          await new Promise((resolve) => setTimeout(resolve, 2000));
          const rssViewerSettledMb = await rssMb(pid);
          // the API answers' own peak (the viewer's is kept above)
          const reset = await resetPeakRss(pid);
          const traffic = capture.flows <= WHOLE_MAX ? await api.traffic(id) : null;
          const rssAfterWholeMb = await rssMb(pid);
          const summary = await api.traffic(id, 'summary');
          const rows = await api.traffic(id, 'rows');
          const lastPeak = await rssMb(pid, true);
          const apiPeakRssMb = reset ? lastPeak : null;
          size.server = {
            rssAfterViewerMb,
            rssViewerSettledMb,
            traffic,
            summary,
            rows,
            rssAfterWholeMb,
            rssMb: await rssMb(pid),
            viewerPeakRssMb,
            apiPeakRssMb,
            peakRssMb:
              viewerPeakRssMb !== null && lastPeak !== null
                ? Math.max(viewerPeakRssMb, lastPeak)
                : lastPeak,
          };
          for (const [what, answer] of [
            ['', size.server.traffic],
            ['?view=summary', size.server.summary],
            ['?view=summary&layout=rows', size.server.rows],
          ] as const) {
            if (answer && answer.flows !== capture.flows)
              size.errors.push(
                `GET /instances/${id}/traffic${what} served ${answer.flows ?? 'no'} flows, not ${capture.flows}`,
              );
          }
          await api.stop(id);
          if (capture.flows <= LOCAL_MAX) {
            log(`${capture.flows} flows: our viewer on the local file (/traffic/open)…`);
            size.local = await measureLocalFile(browser, {
              baseUrl: platform.baseUrl,
              token: (await api.login(USER)) ?? '',
              file: capture.file,
              capMs: OUR_CAP_MS,
            });
          }
        } catch (error) {
          size.errors.push(error instanceof Error ? error.message : String(error));
        }
      }
      if (process.env.BENCH_SKIP_MITMWEB !== '1') {
        log(`${capture.flows} flows: mitmweb (cap ${MITMWEB_CAP_MS / 1000} s)…`);
        size.mitmweb = await measureMitmweb(browser, capture.file, {
          capMs: MITMWEB_CAP_MS,
          filters: FILTERS,
        });
      }
    }

    const onlyTraffic = process.env.BENCH_ONLY_TRAFFIC === '1';
    if (!onlyTraffic) {
      log('launch figures…');
      results.launch = await launchFigures(browser, platform);
    }

    if (platform && !onlyTraffic && process.env.BENCH_SKIP_LIGHTHOUSE !== '1') {
      log('Lighthouse (bench/lighthouse.ts)…');
      try {
        results.lighthouse = await benchLighthouse({ baseUrl: platform.baseUrl });
      } catch (error) {
        results.notes.push(
          `Lighthouse failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    if (platform && !onlyTraffic) {
      log('team overview figures…');
      results.overview = await benchOverview({ baseUrl: platform.baseUrl, browser }).catch(
        (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
      );
    }
  } finally {
    if (api) for (const id of instances) await api.stop(id).catch(() => undefined);
    await browser?.close();
    await platform?.server.stop();
    if (process.env.BENCH_KEEP !== '1') rmSync(work, { recursive: true, force: true });
    else log(`files kept in ${work}`);
  }

  results.machine.loadAverageAtEnd = loadavg().map((l) => Math.round(l * 10) / 10);
  mkdirSync('bench/results', { recursive: true });
  const out = join('bench/results', `traffic-${results.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify(results, null, 2));
  printTable(results.sizes);
  console.log('\nLaunch (bench/launch.ts):');
  console.log(JSON.stringify(results.launch, null, 2));
  if (results.lighthouse) {
    console.log('\nFirst visit, Lighthouse mobile preset (bench/lighthouse.ts):');
    console.log(lighthouseTable(results.lighthouse));
  }
  if (results.overview) printOverview(results.overview as Parameters<typeof printOverview>[0]);
  console.log(
    `\nmachine: ${results.machine.cpus} CPUs, load average ${results.machine.loadAverageAtStart.join(' ')} at start, ` +
      `${results.machine.loadAverageAtEnd?.join(' ')} at end (figures under load are not comparable)`,
  );
  for (const note of results.notes) console.log(`note: ${note}`);
  for (const size of results.sizes)
    for (const error of size.errors) console.log(`error (${size.flows} flows): ${error}`);
  for (const size of results.sizes) {
    if (size.ours?.error) console.log(`ours (${size.flows} flows): ${size.ours.error}`);
    if (size.local?.error)
      console.log(`ours, local file (${size.flows} flows): ${size.local.error}`);
    if (size.local?.bodyFilter)
      console.log(
        `ours, local file (${size.flows} flows): ~b flag → first rows ${size.local.bodyFilter.ms ?? '> cap'} ms, complete ${size.local.bodyFilter.settledMs ?? size.local.bodyFilter.ms ?? '> cap'} ms, worker heap after it ${size.local.workerHeapAfterFilterMb ?? '?'} MB`,
      );
    for (const [where, har] of [
      ['served', size.ours?.harExport],
      ['local file', size.local?.harExport],
    ] as const)
      if (har)
        console.log(
          `ours, ${where} (${size.flows} flows): Export as HAR (every flow) ${har.ms === null ? `failed: ${har.error}` : `${har.ms} ms, ${har.mb} MB, worker heap after it ${har.workerHeapAfterMb ?? '?'} MB`}`,
        );
    if (size.mitmweb?.error) console.log(`mitmweb (${size.flows} flows): ${size.mitmweb.error}`);
    if (size.mitmweb?.note) console.log(`mitmweb (${size.flows} flows): ${size.mitmweb.note}`);
  }
  console.log(
    `\nraw results: ${out} (whole bench: ${Math.round((Date.now() - started) / 1000)} s)`,
  );
}

// ------------------------------------------------------------------ table

const ms = (value: number | null | undefined, capMs?: number) =>
  value === null || value === undefined
    ? capMs
      ? `> ${capMs / 1000} s`
      : '—'
    : value >= 10_000
      ? `${(value / 1000).toFixed(1)} s`
      : `${Math.round(value)} ms`;

function filterCell(filters: FilterResult[] | undefined, filter: string): string {
  const hit = filters?.find((f) => f.filter === filter);
  if (!hit) return '—';
  // first rows shown (the platform's matches come in batches) / answer complete
  const cell = (ms: number | null, settled: number | null | undefined) =>
    ms === null ? '—' : settled != null ? `${ms}/${settled}` : String(ms);
  const again = hit.again?.length
    ? ` (then ${hit.again.map((v, i) => cell(v, hit.againSettled?.[i])).join(', ')})`
    : '';
  if (hit.ms !== null) return `${cell(hit.ms, hit.settledMs)} ms${again}`;
  return hit.error?.includes('Timeout') ? 'no answer (60 s)' : hit.error ? 'error' : 'no change';
}

function printTable(sizes: SizeResult[]): void {
  const columns: { title: string; cells: (string | null)[] }[] = [];
  const rows = [
    'first rows: navigation → rows (loaded)',
    'first rows: cold (ours: server parses; mitmweb: process start)',
    'every row listed: cold / loaded (mitmweb shows all at once)',
    'local file: first rows / every row (mitmweb: -r, start → rows)',
    ...FILTERS.map((f) => `filter ${f ? JSON.stringify(f) : '(cleared)'} → rows`),
    'scroll: frame time median / p95',
    'scroll: frames > 50 ms',
    'scroll: long tasks (count, longest)',
    'long tasks during load (count, longest)',
    'JS heap, page (after GC; ours served / local)',
    'JS heap, worker (after GC; ours served / local)',
    'server GET /traffic (time, size)',
    'server GET /traffic?view=summary (time, size)',
    'server GET …?view=summary&layout=rows (time, size)',
    'process RSS (server: after the viewer / 2 s later / after GET /traffic / after the API answers; mitmweb)',
    'process RSS peak (server: overall (viewer before its HAR export / during it / API answers); mitmweb)',
    'load average (1 min) while measured',
  ];
  const mb = (value: number | null | undefined) => (value != null ? `${value} MB` : '—');
  for (const size of sizes) {
    const o = size.ours;
    const l = size.local;
    const m = size.mitmweb;
    const label =
      size.flows.toLocaleString('en') +
      (size.kind === 'realistic'
        ? ` × ${(size.file.bytes / size.flows / 1000).toFixed(1)} KB`
        : ' small');
    columns.push({
      title: `ctfy ${label}`,
      cells: [
        o
          ? ms(o.navigationToFirstRowsMs, o.navigationToFirstRowsMs === null ? o.capMs : undefined)
          : 'not run',
        o
          ? ms(
              o.coldNavigationToFirstRowsMs,
              o.coldNavigationToFirstRowsMs === null ? o.capMs : undefined,
            )
          : 'not run',
        o
          ? `${ms(o.coldNavigationToAllRowsMs, o.coldNavigationToAllRowsMs === null ? o.capMs : undefined)} / ${ms(o.navigationToAllRowsMs, o.navigationToAllRowsMs === null ? o.capMs : undefined)}`
          : '—',
        l
          ? `${ms(l.firstRowsMs, l.firstRowsMs === null ? l.capMs : undefined)} / ${ms(l.allRowsMs, l.allRowsMs === null ? l.capMs : undefined)}`
          : 'not run',
        ...FILTERS.map((f) => (o ? filterCell(o.filters, f) : '—')),
        o?.scroll?.frameMs ? `${o.scroll.frameMs.median} / ${o.scroll.frameMs.p95} ms` : '—',
        o?.scroll ? String(o.scroll.slowFrames) : '—',
        o?.scroll ? `${o.scroll.longTasks}, ${o.scroll.longestTaskMs ?? 0} ms` : '—',
        o?.loadLongTasks ? `${o.loadLongTasks.count}, ${o.loadLongTasks.longestMs ?? 0} ms` : '—',
        `${mb(o?.heap?.usedMb)} / ${mb(l?.heap?.usedMb)}`,
        `${mb(o?.workerHeapMb)} / ${mb(l?.workerHeapMb)}`,
        size.server?.traffic
          ? `${ms(size.server.traffic.ms)}, ${(size.server.traffic.bytes / 1e6).toFixed(1)} MB`
          : size.server
            ? `not asked (> ${WHOLE_MAX.toLocaleString('en')} flows)`
            : '—',
        size.server?.summary
          ? `${ms(size.server.summary.ms)}, ${(size.server.summary.bytes / 1e6).toFixed(1)} MB`
          : '—',
        size.server?.rows
          ? `${ms(size.server.rows.ms)}, ${(size.server.rows.bytes / 1e6).toFixed(1)} MB`
          : '—',
        `${mb(size.server?.rssAfterViewerMb)} / ${mb(size.server?.rssViewerSettledMb)} / ${mb(size.server?.rssAfterWholeMb)} / ${mb(size.server?.rssMb)}`,
        `${mb(size.server?.peakRssMb)} (${mb(size.ours?.serverPeakBeforeExportMb)} / ${mb(size.ours?.serverPeakDuringExportMb)} / ${mb(size.server?.apiPeakRssMb)})`,
        String(size.loadAverage),
      ],
    });
    columns.push({
      title: `mitmweb ${label}`,
      cells: [
        m ? ms(m.navigationToFirstRowsMs) : 'not run',
        m
          ? ms(m.startToFirstRowsMs, m.startToFirstRowsMs === null ? m.capMs : undefined)
          : 'not run',
        m ? ms(m.navigationToFirstRowsMs) : '—',
        m
          ? `${ms(m.startToFirstRowsMs, m.startToFirstRowsMs === null ? m.capMs : undefined)} (all at once)`
          : '—',
        ...FILTERS.map((f) => (m ? filterCell(m.filters, f) : '—')),
        m?.scroll?.frameMs ? `${m.scroll.frameMs.median} / ${m.scroll.frameMs.p95} ms` : '—',
        m?.scroll ? String(m.scroll.slowFrames) : '—',
        m?.scroll ? `${m.scroll.longTasks}, ${m.scroll.longestTaskMs ?? 0} ms` : '—',
        '—',
        mb(m?.heap?.usedMb),
        'n/a (no worker)',
        'n/a',
        'n/a',
        'n/a',
        mb(m?.processRssMb),
        mb(m?.processPeakRssMb),
        String(size.loadAverage),
      ],
    });
  }
  columns.push({
    title: 'goal (100k realistic; 1M small)',
    cells: [
      `< ${TARGETS.firstRowsMs / 1000} s; < ${TARGETS.firstRowsMillionMs / 1000} s`,
      `< ${TARGETS.firstRowsMs / 1000} s; < ${TARGETS.firstRowsMillionMs / 1000} s`,
      `< ${TARGETS.allRowsServedMs / 1000} s`,
      `< ${TARGETS.firstRowsMs / 1000} s / < ${TARGETS.allRowsLocalMs / 1000} s`,
      ...FILTERS.map((f) =>
        SLOW_FILTERS.includes(f)
          ? `< ${TARGETS.slowFilterMs} ms`
          : `< ${TARGETS.filterMs} ms; < ${TARGETS.filterMillionMs} ms`,
      ),
      '',
      '',
      `none > ${TARGETS.longTaskMs} ms`,
      '',
      `< ${TARGETS.pageHeapMb} MB`,
      `< ${TARGETS.workerHeapMb} MB`,
      '',
      `< ${TARGETS.allRowsServedMs / 1000} s (all rows)`,
      `< ${TARGETS.allRowsServedMs / 1000} s (all rows)`,
      `server < ${TARGETS.serverRssMb} MB`,
      `server < ${TARGETS.serverRssMb} MB`,
      '',
    ],
  });
  const firstWidth = Math.max(...rows.map((r) => r.length));
  const widths = columns.map((c) =>
    Math.max(c.title.length, ...c.cells.map((x) => (x ?? '').length)),
  );
  const line = (first: string, cells: string[]) =>
    `${first.padEnd(firstWidth)} | ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')}`;
  console.log('\nTraffic viewer vs mitmweb (Chromium, same captures)');
  console.log(
    line(
      '',
      columns.map((c) => c.title),
    ),
  );
  console.log(
    line(
      '-'.repeat(firstWidth),
      widths.map((w) => '-'.repeat(w)),
    ),
  );
  rows.forEach((row, i) =>
    console.log(
      line(
        row,
        columns.map((c) => c.cells[i] ?? ''),
      ),
    ),
  );
  for (const size of sizes) {
    console.log(
      `${size.flows} ${size.kind} flows: ${(size.file.bytes / 1e6).toFixed(1)} MB .mitm, read in Node (body sizes only) ${size.nodeParseMs} ms` +
        (size.ours?.rowCount != null ? `, viewer aria-rowcount ${size.ours.rowCount}` : '') +
        (size.local?.rowCount != null ? `, local file aria-rowcount ${size.local.rowCount}` : ''),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
