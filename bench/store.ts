/**
 * Node-level figures of the worker's store at 100,000 flows (no browser):
 * ingest, then each filter of the browser bench run as setFilter + view,
 * interleaved rounds, median. `npx tsx bench/store.ts [srcRoot]` (srcRoot
 * defaults to this checkout's `src`, so an older tree can be compared).
 */
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(process.argv[2] ?? 'src');
const { TrafficStore } = (await import(
  pathToFileURL(resolve(root, 'features/traffic/worker/store.ts')).href
)) as typeof import('../src/features/traffic/worker/store');

const N = Number(process.env.BENCH_FLOWS ?? 100_000);
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const flows = Array.from({ length: N }, (_, i) => {
  const t = 1_700_000_000 + i / 100;
  const status = i % 50 === 0 ? 404 : i % 97 === 0 ? 500 : 200;
  const failed = i % 333 === 0;
  return {
    id: `f${i}`,
    type: 'http',
    timestamp_created: t,
    request: {
      method: METHODS[i % METHODS.length],
      scheme: 'http',
      host: '127.0.0.1',
      port: 8080,
      path: `/api/items/${i % 1000}?n=${i}${failed ? '&upstream-down=1' : ''}`,
      http_version: 'HTTP/1.1',
      headers: [
        ['Host', '127.0.0.1:8080'],
        ['Accept', '*/*'],
      ],
      content: null,
      timestamp_start: t,
      timestamp_end: t + 0.001,
    },
    response: failed
      ? null
      : {
          status_code: status,
          reason: 'OK',
          http_version: 'HTTP/1.1',
          headers: [['Content-Type', 'application/json']],
          content: { encoding: 'utf-8', data: '{"ok":true}', size: 11 },
          timestamp_start: t + 0.01,
          timestamp_end: t + 0.02,
        },
    error: failed ? { msg: 'upstream-down: connection refused', timestamp: t + 0.02 } : null,
    websocket: null,
  };
});

const store = new TrafficStore();
let started = performance.now();
for (let i = 0; i < N; i += 10_000) store.ingest(flows, i, Math.min(N, i + 10_000));
const ingestMs = performance.now() - started;

const FILTERS = ['~c 404', 'upstream-down', '~m POST', ''];
const times = new Map<string, number[]>(FILTERS.map((f) => [f, []]));
const first = new Map<string, number>();
for (let round = 0; round < 7; round++) {
  for (const filter of FILTERS) {
    started = performance.now();
    store.setFilter(filter);
    store.view();
    const ms = performance.now() - started;
    if (round === 0) first.set(filter, ms);
    else times.get(filter)!.push(ms);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`store at ${N} flows (${root}): ingest ${ingestMs.toFixed(0)} ms`);
for (const filter of FILTERS)
  console.log(
    `  filter ${JSON.stringify(filter).padEnd(16)} first ${first.get(filter)!.toFixed(1)} ms, then median ${median(times.get(filter)!).toFixed(1)} ms`,
  );

// a click on a column header: the whole capture sorted again (first run, then the median of 5)
store.setFilter('');
for (const sort of [
  { key: 'path', descending: false },
  { key: 'status', descending: true },
  { key: 'time', descending: true },
  { key: 'size', descending: false },
] as const) {
  const runs: number[] = [];
  for (let round = 0; round < 6; round++) {
    store.setSort({ key: 'time', descending: false });
    store.view();
    started = performance.now();
    store.setSort(sort);
    store.view();
    runs.push(performance.now() - started);
  }
  console.log(
    `  sort ${`${sort.key} ${sort.descending ? 'desc' : 'asc'}`.padEnd(16)} first ${runs[0]!.toFixed(1)} ms, then median ${median(runs.slice(1)).toFixed(1)} ms`,
  );
}
