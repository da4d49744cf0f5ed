/**
 * The raw-record prefilter with its body "marks" searched in each batch
 * (before) and taken from the capture index (after), over one dump, in one
 * run. The dump is indexed as the platform indexes it
 * (`MitmFlowReader.nextSummary`: record ranges and each flow's marks; its
 * time is printed), cut into `traffic/matches`' batches (at most 1,000
 * records and 16 MB beyond the first), and each expression's batches are
 * scanned both ways, twice, interleaved (the faster of each printed), as
 * Node's latin1 string and as a browser's bytes (BENCH_SEARCH=string or
 * bytes for one). Prints scan ms, NO / YES / MAYBE and the load average.
 * `npx tsx bench/prefilterMarks.ts <file.mitm> [expr;expr…]`
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { loadavg } from 'node:os';
import { loadBrotli } from '../shared/capture/contentDecode';
import { DEFAULT_FLAG_PATTERN } from '../shared/capture/filter/flagPattern';
import { parseFilter } from '../shared/capture/filter/parse';
import { RecordPrefilter, searchRecordBytes } from '../shared/capture/filter/prefilter';
import { MitmFlowReader } from '../shared/capture/mitm';
import { RECORD_BATCH_BYTES } from '../server/runtime/trafficAnswer';

/** records per batch, as `trafficAnswer.ts` reads them */
const RECORD_BATCH_FLOWS = 1000;

const [file, list] = process.argv.slice(2);
if (!file) throw new Error('usage: npx tsx bench/prefilterMarks.ts <file.mitm> [expr;expr…]');
await loadBrotli();
const fd = openSync(file, 'r');
const size = fstatSync(fd).size;

// the index: where each record is, and its marks
const starts: number[] = [];
const ends: number[] = [];
const marks: number[] = [];
const t = performance.now();
{
  const reader = new MitmFlowReader({ bodySizesOnly: true });
  const chunk = Buffer.allocUnsafe(8 << 20);
  let pos = 0;
  for (;;) {
    const n = readSync(fd, chunk, 0, chunk.length, pos);
    if (n > 0) reader.push(new Uint8Array(chunk.subarray(0, n)));
    pos += n;
    if (pos >= size || n === 0) reader.finish();
    for (let s = reader.nextSummary(); s; s = reader.nextSummary()) {
      starts.push(reader.recordStart);
      ends.push(reader.recordEnd);
      marks.push(s.marks);
    }
    if (reader.done) break;
    const next = reader.offset;
    reader.dropPending();
    pos = next;
  }
}
const indexMs = performance.now() - t;
const marked = marks.filter((m) => m !== 0).length;
console.log(
  `${file}: ${starts.length} flows indexed in ${Math.round(indexMs)} ms, ${marked} marked  load ${loadavg()[0]!.toFixed(2)}`,
);

// the batches, read once (the scans are timed, not the reads)
interface Batch {
  bytes: Uint8Array;
  starts: Float64Array;
  ends: Float64Array;
  marks: Uint8Array;
}
const batches: Batch[] = [];
for (let from = 0; from < starts.length;) {
  const limit = starts[from]! + RECORD_BATCH_BYTES;
  let to = from + 1;
  while (to < starts.length && to - from < RECORD_BATCH_FLOWS && ends[to]! <= limit) to++;
  const base = starts[from]!;
  const bytes = new Uint8Array(ends[to - 1]! - base);
  readSync(fd, bytes, 0, bytes.length, base);
  batches.push({
    bytes,
    starts: Float64Array.from(starts.slice(from, to), (s) => s - base),
    ends: Float64Array.from(ends.slice(from, to), (e) => e - base),
    marks: Uint8Array.from(marks.slice(from, to)),
  });
  from = to;
}
closeSync(fd);

function scanAll(filter: string, withMarks: boolean) {
  const node = parseFilter(filter, { flagPattern: new RegExp(DEFAULT_FLAG_PATTERN, 'gu') });
  const prefilter = RecordPrefilter.for(node);
  const counts = [0, 0, 0];
  if (!prefilter) return { ms: 0, counts };
  const started = performance.now();
  for (const batch of batches) {
    const { verdicts } = prefilter.scan(
      batch.bytes,
      batch.starts,
      batch.ends,
      withMarks ? batch.marks : undefined,
    );
    for (const v of verdicts) counts[v]!++;
  }
  return { ms: performance.now() - started, counts };
}

const modes = process.env.BENCH_SEARCH ? [process.env.BENCH_SEARCH] : ['string', 'bytes'];
for (const mode of modes) {
  searchRecordBytes(mode === 'bytes');
  for (const filter of (list ?? '~h cookie;~b flag;~b error;~flag').split(';')) {
    let before = Infinity;
    let after = Infinity;
    let counts: [number[], number[]] = [[], []];
    for (let round = 0; round < 2; round++) {
      const searched = scanAll(filter, false);
      const indexed = scanAll(filter, true);
      before = Math.min(before, searched.ms);
      after = Math.min(after, indexed.ms);
      counts = [searched.counts, indexed.counts];
    }
    const said = (c: number[]) => `NO ${c[0]} YES ${c[1]} MAYBE ${c[2]}`;
    console.log(
      `${mode.padEnd(6)} ${filter.padEnd(12)} marks searched ${Math.round(before)} ms (${said(counts[0])}) · from the index ${Math.round(after)} ms (${said(counts[1])})  load ${loadavg()[0]!.toFixed(2)}`,
    );
  }
}
