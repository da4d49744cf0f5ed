/**
 * The capture held by the worker: validated flows, their row summaries, the
 * current filter and sort, and lazily decoded bodies for `~b` filters.
 * Plain code with no worker globals, so it is unit-tested directly.
 */
import { FlowSchema, type Flow } from '../../../api/schemas';
import { flowUrl, harToFlows, parseMitmFile } from '../../../lib/capture';
import { CaptureFormatError, parseCaptureJson } from '../../../lib/capture/captureJson';
import { decodeBody } from '../body/contentDecode';
import { decodeText, headerValue, parseContentType } from '../body/decode';
import {
  FLOW_FLAG,
  matchFlows,
  NO_STATUS,
  NumberedNames,
  type FlowColumns,
} from '../filter/evaluate';
import { FilterSyntaxError, parseFilter, type FilterNode } from '../filter/parse';
import { sortIndices, summarizeFlow, type FlowRow, type SortSpec } from './rows';
import { UrlText } from './urlText';

export const FIRST_CHUNK = 1_000;
export const CHUNK = 10_000;

/** What a loaded document turned out to be, before its flows are validated. */
export type ParsedDocument =
  | { kind: 'empty' }
  | { kind: 'flows'; raw: unknown[]; truncated: boolean; warnings: string[]; validated: boolean };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A ctfy traffic document (`GET /instances/{id}/traffic`): `{}` or `ctfy-traffic/1`. */
export function parseTrafficDocument(json: unknown): ParsedDocument {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CaptureFormatError(`The capture is ${describe(json)}, not a JSON object.`);
  }
  const doc = json as Record<string, unknown>;
  if (Object.keys(doc).length === 0) return { kind: 'empty' };
  if (doc.format !== 'ctfy-traffic/1') {
    throw new CaptureFormatError(
      `The capture has format ${JSON.stringify(doc.format ?? null)}; expected "ctfy-traffic/1".`,
    );
  }
  if (!Array.isArray(doc.flows)) {
    throw new CaptureFormatError(`The capture's "flows" is ${describe(doc.flows)}, not a list.`);
  }
  return {
    kind: 'flows',
    raw: doc.flows,
    truncated: doc.truncated === true,
    warnings: [],
    validated: false,
  };
}

/** A file the user opened: ctfy JSON, HAR, or a mitmproxy dump (`.mitm`/`.flows`). */
export function parseCaptureFile(bytes: Uint8Array, name: string): ParsedDocument {
  let first = 0;
  while (
    first < bytes.length &&
    (bytes[first] === 0x20 ||
      bytes[first] === 0x0a ||
      bytes[first] === 0x0d ||
      bytes[first] === 0x09 ||
      bytes[first] === 0xef ||
      bytes[first] === 0xbb ||
      bytes[first] === 0xbf)
  )
    first++;
  const lower = name.toLowerCase();
  if (bytes[first] === 0x7b || lower.endsWith('.har') || lower.endsWith('.json')) {
    const json = parseCaptureJson(bytes);
    if (json && typeof json === 'object' && 'log' in json) {
      try {
        const { flows, warnings } = harToFlows(json);
        return { kind: 'flows', raw: flows, truncated: false, warnings, validated: false };
      } catch (e) {
        throw new CaptureFormatError(`Not a valid HAR file: ${e instanceof Error ? e.message : e}`);
      }
    }
    return parseTrafficDocument(json);
  }
  if (bytes.length === 0) throw new CaptureFormatError('The file is empty.');
  try {
    const { flows, warnings } = parseMitmFile(bytes);
    if (flows.length === 0 && warnings.length > 0) throw new Error(warnings.join('; '));
    return { kind: 'flows', raw: flows, truncated: false, warnings, validated: false };
  } catch (e) {
    throw new CaptureFormatError(
      `Not a mitmproxy capture, HAR or ctfy JSON file: ${e instanceof Error ? e.message : e}`,
    );
  }
}

export function decodeCaptureBytes(bytes: Uint8Array): ParsedDocument {
  return parseTrafficDocument(parseCaptureJson(bytes));
}

/** Validates one raw flow; a failure names the flow and the field. */
export function validateFlow(raw: unknown, index: number): { flow: Flow } | { problem: string } {
  const parsed = FlowSchema.safeParse(raw);
  // The schema has no transforms or defaults, so a valid raw flow is the same
  // data; keeping it instead of zod's copy halves what 100,000 flows allocate.
  if (parsed.success) return { flow: raw as Flow };
  const issue = parsed.error.issues[0];
  const where = ['flows', index, ...(issue?.path ?? [])]
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
  return { problem: `${where}: ${issue?.message ?? 'invalid'}` };
}

