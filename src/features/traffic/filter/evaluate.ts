import { isPlainAscii } from '../worker/urlText';
import type { FilterNode } from './parse';

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
  /** per flow: its method's position in `methodNames` */
  methodIds: readonly number[];
  methodNames: readonly string[];
  /** per flow: its host's position in `hostNames` */
  hostIds: readonly number[];
  hostNames: readonly string[];
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

/** Does the flow at `index` match? */
export type FlowPredicate = (index: number) => boolean;

function test(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

/** A pattern over a numbered column: tested once per distinct name. */
function byName(re: RegExp, ids: readonly number[], names: readonly string[]): FlowPredicate {
  const matching = new Uint8Array(names.length);
  for (let n = 0; n < names.length; n++) matching[n] = test(re, names[n]!) ? 1 : 0;
  return (i) => matching[ids[i]!] === 1;
}

const hasFlag =
  (flags: readonly number[], bits: number): FlowPredicate =>
  (i) =>
    (flags[i]! & bits) !== 0;

/**
 * Turns an expression into one function over the columns. A keystroke runs it
 * over every flow: each node becomes a small closure that reads its column
 * directly, instead of a walk of the tree that asks a facts object per flow.
 */
export function compileFilter(node: FilterNode | null, c: FlowColumns): FlowPredicate {
  if (!node) return () => true;
  switch (node.kind) {
    case 'and': {
      const left = compileFilter(node.left, c);
      const right = compileFilter(node.right, c);
      return (i) => left(i) && right(i);
    }
    case 'or': {
      const left = compileFilter(node.left, c);
      const right = compileFilter(node.right, c);
      return (i) => left(i) || right(i);
    }
    case 'not': {
      const operand = compileFilter(node.operand, c);
      return (i) => !operand(i);
    }
    case 'status': {
      const { statuses } = c;
      const code = node.code;
      return (i) => statuses[i] === code;
    }
    case 'flag': {
      const { flags } = c;
      switch (node.flag) {
        case 'error':
          return hasFlag(flags, FLOW_FLAG.error);
        case 'noResponse':
          return (i) => (flags[i]! & FLOW_FLAG.response) === 0;
        case 'hasResponse':
          return hasFlag(flags, FLOW_FLAG.response);
        case 'http':
          return hasFlag(flags, FLOW_FLAG.http | FLOW_FLAG.websocket);
        case 'websocket':
          return hasFlag(flags, FLOW_FLAG.websocket);
        case 'tcp':
          return hasFlag(flags, FLOW_FLAG.tcp);
        case 'all':
          return () => true;
      }
      return () => false;
    }
    case 'match':
      if (node.field === 'url' && isPlainAscii(node.source)) {
        // plain text, the usual filter: one search over all URLs, not a regex per flow
        const hits = new Uint8Array(c.urls.length);
        c.findInUrls(node.source, hits);
        return (i) => hits[i] === 1;
      }
      return compileMatch(node.field, node.pattern, c);
  }
}

function compileMatch(
  field: Extract<FilterNode, { kind: 'match' }>['field'],
  re: RegExp,
  c: FlowColumns,
): FlowPredicate {
  const { urls } = c;
  const either =
    (a: (i: number) => string, b: (i: number) => string): FlowPredicate =>
    (i) =>
      test(re, a(i)) || test(re, b(i));
  const one =
    (a: (i: number) => string): FlowPredicate =>
    (i) =>
      test(re, a(i));
  switch (field) {
    case 'url':
      return (i) => test(re, urls[i]!);
    case 'method':
      return byName(re, c.methodIds, c.methodNames);
    case 'domain':
      return byName(re, c.hostIds, c.hostNames);
    case 'header':
      return either(
        (i) => c.requestHeaders(i),
        (i) => c.responseHeaders(i),
      );
    case 'requestHeader':
      return one((i) => c.requestHeaders(i));
    case 'responseHeader':
      return one((i) => c.responseHeaders(i));
    case 'body':
      return either(
        (i) => c.requestBody(i),
        (i) => c.responseBody(i),
      );
    case 'requestBody':
      return one((i) => c.requestBody(i));
    case 'responseBody':
      return one((i) => c.responseBody(i));
    case 'contentType':
      return either(
        (i) => c.requestContentType(i),
        (i) => c.responseContentType(i),
      );
    case 'requestContentType':
      return one((i) => c.requestContentType(i));
    case 'responseContentType':
      return one((i) => c.responseContentType(i));
  }
}
