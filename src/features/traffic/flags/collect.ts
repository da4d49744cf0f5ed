/**
 * The Flags panel's answer, computed in the worker: each distinct flag found
 * in the capture (URL, headers, content-decoded bodies, WebSocket messages)
 * with the flows it appears in.
 */
import type { FlowColumns } from '@shared/capture/filter/columns';
import { findFlags } from './flagPattern';

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

/** Distinct flags over the first `count` flows, in order of first appearance. */
export function collectFlags(
  c: FlowColumns,
  count: number,
  pattern: RegExp,
): { flags: FlagMatch[]; truncated: boolean } {
  const byValue = new Map<string, FlagMatch>();
  let truncated = false;
  for (let i = 0; i < count; i++) {
    const seen = new Set<string>();
    for (const text of flowTexts(c, i))
      for (const value of findFlags(text, pattern)) seen.add(value);
    for (const value of seen) {
      let match = byValue.get(value);
      if (!match) {
        if (byValue.size >= MAX_FLAGS) {
          truncated = true;
          continue;
        }
        match = { value, flows: [], flowCount: 0 };
        byValue.set(value, match);
      }
      match.flowCount++;
      if (match.flows.length < MAX_FLOWS_PER_FLAG) match.flows.push(i);
    }
  }
  return { flags: [...byValue.values()], truncated };
}
