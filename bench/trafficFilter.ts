/**
 * The platform's filter extension (`GET …/traffic/matches?filter=`) at size:
 * a realistic capture (`makeRealisticCapture`, replicated to BENCH_FLOWS,
 * default 100,000) is indexed by the capture store, then each expression is
 * evaluated over it as the route does (`writeMatches`: read back batch by
 * batch, parsed, evaluated with the shared filter, dropped), timed from the
 * first byte read to the last line. Prints ms (and CPU ms) per expression, matches, the
 * process' peak RSS and the 1-minute load average.
 * `npx tsx bench/trafficFilter.ts`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { CaptureStore } from '../server/runtime/captures';
import { parseServerFilter, writeMatches } from '../server/http/trafficFilter';
import { freshOriginals, writeReplicatedCapture } from './capture';

const FLOWS = Number(process.env.BENCH_FLOWS ?? 100_000);
const EXPRESSIONS = (
  process.env.BENCH_FILTERS ??
  '~c 404;~u /api;~m POST;~h x-requested-with;~hq cookie;~hs "set-cookie";~b error;~bq password;~bs "<title>";~flag;~h gzip & ~bs json'
).split(';');

const dir = mkdtempSync(join(tmpdir(), 'ctfy-bench-filter-'));
try {
  const originals = await freshOriginals(true);
  const store = new CaptureStore(dir);
  const id = 'bench';
  const bytes = writeReplicatedCapture(originals.flows, FLOWS, store.mitmPath(id));
  console.log(`${FLOWS} realistic flows, ${(bytes / 1e6).toFixed(0)} MB`);
  let t = performance.now();
  const indexed = await store.answer(id, undefined, [], 'summary');
  for await (const _ of indexed!.batches);
  console.log(`indexed in ${Math.round(performance.now() - t)} ms`);
  const log = pino({ level: 'silent' });
  let peak = process.memoryUsage().rss;
  for (const filter of EXPRESSIONS) {
    const node = parseServerFilter(filter, '[A-Za-z0-9_]{2,32}\\{[^}\\n]{1,200}\\}');
    const out = new PassThrough();
    let lines = 0;
    let last = '';
    out.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      lines += text.split('\n').length - 1;
      last = text;
    });
    t = performance.now();
    const cpu = process.cpuUsage();
    const answer = await store.answer(id, undefined, [], 'full');
    let matches = 0;
    const counting = new PassThrough();
    counting.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        const parsed = JSON.parse(line) as { ids?: string[] };
        matches += parsed.ids?.length ?? 0;
      }
      out.write(chunk);
    });
    await writeMatches(counting, answer!, node, log);
    await new Promise((resolve) => setImmediate(resolve));
    const ms = Math.round(performance.now() - t);
    const used = process.cpuUsage(cpu);
    const cpuMs = Math.round((used.user + used.system) / 1000);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(
      `${filter.padEnd(28)} ${String(ms).padStart(6)} ms (CPU ${cpuMs} ms)  ${String(matches).padStart(6)} matches  ${lines} lines  load ${loadavg()[0]!.toFixed(2)}${last.includes('"done"') ? '' : '  (no last line!)'}`,
    );
  }
  console.log(`peak RSS ${(peak / 1e6).toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