export interface ViewResult {
  indices: Int32Array;
  total: number;
}

function flagsOf(flow: Flow): number {
  return (
    (flow.error ? FLOW_FLAG.error : 0) |
    (flow.response ? FLOW_FLAG.response : 0) |
    (flow.websocket ? FLOW_FLAG.websocket : 0) |
    (flow.type === 'http' ? FLOW_FLAG.http : 0) |
    (flow.type === 'tcp' ? FLOW_FLAG.tcp : 0)
  );
}

/** Cheap fingerprint of the parts of a flow that change while it is in progress. */
function progressKey(raw: unknown): string {
  const f = raw as {
    response?: { status_code?: unknown; timestamp_end?: unknown } | null;
    error?: { msg?: unknown } | null;
    websocket?: { messages?: unknown[]; close_code?: unknown } | null;
  };
  return `${String(f.response?.status_code)}|${String(f.response?.timestamp_end)}|${String(f.error?.msg)}|${f.websocket?.messages?.length ?? -1}|${String(f.websocket?.close_code)}`;
}

export class TrafficStore implements FlowColumns {
  flows: Flow[] = [];
  rows: FlowRow[] = [];
  /** the flows' URLs, flattened (for filters) */
  urls: string[] = [];
  /** the URLs again, case-folded in blocks of text (for plain-text filters) */
  private urlText = new UrlText();
  /** FLOW_FLAG bits per flow (for filters) */
  flags: number[] = [];
  /** status per flow, NO_STATUS without a response (for filters) */
  statuses: number[] = [];
  /** methods and hosts, numbered (for filters) */
  methods = new NumberedNames();
  hosts = new NumberedNames();
  private progress: string[] = [];
  private byId = new Map<string, number>();
  private headerCache = new Map<number, [string, string]>();
  private bodyCache = new Map<number, [string, string]>();
  private sortCache: { spec: string; count: number; order: Int32Array } | null = null;
  filter: FilterNode | null = null;
  /** the expression `filter` was parsed from */
  filterText = '';
  sort: SortSpec = { key: 'time', descending: false };
  problems: string[] = [];

  reset(): void {
    this.flows = [];
    this.rows = [];
    this.urls = [];
    this.urlText = new UrlText();
    this.flags = [];
    this.statuses = [];
    this.methods = new NumberedNames();
    this.hosts = new NumberedNames();
    this.progress = [];
    this.byId.clear();
    this.headerCache.clear();
    this.bodyCache.clear();
    this.sortCache = null;
    this.problems = [];
  }

  /**
   * Adds or updates flows from `raw[start..end)`. Returns the rows appended
   * and the rows whose flow changed (an in-progress flow got its response).
   */
  ingest(
    raw: unknown[],
    start: number,
    end: number,
    /** position of `raw[0]` in the whole document (for messages naming a flow) */
    base = 0,
  ): { added: FlowRow[]; updated: FlowRow[] } {
    const added: FlowRow[] = [];
    const updated: FlowRow[] = [];
    for (let i = start; i < end && i < raw.length; i++) {
      const item = raw[i];
      const id = (item as { id?: unknown } | null)?.id;
      const known = typeof id === 'string' ? this.byId.get(id) : undefined;
      const key = progressKey(item);
      if (known !== undefined && this.progress[known] === key) continue;
      const result = validateFlow(item, base + i);
      if ('problem' in result) {
        this.problems.push(result.problem);
        continue;
      }
      const flow = result.flow;
      if (known !== undefined) {
        this.flows[known] = flow;
        this.progress[known] = key;
        this.rows[known] = summarizeFlow(flow, known);
        this.setColumns(known, flow, this.rows[known]);
        this.headerCache.delete(known);
        this.bodyCache.delete(known);
        this.sortCache = null;
        updated.push(this.rows[known]);
        continue;
      }
      const index = this.flows.length;
      this.flows.push(flow);
      this.progress.push(key);
      const row = summarizeFlow(flow, index);
      this.rows.push(row);
      this.setColumns(index, flow, row);
      this.byId.set(flow.id, index);
      added.push(row);
    }
    if (added.length) this.sortCache = null;
    return { added, updated };
  }

