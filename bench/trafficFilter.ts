/**
 * The platform's filter extension (`GET …/traffic/matches?filter=`) at size:
 * a realistic capture (`makeRealisticCapture`, replicated to BENCH_FLOWS,
 * default 100,000) is indexed by the capture store, then each expression is
 * evaluated over it as the route does (`writeMatches`: read back batch by
 * batch, parsed, evaluated with the shared filter, dropped), timed from the
 * first byte read to the last line. Prints ms (and CPU ms) per expression, matches, the
 * process' peak RSS and the 1-minute load average. Each expression is also
 * evaluated over the capture read back whole (the path without the raw-record
 * prefilter) with BENCH_COMPARE=1: its time, and whether the ids are the same;
 * with BENCH_PAIR=1 twice at once (one thread each: what both cores give).
 * BENCH_CAPTURE=<file>: use (or make once and keep) that capture file.
 * `npx tsx bench/trafficFilter.ts`
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { CaptureStore } from '../server/runtime/captures';
import type { TrafficAnswer } from '../server/runtime/types';
import { writeMatches } from '../server/http/trafficFilter';
import { FilterPool } from '../server/runtime/filterPool';
import { freshOriginals, writeReplicatedCapture } from './capture';

const FLOWS = Number(process.env.BENCH_FLOWS ?? 100_000);
const EXPRESSIONS = (
  process.env.BENCH_FILTERS ??
  '~h cookie;~b flag;~hq cookie;~hs "set-cookie";~h x-requested-with;~b error;~bq password;~bs "<title>";~flag;~h gzip & ~bs json;!~b flag;~c 404;~u /api'
).split(';');

const COMPARE = process.env.BENCH_COMPARE === '1';
/** BENCH_PAIR=1: each expression also twice at once (both threads busy): the pair's time and the peak */
const PAIR = process.env.BENCH_PAIR === '1';
const KEPT = process.env.BENCH_CAPTURE;

const FLAG_PATTERN = '[A-Za-z0-9_]{2,32}\\{[^}\\n]{1,200}\\}';
/** the platform's filter threads, as the route has them */
const pool = new FilterPool();

/** the process' peak RSS (VmHWM), bytes */
function hwm(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

const dir = mkdtempSync(join(tmpdir(), 'ctfy-bench-filter-'));

/** Runs `filter` over the capture; `whole`: read back whole (no raw records). */
async function run(store: CaptureStore, id: string, filter: string, whole: boolean) {
  const log = pino({ level: 'silent' });
  let lines = 0;
  let done = false;
  const ids = new Set<string>();
  const t = performance.now();
  const cpu = process.cpuUsage();
  const streamed = (await store.answer(id, undefined, [], 'full'))!;
  const answer: TrafficAnswer = whole
    ? { since: null, batches: streamed.batches, end: () => streamed.end() }
    : streamed;
  const counting = new PassThrough();
  counting.on('data', (chunk: Buffer) => {
    for (const text of chunk.toString().split('\n')) {
      if (!text) continue;
      lines++;
      const parsed = JSON.parse(text) as { ids?: string[]; dropped?: string[]; done?: boolean };
      for (const flowId of parsed.ids ?? []) ids.add(flowId);
      for (const flowId of parsed.dropped ?? []) ids.delete(flowId);
      if (parsed.done) done = true;
    }
  });
  await writeMatches(
    counting,
    answer,
    { expression: filter, flagPattern: FLAG_PATTERN },
    log,
    pool,
  );
  await new Promise((resolve) => setImmediate(resolve));
  const ms = Math.round(performance.now() - t);
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: Math.round((used.user + used.system) / 1000), ids, lines, done };
}

try {
  const originals = KEPT && existsSync(KEPT) ? null : await freshOriginals(true);
  const store = new CaptureStore(dir);
  const id = 'bench';
  if (originals) {
    const bytes = writeReplicatedCapture(originals.flows, FLOWS, store.mitmPath(id));
    if (KEPT) copyFileSync(store.mitmPath(id), KEPT);
    console.log(`${FLOWS} realistic flows, ${(bytes / 1e6).toFixed(0)} MB`);
  } else {
    copyFileSync(KEPT!, store.mitmPath(id));
    console.log(`the capture ${KEPT}`);
  }
  const t = performance.now();
  const indexed = await store.answer(id, undefined, [], 'summary');
  for await (const _ of indexed!.batches);
  console.log(
    `indexed in ${Math.round(performance.now() - t)} ms, RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB (heap ${(process.memoryUsage().heapTotal / 1e6).toFixed(0)} MB, array buffers ${(process.memoryUsage().arrayBuffers / 1e6).toFixed(0)} MB)`,
  );
  let peak = process.memoryUsage().rss;
  /** at the peak: this thread's heap and the process' array buffers (the filter thread's heap is the rest) */
  let atPeak = process.memoryUsage();
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    if (now.rss > peak) {
      peak = now.rss;
      atPeak = now;
    }
  }, 20);
  for (const filter of EXPRESSIONS) {
    const ours = await run(store, id, filter, false);
    let compared = '';
    if (COMPARE) {
      const before = await run(store, id, filter, true);
      const same =
        before.ids.size === ours.ids.size &&
        [...before.ids].every((flowId) => ours.ids.has(flowId));
      compared = `  | whole flows ${before.ms} ms: ${same ? 'same ids' : 'IDS DIFFER!'}`;
    }
    if (PAIR) {
      const t = performance.now();
      const pair = await Promise.all([
        run(store, id, filter, false),
        run(store, id, filter, false),
      ]);
      compared += `  | twice at once: ${Math.round(performance.now() - t)} ms (${pair.map((p) => p.ids.size).join(', ')} matches)`;
    }
    console.log(
      `${filter.padEnd(28)} ${String(ours.ms).padStart(6)} ms (CPU ${ours.cpuMs} ms)  ${String(ours.ids.size).padStart(6)} matches  ${ours.lines} lines  load ${loadavg()[0]!.toFixed(2)}${ours.done ? '' : '  (no last line!)'}${compared}`,
    );
  }
  clearInterval(sampler);
  const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
  console.log(
    `peak RSS ${mb(peak)} (sampled every 20 ms; main thread heap ${mb(atPeak.heapTotal)}, array buffers ${mb(atPeak.arrayBuffers)}); VmHWM ${mb(hwm())}`,
  );
  // what the platform keeps once the filter thread it ends after a large answer is gone
  const t0 = performance.now();
  while (pool.stats.ended < pool.stats.started && performance.now() - t0 < 30_000)
    await new Promise((resolve) => setTimeout(resolve, 50));
  console.log(
    `RSS once the filter thread ended (${Math.round(performance.now() - t0)} ms after the last answer): ${mb(process.memoryUsage().rss)}`,
  );
} finally {
  pool.close();
  rmSync(dir, { recursive: true, force: true });
}
