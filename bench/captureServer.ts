/**
 * The capture store alone, at the size of a real capture: what the local
 * platform's memory and answers cost, without a browser (quick to run while
 * the machine is busy). `npx tsx bench/captureServer.ts [flows]` (default
 * 100,000 realistic flows, ~4.3 KB each, made with Debian's mitmdump).
 *
 * Prints: index time (first flows, all), whole answer and summary answer
 * (time, MB), one flow by id, a body filter over the capture, RSS after each
 * and at the peak, and the load average.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureStore } from '../server/runtime/captures';
import { matchingFlows } from '../server/runtime/trafficFilter';
import type { TrafficAnswer } from '../server/runtime/types';
import { freshOriginals, writeReplicatedCapture } from './capture';
import { rssMb } from './util';

const FLOWS = Number(process.argv[2] ?? 100_000);

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

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'ctfy-capture-bench-'));
  try {
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(1))
        .join(' ');
    console.log(`load average at start: ${load()}`);
    const originals = await freshOriginals(true);
    const store = new CaptureStore(join(work, 'data'));
    const bytes = writeReplicatedCapture(originals.flows, FLOWS, store.mitmPath('big'));
    console.log(
      `${FLOWS} realistic flows: ${(bytes / 1e6).toFixed(0)} MB .mitm (${(bytes / FLOWS / 1000).toFixed(1)} KB/flow); RSS before reading ${await rss()}`,
    );
    const cold = await drain((await store.answer('big', undefined, [], 'summary'))!);
    console.log(
      `cold summary answer (indexes the file): first flows ${cold.firstMs} ms, all ${cold.ms} ms, ${cold.mb.toFixed(1)} MB; index ${(store.heldBytes / 1e6).toFixed(1)} MB; RSS ${await rss()}`,
    );
    const warm = await drain((await store.answer('big', undefined, [], 'summary'))!);
    console.log(
      `summary answer (indexed): all ${warm.ms} ms, ${warm.mb.toFixed(1)} MB; RSS ${await rss()}`,
    );
    const whole = await drain((await store.answer('big', undefined))!);
    console.log(
      `whole answer (flows read back from the file): first ${whole.firstMs} ms, all ${whole.ms} ms, ${whole.mb.toFixed(1)} MB; RSS ${await rss()}`,
    );
    const t = performance.now();
    const all = (await store.read('big'))!;
    const id = all[Math.floor(all.length / 2)]!.id;
    all.length = 0;
    const t2 = performance.now();
    await store.flow('big', id);
    console.log(
      `one flow by id: ${Math.round(performance.now() - t2)} ms (read all first: ${Math.round(t2 - t)} ms)`,
    );
    const t3 = performance.now();
    const matches = await matchingFlows(
      (await store.answer('big', undefined))!,
      '~b flag & ~h cookie',
    );
    console.log(
      `filter "~b flag & ~h cookie" on the server: ${matches.ids.length} of ${matches.total} in ${Math.round(performance.now() - t3)} ms; RSS ${await rss()}`,
    );
    console.log(
      `peak RSS ${await rssMb(process.pid, true)} MB (target < 300 MB); load average at end: ${load()}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
