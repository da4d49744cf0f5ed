/**
 * Extension: a filter evaluated on the platform, over the capture's bytes,
 * with the shared filter language (`shared/capture/filter/`): the viewer
 * that lists summaries asks here for `~h`/`~b` filters, whose headers and
 * bodies it does not hold. The capture is read batch by batch (the same
 * stream a whole-capture answer sends) and each batch is evaluated in a
 * filter thread (`server/runtime/filterPool.ts`: a pattern that backtracks
 * for ever must not stop the platform) and dropped: memory stays that of a
 * batch or two plus the matching ids. The answer is NDJSON, one line per
 * batch (`{scanned, ids, dropped?}`, so a viewer shows progress and rows as
 * they come) and a last `{done, scanned, truncated}`, or `{error}` when a
 * batch took over the time budget; a cut-off answer has no last line.
 */
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { PassThrough } from 'node:stream';
import type { TrafficMatchError, TrafficMatchLine } from '../../shared/schemas/trafficFilter';
import { formatCount, formatDuration, formatNumber } from '../../shared/format';
import { FilterSyntaxError, type FilterNode } from '../../shared/capture/filter/parse';
import { parseWithFlagPattern } from '../runtime/filterSession';
import { FilterAbortedError, FilterBudgetError, type FilterPool } from '../runtime/filterPool';
import type { RecordBatch, TrafficAnswer } from '../runtime/types';
import { HttpError } from './errors';

/**
 * The expression parsed with the platform's flag pattern (the one `/settings`
 * sends, so `~flag` means here what it means in the viewer); a malformed
 * expression is 422 with the parse error and its position.
 */
export function parseServerFilter(filter: string, flagPattern: string): FilterNode | null {
  try {
    return parseWithFlagPattern(filter, flagPattern);
  } catch (e) {
    if (e instanceof FilterSyntaxError)
      throw new HttpError(422, `${e.message} (at character ${e.position + 1} of the filter)`);
    throw e;
  }
}

/** A filter expression (checked by `parseServerFilter`) and the platform's flag pattern. */
export interface MatchFilter {
  expression: string;
  flagPattern: string;
}

/** The answer's last line when a batch went over the time budget (the viewer shows it). */
export function overBudgetMessage(err: FilterBudgetError, scanned: number): string {
  return (
    `The filter took too long on the platform (over ${formatDuration(err.budgetMs)} for ` +
    `${formatCount(err.flows, 'flow')}): its pattern may backtrack without end, e.g. (a+)+. ` +
    `Nothing was matched past flow ${formatNumber(scanned)}.`
  );
}

/** The whole flows of an answer without raw records, as record batches. */
async function* jsonBatches(batches: AsyncIterable<Uint8Array[]>): AsyncGenerator<RecordBatch> {
  for await (const json of batches) yield { json };
}

/**
 * Evaluates `filter` over every flow of `answer` in one of `pool`'s threads,
 * writing NDJSON lines to `out`; this thread only reads and writes.
 */
export async function writeMatches(
  out: PassThrough,
  answer: TrafficAnswer,
  filter: MatchFilter,
  log: FastifyBaseLogger,
  pool: FilterPool,
): Promise<void> {
  const line = async (value: TrafficMatchLine) => {
    if (!out.write(`${JSON.stringify(value)}\n`))
      await new Promise<void>((resolve) => {
        out.once('drain', resolve);
        out.once('close', resolve);
      });
  };
  // the client left: its place in the queue or its batch in the thread is given up
  const left = new AbortController();
  const onClose = () => left.abort();
  out.once('close', onClose);
  let lease: Awaited<ReturnType<FilterPool['lease']>> | null = null;
  const onAbort = () => lease?.abort();
  left.signal.addEventListener('abort', onAbort);
  try {
    lease = await pool.lease(left.signal);
    if (out.destroyed) return;
    await lease.open(filter.expression, filter.flagPattern);
    for await (const batch of answer.records ?? jsonBatches(answer.batches)) {
      if (out.destroyed) return;
      // caught up with a parse still running: nothing to evaluate
      if ('json' in batch && batch.json.length === 0) continue;
      for (const value of await lease.evaluate(batch)) await line(value);
    }
    if (out.destroyed) return;
    out.end(
      `${JSON.stringify({ done: true, scanned: lease.scanned, truncated: answer.end().truncated } satisfies TrafficMatchLine)}\n`,
    );
  } catch (err) {
    if (err instanceof FilterBudgetError) {
      const scanned = lease?.scanned ?? 0;
      log.warn(
        { filter: filter.expression, budgetMs: err.budgetMs, flows: err.flows, scanned },
        'a traffic filter went over its time budget: its thread was ended',
      );
      if (!out.destroyed)
        out.end(
          `${JSON.stringify({ error: overBudgetMessage(err, scanned) } satisfies TrafficMatchError)}\n`,
        );
      return;
    }
    if (err instanceof FilterAbortedError && out.destroyed) return;
    // no last line: the reader knows the answer was cut short
    log.error({ err }, 'a traffic filter could not read the capture to its end');
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  } finally {
    out.off('close', onClose);
    left.signal.removeEventListener('abort', onAbort);
    lease?.release();
  }
}

export function sendMatches(
  reply: FastifyReply,
  answer: TrafficAnswer,
  filter: MatchFilter,
  pool: FilterPool,
): FastifyReply {
  const out = new PassThrough();
  void writeMatches(out, answer, filter, reply.log, pool);
  return reply
    .header('Content-Type', 'application/x-ndjson; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .send(out);
}
