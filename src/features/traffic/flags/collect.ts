/**
 * The Flags panel's answer, computed in the worker: each distinct flag found
 * in the capture (URL, headers, content-decoded bodies, WebSocket messages)
 * with the flows it appears in.
 */
import type { FlowColumns } from '@shared/capture/filter/columns';
import { findFlags } from '@shared/capture/filter/flagPattern';

export interface FlagMatch {
  value: string;
  /** flow indices it appears in, in capture order (at most MAX_FLOWS_PER_FLAG) */
  flows: number[];
  /** how many flows it appears in (may exceed `flows.length`) */
  flowCount: number;
}

export const MAX_FLAGS = 500;
export const MAX_FLOWS_PER_FLAG = 200;

/** Text of one flow a flag may hide in, in the order the details show it. */
function flowTexts(c: FlowColumns, index: number): string[] {
  return [
    c.urls[index] ?? '',
    c.requestHeaders(index),
    c.requestBody(index),
    c.responseHeaders(index),
    c.responseBody(index),
  ];
}

/**
 * Distinct flags, in order of first appearance, over flows added one at a
 * time (in capture order): all of a store's at once, or a batch of a
 * file's records at a time.
 */
export class FlagCollector {
  private readonly byValue = new Map<string, FlagMatch>();
  private truncated = false;

  constructor(private readonly pattern: RegExp) {}

  /** The flow at `i` of `c`, which is flow `index` of the capture. */
  add(c: FlowColumns, i: number, index = i) {
    const seen = new Set<string>();
    for (const text of flowTexts(c, i))
      for (const value of findFlags(text, this.pattern)) seen.add(value);
    for (const value of seen) {
      let match = this.byValue.get(value);
      if (!match) {
        if (this.byValue.size >= MAX_FLAGS) {
          this.truncated = true;
          continue;
        }
        match = { value, flows: [], flowCount: 0 };
        this.byValue.set(value, match);
      }
      match.flowCount++;
      if (match.flows.length < MAX_FLOWS_PER_FLAG) match.flows.push(index);
    }
  }

  result(): { flags: FlagMatch[]; truncated: boolean } {
    return { flags: [...this.byValue.values()], truncated: this.truncated };
  }
}

/** Distinct flags over the first `count` flows, in order of first appearance. */
export function collectFlags(
  c: FlowColumns,
  count: number,
  pattern: RegExp,
): { flags: FlagMatch[]; truncated: boolean } {
  const collector = new FlagCollector(pattern);
  for (let i = 0; i < count; i++) collector.add(c, i);
  return collector.result();
}