  /** The filter columns of the flow at `index` (the next one or a known one). */
  private setColumns(index: number, flow: Flow, row: FlowRow) {
    const url = flowUrl(flow.request);
    this.urls[index] = url;
    // folding reads the URL with a regular expression, which also flattens the
    // concatenated string in place: the first regex filter over 100,000 URLs
    // would otherwise pay for that (several times the cost of the next ones)
    this.urlText.set(index, url);
    this.flags[index] = flagsOf(flow);
    this.statuses[index] = row.status ?? NO_STATUS;
    this.methods.set(index, row.method);
    this.hosts.set(index, row.host);
  }

  /** Sets the filter; throws FilterSyntaxError (the previous filter stays). */
  setFilter(expression: string): void {
    this.filter = parseFilter(expression);
    this.filterText = expression;
  }

  setSort(sort: SortSpec): void {
    this.sort = sort;
  }

  private sortedOrder(): Int32Array {
    const spec = `${this.sort.key}:${this.sort.descending}`;
    if (
      this.sortCache &&
      this.sortCache.spec === spec &&
      this.sortCache.count === this.rows.length
    ) {
      return this.sortCache.order;
    }
    const order = sortIndices(this.rows, this.sort);
    this.sortCache = { spec, count: this.rows.length, order };
    return order;
  }

  /** The current filter and sort over all flows. */
  view(): ViewResult {
    const order = this.sortedOrder();
    if (!this.filter) return { indices: order.slice(), total: this.rows.length };
    const matches = matchFlows(this.filter, this, this.rows.length);
    let count = 0;
    for (let i = 0; i < matches.length; i++) count += matches[i]!;
    // the answer is handed to the page: exactly as long as it needs to be
    const out = new Int32Array(count);
    let n = 0;
    for (let i = 0; i < order.length; i++) {
      const index = order[i]!;
      if (matches[index] === 1) out[n++] = index;
    }
    return { indices: out, total: this.rows.length };
  }

  private headers(index: number): [string, string] {
    let cached = this.headerCache.get(index);
    if (!cached) {
      const flow = this.flows[index]!;
      const join = (h: [string, string][] | undefined) =>
        (h ?? []).map(([k, v]) => `${k}: ${v}`).join('\n');
      cached = [join(flow.request.headers), join(flow.response?.headers)];
      this.headerCache.set(index, cached);
    }
    return cached;
  }

  private bodies(index: number): [string, string] {
    let cached = this.bodyCache.get(index);
    if (!cached) {
      const flow = this.flows[index]!;
      const asText = (headers: [string, string][], decoded: Uint8Array) =>
        decodeText(decoded, parseContentType(headerValue(headers, 'content-type')).charset).text;
      const req = decodeBody(flow.request.content, flow.request.headers);
      const res = flow.response ? decodeBody(flow.response.content, flow.response.headers) : null;
      let reqText = asText(flow.request.headers, req.decoded);
      let resText = res ? asText(flow.response!.headers, res.decoded) : '';
      for (const m of flow.websocket?.messages ?? []) {
        const text = decodeBody(m.content, []).decoded;
        const str = new TextDecoder().decode(text);
        if (m.from_client) reqText += `\n${str}`;
        else resText += `\n${str}`;
      }
      cached = [reqText, resText];
      this.bodyCache.set(index, cached);
    }
    return cached;
  }

  findInUrls(text: string, hits: Uint8Array): void {
    this.urlText.find(text, hits);
  }

  requestContentType(index: number): string {
    return headerValue(this.flows[index]!.request.headers, 'content-type') ?? '';
  }

  responseContentType(index: number): string {
    const res = this.flows[index]!.response;
    return res ? (headerValue(res.headers, 'content-type') ?? '') : '';
  }

  requestHeaders(index: number): string {
    return this.headers(index)[0];
  }

  responseHeaders(index: number): string {
    return this.headers(index)[1];
  }

  requestBody(index: number): string {
    return this.bodies(index)[0];
  }

  responseBody(index: number): string {
    return this.bodies(index)[1];
  }

  details(index: number) {
    const flow = this.flows[index];
    if (!flow) return null;
    return {
      flow,
      request: decodeBody(flow.request.content, flow.request.headers),
      response: flow.response ? decodeBody(flow.response.content, flow.response.headers) : null,
    };
  }

  flowsAt(indices: Int32Array | number[]): Flow[] {
    const out: Flow[] = [];
    for (const i of indices) {
      const f = this.flows[i];
      if (f) out.push(f);
    }
    return out;
  }
}

export { FilterSyntaxError };
