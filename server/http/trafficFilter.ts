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
    for await (const batch of answer.batches) {
      if (out.destroyed) return;
      const flows = parseBatch(batch);
      if (flows.length === 0) continue;
      const { ids, dropped } = tally.add(flows, matchBatch(node, flows));
      await line({ scanned: tally.scanned, ids, ...(dropped.length ? { dropped } : {}) });
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
