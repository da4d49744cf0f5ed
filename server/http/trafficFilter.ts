/**
 * Extension: a filter evaluated on the platform, over the capture's bytes,
 * with the shared filter language (`shared/capture/filter/`): the viewer
 * that lists summaries asks here for `~h`/`~b` filters, whose headers and
 * bodies it does not hold. The capture is read batch by batch (the same
 * stream a whole-capture answer sends) and each batch is evaluated and
 * dropped: memory stays that of one batch plus the matching ids. The answer
 * is NDJSON, one line per batch (`{scanned, ids, dropped?}`, so a viewer
 * shows progress and rows as they come) and a last `{done, scanned,
 * truncated}`; a cut-off answer has no last line.
 */
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { PassThrough } from 'node:stream';
import type { Flow } from '../../shared/schemas';
import type { TrafficMatchLine } from '../../shared/schemas/trafficFilter';
import { matchBatch, MatchTally, prepareFilter } from '../../shared/capture/filter/batch';
import { MAYBE, NO, RecordPrefilter, YES } from '../../shared/capture/filter/prefilter';
import { MitmFlowReader } from '../../shared/capture/mitm';
import { CaptureChangedError, idHash, type RecordRun } from '../runtime/captureFile';
import { chooseFlagPattern } from '../../shared/capture/filter/flagPattern';
import { FilterSyntaxError, parseFilter, type FilterNode } from '../../shared/capture/filter/parse';
import type { TrafficAnswer } from '../runtime/types';
import { HttpError } from './errors';

/**
 * The expression parsed with the platform's flag pattern (the one `/settings`
 * sends, so `~flag` means here what it means in the viewer); a malformed
 * expression is 422 with the parse error and its position.
 */
export function parseServerFilter(filter: string, flagPattern: string): FilterNode | null {
  const pattern = new RegExp(chooseFlagPattern(flagPattern, null).source, 'gu');
  try {
    return parseFilter(filter, { flagPattern: pattern });
  } catch (e) {
    if (e instanceof FilterSyntaxError)
      throw new HttpError(422, `${e.message} (at character ${e.position + 1} of the filter)`);
    throw e;
  }
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

/** MAYBE records parsed before they are evaluated and dropped */
const EVALUATE_AT_ONCE = 250;

/** The flow of one raw dump record, as `CaptureFile.flows` reads it back (null: not a flow). */
function recordFlow(run: RecordRun, r: number, maxBodyBytes: number): Flow | null {
  const reader = new MitmFlowReader({ maxBodyBytes });
  const { bytes } = run;
  reader.push(bytes.subarray(run.starts[r], run.ends[r]));
  reader.finish();
  return reader.next();
}

/**
 * A run of raw records evaluated: what the prefilter proves is taken as it
 * is; the rest (MAYBE) is parsed and evaluated. Ids and verdicts in file
 * order, for `MatchTally`. A record proven not to match is only looked at
 * again (its id read) when a flow with its id hash matched before: a newer
 * version of a matching flow that does not match drops it.
 */
function evaluateRun(
  run: RecordRun,
  node: FilterNode | null,
  prefilter: RecordPrefilter | null,
  maxBodyBytes: number,
  tally: MatchTally,
  matchedHashes: Set<number>,
  path: string,
): { ids: string[]; hits: Uint8Array } {
  const count = run.starts.length;
  const scanned = prefilter?.scan(run.bytes, run.starts, run.ends);
  const ids: string[] = [];
  const hits: number[] = [];
  const maybe: Flow[] = [];
  const maybeAt: number[] = [];
  const evaluate = () => {
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
      // evaluated a few at a time: memory stays that of a few parsed flows
      if (maybe.length === EVALUATE_AT_ONCE) evaluate();
    }
  }
  evaluate();
  const out = Uint8Array.from(hits);
  for (let i = 0; i < ids.length; i++) if (out[i] === 1) matchedHashes.add(idHash(ids[i]!));
  return { ids, hits: out };
}

/** Evaluates `node` over every flow of `answer`, writing NDJSON lines to `out`. */
export async function writeMatches(
  out: PassThrough,
  answer: TrafficAnswer,
  node: FilterNode | null,
  log: FastifyBaseLogger,
): Promise<void> {
  const line = async (value: TrafficMatchLine) => {
    if (!out.write(`${JSON.stringify(value)}\n`))
      await new Promise<void>((resolve) => {
        out.once('drain', resolve);
        out.once('close', resolve);
      });
  };
  const tally = new MatchTally();
  try {
    await prepareFilter(node);
    if (answer.records) {
      const matchedHashes = new Set<number>();
      let prefilter: RecordPrefilter | null | undefined;
      for await (const batch of answer.records) {
        if (out.destroyed) return;
        if ('json' in batch) {
          const flows = parseBatch(batch.json);
          if (flows.length === 0) continue;
          const { ids, dropped } = tally.add(flows, matchBatch(node, flows));
          for (const id of ids) matchedHashes.add(idHash(id));
          await line({ scanned: tally.scanned, ids, ...(dropped.length ? { dropped } : {}) });
          continue;
        }
        for (const run of batch.runs) {
          const maxBodyBytes = batch.maxBodyBytes;
          prefilter ??= RecordPrefilter.for(node, { maxBodyBytes });
          const { ids: runIds, hits } = evaluateRun(
            run,
            node,
            prefilter,
            maxBodyBytes,
            tally,
            matchedHashes,
            batch.path,
          );
          const { ids, dropped } = tally.addIds(runIds, hits);
          // every record of the run was looked at, also those proven not to match
          tally.scanned += run.starts.length - runIds.length;
          await line({ scanned: tally.scanned, ids, ...(dropped.length ? { dropped } : {}) });
        }
      }
    } else {
      for await (const batch of answer.batches) {
        if (out.destroyed) return;
        const flows = parseBatch(batch);
        if (flows.length === 0) continue;
        const { ids, dropped } = tally.add(flows, matchBatch(node, flows));
        await line({ scanned: tally.scanned, ids, ...(dropped.length ? { dropped } : {}) });
      }
    }
    if (out.destroyed) return;
    out.end(
      `${JSON.stringify({ done: true, scanned: tally.scanned, truncated: answer.end().truncated } satisfies TrafficMatchLine)}\n`,
    );
  } catch (err) {
    // no last line: the reader knows the answer was cut short
    log.error({ err }, 'a traffic filter could not read the capture to its end');
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  }
}

export function sendMatches(
  reply: FastifyReply,
  answer: TrafficAnswer,
  node: FilterNode | null,
): FastifyReply {
  const out = new PassThrough();
  void writeMatches(out, answer, node, reply.log);
  return reply
    .header('Content-Type', 'application/x-ndjson; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .send(out);
}
