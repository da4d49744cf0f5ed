/**
 * A traffic filter run where the bytes are (an extension of the local
 * platform): the viewer has only summaries, so header and body filters
 * (`~h`, `~b`, …) over a capture are answered here, in the same language
 * and with the same results as the viewer's worker. The flows of an answer
 * are read back from the capture in batches, each batch evaluated by the
 * worker's own store and filter (src/features/traffic), then dropped: the
 * whole capture is never in memory.
 */
import { loadBrotli } from '../../src/features/traffic/body/contentDecode';
import {
  FilterSyntaxError,
  parseFilter,
  usesBodies,
} from '../../src/features/traffic/filter/parse';
import { TrafficStore } from '../../src/features/traffic/worker/store';
import type { FilterMatches, TrafficAnswer } from './types';

export { FilterSyntaxError };

/** flows evaluated together (one store, then dropped) */
const BATCH_FLOWS = 2_000;

/** The flows of `answer` that match `expression` (read to its end). */
export async function matchingFlows(
  answer: TrafficAnswer,
  expression: string,
): Promise<FilterMatches> {
  // bodies are content-decoded as the worker does, brotli included
  if (usesBodies(parseFilter(expression))) await loadBrotli();
  const verdicts = new Map<string, boolean>();
  let raw: unknown[] = [];
  const evaluate = () => {
    if (raw.length === 0) return;
    const store = new TrafficStore();
    store.ingest(raw, 0, raw.length);
    store.setFilter(expression);
    const matched = new Uint8Array(store.flows.length);
    for (const index of store.view().indices) matched[index] = 1;
    for (const [index, flow] of store.flows.entries()) {
      // a later state of the same flow (open, then finished) decides
      verdicts.delete(flow.id);
      verdicts.set(flow.id, matched[index] === 1);
    }
    raw = [];
  };
  let total = 0;
  for await (const batch of answer.batches) {
    if (batch.length === 0) continue;
    const text = Buffer.concat(batch).toString('utf8');
    // each flow comes with a leading comma
    const flows = JSON.parse(`[${text.slice(1)}]`) as unknown[];
    total += flows.length;
    for (const flow of flows) raw.push(flow);
    if (raw.length >= BATCH_FLOWS) evaluate();
  }
  evaluate();
  const ids: string[] = [];
  for (const [id, matched] of verdicts) if (matched) ids.push(id);
  return { ids, total, truncated: answer.end().truncated };
}
