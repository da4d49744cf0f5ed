/**
 * The raw-record prefilter alone over a dump (no server): reads the file in
 * 8 MB runs of whole records, scans each, and prints per expression the
 * time and how many records were NO / YES / MAYBE. BENCH_SEARCH=bytes: the
 * byte search a browser uses (else Node's latin1 string and regexes).
 * BENCH_INFLATE=fflate|native|both (default both): content-decoding with
 * the pure-JS decoders alone (the browser's worker) and/or with Node's zlib (inflate and brotli) installed (the
 * platform's filter threads), one line each per expression.
 * `npx tsx bench/prefilterScan.ts <file.mitm> [expr;expr…]`
 */
import { openSync, readSync, fstatSync } from 'node:fs';
import { loadavg } from 'node:os';
import { loadBrotli, useBrotliNative, useRawInflate } from '../shared/capture/contentDecode';
import { nativeBrotli, nativeRawInflate } from '../server/runtime/nativeInflate';
import { parseFilter } from '../shared/capture/filter/parse';
import { RecordPrefilter, searchRecordBytes } from '../shared/capture/filter/prefilter';
import { DEFAULT_FLAG_PATTERN } from '../shared/capture/filter/flagPattern';

const [file, list] = process.argv.slice(2);
const fd = openSync(file!, 'r');
const size = fstatSync(fd).size;
const RUN = 8 << 20;
await loadBrotli();
if (process.env.BENCH_SEARCH === 'bytes') searchRecordBytes(true);

/** Whole records of the run at `pos` (frames by their length prefixes). */
function frames(bytes: Uint8Array) {
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (;;) {
    let i = at;
    let length = 0;
    while (i < bytes.length && bytes[i] !== 0x3a) length = length * 10 + bytes[i++]! - 0x30;
    const end = i + 1 + length + 1;
    if (i >= bytes.length || end > bytes.length) break;
    starts.push(at);
    ends.push(end);
    at = end;
  }
  return { starts, ends, used: at };
}

const buffer = Buffer.allocUnsafe(RUN);
const inflates =
  process.env.BENCH_INFLATE === 'fflate' || process.env.BENCH_INFLATE === 'native'
    ? [process.env.BENCH_INFLATE]
    : ['fflate', 'native'];
for (const filter of (list ?? '~h cookie;~b flag;~h x-requested-with;~b error;~flag').split(';'))
  for (const inflate of inflates) {
    useRawInflate(inflate === 'native' ? nativeRawInflate() : null);
    useBrotliNative(inflate === 'native' ? nativeBrotli() : null);
    const node = parseFilter(filter, { flagPattern: new RegExp(DEFAULT_FLAG_PATTERN, 'gu') });
    const prefilter = RecordPrefilter.for(node);
    const counts = [0, 0, 0];
    let readMs = 0;
    let scanMs = 0;
    let pos = 0;
    const cpu = process.cpuUsage();
    while (pos < size) {
      let t = performance.now();
      const n = readSync(fd, buffer, 0, RUN, pos);
      readMs += performance.now() - t;
      const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, n);
      const { starts, ends, used } = frames(bytes);
      if (used === 0) break;
      t = performance.now();
      const { verdicts } = prefilter!.scan(bytes, starts, ends);
      scanMs += performance.now() - t;
      for (const v of verdicts) counts[v]!++;
      pos += used;
    }
    console.log(
      `${filter.padEnd(24)} ${inflate.padEnd(6)} scan ${Math.round(scanMs)} ms (CPU of all ${Math.round((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000)} ms), read ${Math.round(readMs)} ms  NO ${counts[0]} YES ${counts[1]} MAYBE ${counts[2]}  load ${loadavg()[0]!.toFixed(2)}`,
    );
  }
