/**
 * A traffic filter run where the bytes are (an extension of the local
 * platform): the viewer has only summaries, so header and body filters
 * (`~h`, `~b`, …) over a capture are answered here, in the same language
 * and with the same results as the viewer's worker. The capture's flows are
 * read back from its files and parsed in batches (`CaptureStore.scan`), each
 * batch evaluated by the worker's own store and filter (src/features/traffic),
 * then dropped: the whole capture is never in memory.
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
const BATCH_FLOWS = 500;

/** Flows to filter: parsed flows in batches, and whether some are missing. */
export interface FlowScan {
  batches: AsyncIterable<unknown[]>;
  /** known once `batches` is exhausted */
  truncated(): boolean;
}

/** A streamed answer's flows, parsed batch by batch (a runtime without files, tests). */
export function scanOfAnswer(answer: TrafficAnswer): FlowScan {
  return {
    batches: (async function* () {
      for await (const batch of answer.batches) {
        if (batch.length === 0) continue;
        // each flow comes with a leading comma
        const text = Buffer.concat(batch).toString('utf8');
        yield JSON.parse(`[${text.slice(1)}]`) as unknown[];
      }
    })(),
    truncated: () => answer.end().truncated,
  };
}

/** The flows of `scan` that match `expression` (read to its end). */
export async function matchingFlows(scan: FlowScan, expression: string): Promise<FilterMatches> {
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
  for await (const flows of scan.batches) {
    total += flows.length;
    for (const flow of flows) raw.push(flow);
    if (raw.length >= BATCH_FLOWS) evaluate();
  }
  evaluate();
  const ids: string[] = [];
  for (const [id, matched] of verdicts) if (matched) ids.push(id);
  return { ids, total, truncated: scan.truncated() };
}
