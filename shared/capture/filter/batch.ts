/**
 * A filter over a batch of whole flows at a time: what the local platform
 * runs over a capture it reads back from disk (`?filter` extension), and the
 * worker over a local file, so both give the answers the worker's store gives
 * for the same flows (the same columns, the same evaluator). A batch's
 * columns are dropped with it: memory stays that of one batch.
 */
import type { Flow } from '../../schemas';
import { loadBrotli } from '../contentDecode';
import { FlowColumnStore } from './columnStore';
import { matchFlows } from './evaluate';
import { usesBodies, type FilterNode } from './parse';

/** Which of `flows` match `node`: 1 per matching flow. */
export function matchBatch(node: FilterNode | null, flows: readonly Flow[]): Uint8Array {
  const columns = new FlowColumnStore((index) => flows[index]!);
  for (let i = 0; i < flows.length; i++) columns.set(i, flows[i]!);
  return matchFlows(node, columns, flows.length);
}

/**
 * Ready to evaluate `node`: a body filter needs the brotli decoder (loaded
 * on first need), or a brotli body would be searched still encoded.
 */
export async function prepareFilter(node: FilterNode | null): Promise<void> {
  if (usesBodies(node)) await loadBrotli();
}

/**
 * Matches by flow id, latest version wins: a capture may send a flow again
 * (open, then finished), and the one that counts is the last, as in the
 * viewer, which merges flows by id. Only matching ids are kept.
 */
export class MatchTally {
  private readonly matching = new Set<string>();
  scanned = 0;

  /**
   * Adds a batch's verdicts; returns the ids that now match (new) and those
   * that matched before but whose newer version does not (`dropped`).
   */
  add(flows: readonly Flow[], hits: Uint8Array): { ids: string[]; dropped: string[] } {
    return this.addIds(
      flows.map((flow) => flow.id),
      hits,
    );
  }

  /** `add` by the flows' ids. */
  addIds(flowIds: readonly string[], hits: Uint8Array): { ids: string[]; dropped: string[] } {
    const ids: string[] = [];
    const dropped: string[] = [];
    for (let i = 0; i < flowIds.length; i++) {
      const id = flowIds[i]!;
      if (hits[i] === 1) {
        if (!this.matching.has(id)) {
          this.matching.add(id);
          ids.push(id);
        }
      } else if (this.matching.delete(id)) dropped.push(id);
    }
    this.scanned += flowIds.length;
    return { ids, dropped };
  }

  /** whether flow `id` matches so far */
  has(id: string): boolean {
    return this.matching.has(id);
  }

  /** the matching ids, in the order they were first matched */
  get ids(): string[] {
    return [...this.matching];
  }
}
