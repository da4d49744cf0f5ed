/**
 * One `/traffic/matches` evaluation, batch by batch: what the filter thread
 * (`filterWorker.ts`) runs for an answer. Raw dump records are looked at by
 * the prefilter first, the rest (MAYBE) parsed and evaluated; JSON batches
 * (`.jsonl` captures, the recorder's open flows) parsed and evaluated. Each
 * batch gives the answer's lines for it; the tally (latest version of a
 * flow wins) lives here, so a batch's verdicts are all the answer needs.
 */
import type { Flow } from '../../shared/schemas';
import type { TrafficMatchLine } from '../../shared/schemas/trafficFilter';
import { matchBatch, MatchTally, prepareFilter } from '../../shared/capture/filter/batch';
import { MAYBE, NO, RecordPrefilter, YES } from '../../shared/capture/filter/prefilter';
import { MitmFlowReader } from '../../shared/capture/mitm';
import { chooseFlagPattern } from '../../shared/capture/filter/flagPattern';
import { parseFilter, type FilterNode } from '../../shared/capture/filter/parse';
import { idHash } from '../../shared/capture/idHash';
import { CaptureChangedError, type RecordRun } from './captureFile';
import type { RecordBatch } from './types';

/** A batch's progress line (`{scanned, ids, dropped?}`). */
export type MatchBatchLine = Exclude<TrafficMatchLine, { done: true }>;

/**
 * The expression parsed with the platform's flag pattern (the one
 * `/settings` sends, so `~flag` means here what it means in the viewer);
 * throws `FilterSyntaxError` for a malformed one.
 */
export function parseWithFlagPattern(filter: string, flagPattern: string): FilterNode | null {
  const pattern = new RegExp(chooseFlagPattern(flagPattern, null).source, 'gu');
  return parseFilter(filter, { flagPattern: pattern });
}

/** A batch of the answer (UTF-8 JSON flows, each with a leading comma) parsed. */
function parseBatch(chunks: Uint8Array[]): Flow[] {
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.length === 0) return [];
  const parsed = JSON.parse(`[${text.slice(1)}]`) as unknown[];
  // what the viewer would drop as invalid never matches: a record with no request
  return parsed.filter(
    (f): f is Flow =>
      typeof f === 'object' &&
      f !== null &&
      typeof (f as Flow).id === 'string' &&
      typeof (f as Flow).request === 'object' &&
      (f as Flow).request !== null,
  );
}

/** MAYBE records parsed before they are evaluated and dropped (and their bytes at most) */
const EVALUATE_AT_ONCE = 250;
const EVALUATE_BYTES_AT_ONCE = 16 * 1024 * 1024;

/** The flow of one raw dump record, as `CaptureFile.flows` reads it back (null: not a flow). */
function recordFlow(run: RecordRun, r: number, maxBodyBytes: number): Flow | null {
  const reader = new MitmFlowReader({ maxBodyBytes });
  const { bytes } = run;
  reader.push(bytes.subarray(run.starts[r], run.ends[r]));
  reader.finish();
  return reader.next();
}

export class MatchSession {
  private readonly tally = new MatchTally();
  /** id hashes of the flows that matched: a proven-NO record is only looked at again for these */
  private readonly matchedHashes = new Set<number>();
  private prefilter: RecordPrefilter | null | undefined;

  private constructor(private readonly node: FilterNode | null) {}

  /** A session for `filter` (already checked by the route), ready to evaluate. */
  static async open(filter: string, flagPattern: string): Promise<MatchSession> {
    const node = parseWithFlagPattern(filter, flagPattern);
    await prepareFilter(node);
    return new MatchSession(node);
  }

  /** flows read so far */
  get scanned(): number {
    return this.tally.scanned;
  }

  /** The lines of one batch of `TrafficAnswer.records` (none for an empty one). */
  evaluate(batch: RecordBatch): MatchBatchLine[] {
    const lines: MatchBatchLine[] = [];
    const tally = this.tally;
    if ('json' in batch) {
      const flows = parseBatch(batch.json);
      if (flows.length === 0) return lines;
      const { ids, dropped } = tally.add(flows, matchBatch(this.node, flows));
      for (const id of ids) this.matchedHashes.add(idHash(id));
      lines.push({ scanned: tally.scanned, ids, ...(dropped.length ? { dropped } : {}) });
      return lines;
    }
    for (const run of batch.runs) {
      const { maxBodyBytes } = batch;
      this.prefilter ??= RecordPrefilter.for(this.node, { maxBodyBytes });
      const { ids: runIds, hits } = this.evaluateRun(run, maxBodyBytes, batch.path);
      const { ids, dropped } = tally.addIds(runIds, hits);
      // every record of the run was looked at, also those proven not to match
      tally.scanned += run.starts.length - runIds.length;
      lines.push({ scanned: tally.scanned, ids, ...(dropped.length ? { dropped } : {}) });
    }
    return lines;
  }

  /**
   * A run of raw records evaluated: what the prefilter proves is taken as it
   * is; the rest (MAYBE) is parsed and evaluated. Ids and verdicts in file
   * order, for `MatchTally`. A record proven not to match is only looked at
   * again (its id read) when a flow with its id hash matched before: a newer
   * version of a matching flow that does not match drops it.
   */
  private evaluateRun(
    run: RecordRun,
    maxBodyBytes: number,
    path: string,
  ): { ids: string[]; hits: Uint8Array } {
    const { node, prefilter, tally, matchedHashes } = this;
    const count = run.starts.length;
    // the index's marks spare the prefilter its search for them
    const scanned = prefilter?.scan(run.bytes, run.starts, run.ends, run.marks);
    const ids: string[] = [];
    const hits: number[] = [];
    const maybe: Flow[] = [];
    const maybeAt: number[] = [];
    let maybeBytes = 0;
    const evaluate = () => {
      maybeBytes = 0;
      if (maybe.length === 0) return;
      const matched = matchBatch(node, maybe);
      for (let i = 0; i < maybe.length; i++) hits[maybeAt[i]!] = matched[i]!;
      maybe.length = 0;
      maybeAt.length = 0;
    };
    for (let r = 0; r < count; r++) {
      const verdict = scanned ? scanned.verdicts[r]! : MAYBE;
      if (verdict === YES) {
        const id = scanned!.ids[r]!;
        // the index's id hash tells a file rewritten since it was indexed
        if (idHash(id) !== run.idHashes[r]) throw new CaptureChangedError(path);
        ids.push(id);
        hits.push(1);
      } else if (verdict === NO) {
        if (!matchedHashes.has(run.idHashes[r]!)) continue;
        const id = RecordPrefilter.recordId(run.bytes, run.starts[r]!);
        if (id === null || !tally.has(id)) continue;
        ids.push(id);
        hits.push(0);
      } else {
        const flow = recordFlow(run, r, maxBodyBytes);
        if (!flow || idHash(flow.id) !== run.idHashes[r]) throw new CaptureChangedError(path);
        ids.push(flow.id);
        hits.push(0);
        maybe.push(flow);
        maybeAt.push(hits.length - 1);
        maybeBytes += run.ends[r]! - run.starts[r]!;
        // evaluated a few at a time: memory stays that of a few parsed flows
        if (maybe.length === EVALUATE_AT_ONCE || maybeBytes >= EVALUATE_BYTES_AT_ONCE) evaluate();
      }
    }
    evaluate();
    const out = Uint8Array.from(hits);
    for (let i = 0; i < ids.length; i++) if (out[i] === 1) matchedHashes.add(idHash(ids[i]!));
    return { ids, hits: out };
  }
}
