/**
 * The column model: what a filter reads of the flows, by flow index. The
 * filter (`filter/`) evaluates over it; the worker's store fills it
 * (`FilterColumnsStore`). Neither needs the other to describe it.
 */
import type { NumberedNames } from './numberedNames';

/** Bits of `FlowColumns.flags`. */
export const FLOW_FLAG = {
  error: 1,
  response: 2,
  websocket: 4,
  /** `type` is "http" */
  http: 8,
  /** `type` is "tcp" */
  tcp: 16,
} as const;

/** `FlowColumns.statuses` of a flow without a response. */
export const NO_STATUS = -1;

/**
 * What a filter reads of the flows, by flow index. Cheap facts are columns of
 * small integers: a keystroke reads them for 100,000 flows, and reading an
 * object per flow, scattered over a big heap, costs several times more
 * (cache misses). Methods and hosts are numbered: a pattern is tested once per
 * distinct name. Costly facts (headers as text, content-decoded bodies) are
 * functions, computed only when an expression asks for them (and cached by
 * the owner).
 */
export interface FlowColumns {
  urls: readonly string[];
  /**
   * Marks in `hits` (by flow index, zeroed) the flows whose URL contains
   * `text`, case-insensitively; `text` is plain ASCII (see `isPlainAscii`).
   */
  findInUrls(text: string, hits: Uint8Array): void;
  /** status code per flow, NO_STATUS without a response */
  statuses: readonly number[];
  /** FLOW_FLAG bits per flow */
  flags: readonly number[];
  methods: NumberedNames;
  hosts: NumberedNames;
  requestContentType(index: number): string;
  responseContentType(index: number): string;
  /** `name: value` lines, in order */
  requestHeaders(index: number): string;
  responseHeaders(index: number): string;
  /** content-decoded request body plus client→server websocket messages, as text */
  requestBody(index: number): string;
  /** content-decoded response body plus server→client websocket messages, as text */
  responseBody(index: number): string;
}
