import { FLOW_FLAG, type FlowColumns } from './columns';
import type { NumberedNames } from './numberedNames';
import { isPlainAscii } from './urlText';
import type { FilterField, FilterNode } from './parse';

function test(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

/** 1 per flow that is in `within` (every flow when null) and has `bits` set (or clear). */
function flagPass(
  flags: readonly number[],
  bits: number,
  set: boolean,
  within: Uint8Array | null,
  out: Uint8Array,
): Uint8Array {
  for (let i = 0; i < out.length; i++) {
    const has = (flags[i]! & bits) !== 0 ? 1 : 0;
    out[i] = (set ? has : has ^ 1) & (within ? within[i]! : 1);
  }
  return out;
}

/** A pattern over a numbered column: tested once per distinct name. */
function namePass(
  re: RegExp,
  { ids, names }: NumberedNames,
  within: Uint8Array | null,
  out: Uint8Array,
): Uint8Array {
  const matching = new Uint8Array(names.length);
  for (let n = 0; n < names.length; n++) matching[n] = test(re, names[n]!) ? 1 : 0;
  for (let i = 0; i < out.length; i++) out[i] = matching[ids[i]!]! & (within ? within[i]! : 1);
  return out;
}

/** Where the text fields of a flow are read from: one side, or either side. */
type TextReader = (c: FlowColumns, index: number) => string;
const TEXT_FIELDS: Record<Exclude<FilterField, 'url' | 'method' | 'domain'>, TextReader[]> = {
  header: [(c, i) => c.requestHeaders(i), (c, i) => c.responseHeaders(i)],
  requestHeader: [(c, i) => c.requestHeaders(i)],
  responseHeader: [(c, i) => c.responseHeaders(i)],
  body: [(c, i) => c.requestBody(i), (c, i) => c.responseBody(i)],
  requestBody: [(c, i) => c.requestBody(i)],
  responseBody: [(c, i) => c.responseBody(i)],
  contentType: [(c, i) => c.requestContentType(i), (c, i) => c.responseContentType(i)],
  requestContentType: [(c, i) => c.requestContentType(i)],
  responseContentType: [(c, i) => c.responseContentType(i)],
  anyText: [
    (c, i) => c.urls[i] ?? '',
    (c, i) => c.requestHeaders(i),
    (c, i) => c.responseHeaders(i),
    (c, i) => c.requestBody(i),
    (c, i) => c.responseBody(i),
  ],
};

function matchPass(
  node: Extract<FilterNode, { kind: 'match' }>,
  c: FlowColumns,
  within: Uint8Array | null,
  out: Uint8Array,
): Uint8Array {
  const re = node.pattern;
  switch (node.field) {
    case 'url': {
      if (isPlainAscii(node.source)) {
        // plain text, the usual filter: one search over all URLs, not a regex per flow
        c.findInUrls(node.source, out);
        if (within) for (let i = 0; i < out.length; i++) out[i] = out[i]! & within[i]!;
        return out;
      }
      const { urls } = c;
      for (let i = 0; i < out.length; i++)
        out[i] = (!within || within[i] === 1) && test(re, urls[i]!) ? 1 : 0;
      return out;
    }
    case 'method':
      return namePass(re, c.methods, within, out);
    case 'domain':
      return namePass(re, c.hosts, within, out);
  }
  // headers, bodies and content types are costly: read only for flows still in question
  const readers = TEXT_FIELDS[node.field];
  for (let i = 0; i < out.length; i++) {
    if (within && within[i] === 0) continue;
    out[i] = readers.some((read) => test(re, read(c, i))) ? 1 : 0;
  }
  return out;
}

/**
 * Which of the first `count` flows match: 1 per matching flow. Each node is
 * one pass over a column (a tight loop over small integers), so a keystroke
 * over 100,000 flows runs no function per flow, and a filter never seen
 * before does not throw away the optimised code of the last one. `within`
 * limits a pass to the flows still in question: in `a & b`, `b` only reads
 * what `a` kept, so costly fields (bodies) are read as rarely as a
 * short-circuit `&&` would read them.
 */
export function matchFlows(
  node: FilterNode | null,
  c: FlowColumns,
  count: number,
  within: Uint8Array | null = null,
): Uint8Array {
  const out = new Uint8Array(count);
  if (!node) {
    if (within) out.set(within);
    else out.fill(1);
    return out;
  }
  switch (node.kind) {
    case 'and':
      return matchFlows(node.right, c, count, matchFlows(node.left, c, count, within));
    case 'or': {
      const left = matchFlows(node.left, c, count, within);
      const rest = new Uint8Array(count);
      for (let i = 0; i < count; i++) rest[i] = (left[i]! ^ 1) & (within ? within[i]! : 1);
      const right = matchFlows(node.right, c, count, rest);
      for (let i = 0; i < count; i++) out[i] = left[i]! | right[i]!;
      return out;
    }
    case 'not': {
      const inner = matchFlows(node.operand, c, count, within);
      for (let i = 0; i < count; i++) out[i] = (inner[i]! ^ 1) & (within ? within[i]! : 1);
      return out;
    }
    case 'status': {
      const { statuses } = c;
      const code = node.code;
      for (let i = 0; i < count; i++)
        out[i] = statuses[i] === code && (!within || within[i] === 1) ? 1 : 0;
      return out;
    }
    case 'flag':
      switch (node.flag) {
        case 'error':
          return flagPass(c.flags, FLOW_FLAG.error, true, within, out);
        case 'noResponse':
          return flagPass(c.flags, FLOW_FLAG.response, false, within, out);
        case 'hasResponse':
          return flagPass(c.flags, FLOW_FLAG.response, true, within, out);
        case 'http':
          return flagPass(c.flags, FLOW_FLAG.http | FLOW_FLAG.websocket, true, within, out);
        case 'websocket':
          return flagPass(c.flags, FLOW_FLAG.websocket, true, within, out);
        case 'tcp':
          return flagPass(c.flags, FLOW_FLAG.tcp, true, within, out);
        case 'all':
          return matchFlows(null, c, count, within);
      }
      return out;
    case 'match':
      return matchPass(node, c, within, out);
  }
}
