/**
 * The capture store alone, at the size of a real capture: what the local
 * platform's memory and answers cost, without a browser (quick to run while
 * the machine is busy). `npx tsx bench/captureServer.ts [flows]` (default
 * 100,000 realistic flows, ~4.3 KB each, made with Debian's mitmdump).
 *
 * Makes the capture, then measures in a fresh process (so its RSS is the
 * store's, plus tsx's ~90 MB): indexing (first flows, all), the summary
 * (objects, then rows) and the whole answer (time, MB), one flow by id, RSS after each and at the
 * peak, and the load average. `npx tsx bench/captureServer.ts some.mitm`
 * measures an existing capture instead (e.g. 1,000,000 small flows);
 * `CAPTURE_SKIP_WHOLE=1` leaves out the whole answer; `CAPTURE_COLD_VIEW=summary-rows`
 * makes the first (indexing) answer the viewer's rows instead of summary objects.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaptureStore } from '../server/runtime/captures';
import type { TrafficAnswer } from '../server/runtime/types';
import { freshOriginals, writeReplicatedCapture } from './capture';
import { rssMb } from './util';

const MEASURE = process.argv[2] === '--measure';
const GIVEN = !MEASURE && process.argv[2]?.endsWith('.mitm') ? resolve(process.argv[2]) : null;
const FLOWS = MEASURE || GIVEN ? 0 : Number(process.argv[2] ?? 100_000);
/** no cap on the flows of a file (the server's default is MAX_CAPTURED_FLOWS) */
const NO_CAP = Number.MAX_SAFE_INTEGER;

async function drain(answer: TrafficAnswer): Promise<{ firstMs: number; ms: number; mb: number }> {
  const started = performance.now();
  let firstMs = -1;
  let bytes = 0;
  for await (const batch of answer.batches)
    for (const chunk of batch) {
      if (firstMs < 0) firstMs = performance.now() - started;
      bytes += chunk.length;
    }
  return {
    firstMs: Math.round(firstMs),
    ms: Math.round(performance.now() - started),
    mb: bytes / 1e6,
  };
}

const rss = async () => `${await rssMb(process.pid)} MB`;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** Makes the capture, then measures the store in a fresh process (its RSS is the store's alone). */
async function main() {
  const work = mkdtempSync(join(tmpdir(), 'ctfy-capture-bench-'));
  try {
    console.log(`load average at start: ${load()}`);
    const dataDir = join(work, 'data');
    if (GIVEN) {
      mkdirSync(join(dataDir, 'captures'), { recursive: true });
      symlinkSync(GIVEN, join(dataDir, 'captures', 'big.mitm'));
      console.log(`capture ${GIVEN}`);
    } else {
      const originals = await freshOriginals(true);
      const store = new CaptureStore(dataDir);
      const bytes = writeReplicatedCapture(originals.flows, FLOWS, store.mitmPath('big'));
      console.log(
        `${FLOWS} realistic flows: ${(bytes / 1e6).toFixed(0)} MB .mitm (${(bytes / FLOWS / 1000).toFixed(1)} KB/flow)`,
      );
    }
    const self = fileURLToPath(import.meta.url);
    execFileSync('npx', ['tsx', self, '--measure', dataDir], {
      stdio: 'inherit',
      cwd: join(dirname(self), '..'),
    });
    console.log(`load average at end: ${load()}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The store of a server that just started, on the capture in `dataDir`. */
async function measure(dataDir: string) {
  const store = new CaptureStore(dataDir, Infinity, NO_CAP);
  console.log(`fresh process: RSS ${await rss()}`);
  // CAPTURE_COLD_VIEW=summary-rows: the first answer is the one the viewer asks for
  const coldView = process.env.CAPTURE_COLD_VIEW === 'summary-rows' ? 'summary-rows' : 'summary';
  const cold = await drain((await store.answer('big', undefined, [], coldView))!);
  console.log(
    `cold ${coldView} answer (indexes the file): ${store.heldFlows} flows, first ${cold.firstMs} ms, all ${cold.ms} ms, ${cold.mb.toFixed(1)} MB; index ${(store.heldBytes / 1e6).toFixed(1)} MB; RSS ${await rss()}`,
  );
  const warm = await drain((await store.answer('big', undefined, [], 'summary'))!);
  console.log(
    `summary answer (indexed): all ${warm.ms} ms, ${warm.mb.toFixed(1)} MB; RSS ${await rss()}`,
  );
  const rows = await drain((await store.answer('big', undefined, [], 'summary-rows'))!);
  console.log(
    `summary rows answer (what the viewer asks for): all ${rows.ms} ms, ${rows.mb.toFixed(1)} MB; RSS ${await rss()}`,
  );
  if (process.env.CAPTURE_SKIP_WHOLE !== '1') {
    const whole = await drain((await store.answer('big', undefined))!);
    console.log(
      `whole answer (flows read back from the file): first ${whole.firstMs} ms, all ${whole.ms} ms, ${whole.mb.toFixed(1)} MB; RSS ${await rss()}`,
    );
  }
  const t = performance.now();
  await store.flow('big', 'no-such-id');
  const missMs = Math.round(performance.now() - t);
  // an id from the middle of the capture (one batch of summaries parsed, not all)
  let seen = 0;
  let id = '';
  for await (const batch of (await store.answer('big', undefined, [], 'summary'))!.batches) {
    const text = Buffer.concat(batch).toString('utf8');
    const flows = text ? (JSON.parse(`[${text.slice(1)}]`) as { id: string }[]) : [];
    seen += flows.length;
    if (seen >= store.heldFlows / 2 && flows.length > 0) {
      id = flows[0]!.id;
      break;
    }
  }
  const t2 = performance.now();
  await store.flow('big', id);
  console.log(
    `one flow by id: ${Math.round(performance.now() - t2)} ms (unknown id: ${missMs} ms); RSS ${await rss()}`,
  );
  console.log(
    `peak RSS of the store's process: ${await rssMb(process.pid, true)} MB (target < 300 MB)`,
  );
}

(MEASURE ? measure(process.argv[3]!) : main()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
