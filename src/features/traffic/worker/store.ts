/**
 * The capture held by the worker: validated flows, their row summaries and
 * filter columns, the current filter and sort, and the view they give.
 * Plain code with no worker globals, so it is unit-tested directly.
 */
import { FlowSchema, type Flow } from '@shared/schemas';
import { decodeBody } from '@shared/capture/contentDecode';
import type { DecodedBody } from '@shared/capture/decode';
import { FlowColumnStore } from '@shared/capture/filter/columnStore';
import { matchFlows } from '@shared/capture/filter/evaluate';
import { parseFilter, type FilterNode } from '@shared/capture/filter/parse';
import { collectFlags } from '../flags/collect';
import { compileFlagPattern, DEFAULT_FLAG_PATTERN } from '@shared/capture/filter/flagPattern';
import { buildSiteTree } from '../sitemap/siteTree';
import { binTimeline } from '../timeline/bins';
import { sortIndices, summarizeFlow, type FlowRow, type SortSpec, type TimeRange } from './rows';

export const FIRST_CHUNK = 1_000;
export const CHUNK = 10_000;
/** whole flows kept for rows listed from summaries, most recently opened first */
export const OPENED_FLOWS_KEPT = 64;

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

/**
 * Cheap fingerprint of the parts of a flow that change while it is in
 * progress. A summary and its whole flow have the same one (a summary counts
 * its WebSocket messages in `message_count`).
 */
function progressKey(raw: unknown): string {
  const f = raw as {
    response?: { status_code?: unknown; timestamp_end?: unknown } | null;
    error?: { msg?: unknown } | null;
    websocket?: { messages?: unknown[]; message_count?: unknown; close_code?: unknown } | null;
  };
  const ws = f.websocket;
  const messages =
    typeof ws?.message_count === 'number' ? ws.message_count : (ws?.messages?.length ?? -1);
  return `${String(f.response?.status_code)}|${String(f.response?.timestamp_end)}|${String(f.error?.msg)}|${messages}|${String(ws?.close_code)}`;
}

/** What `details` answers for a row listed from a summary whose whole flow is not here. */
export interface WholeFlowNeeded {
  needs: string;
}

/** A whole flow with its bodies decoded. */
export interface FlowDetailsOf {
  flow: Flow;
  request: DecodedBody;
  response: DecodedBody | null;
}

export class TrafficStore {
  flows: Flow[] = [];
  rows: FlowRow[] = [];
  /** what filters read of the flows */
  columns = this.newColumns();
  private progress: string[] = [];
  /**
   * `flows[i]` is a summary (`view: "summary"`): no bodies, headers cut to
   * Content-Type. The list, timeline, site map and most filters read it as
   * it is; bodies and headers come from the whole flow (see `details`,
   * `hydrate`).
   */
  private isSummary: boolean[] = [];
  /** how many of `flows` are summaries */
  summaryCount = 0;
  /** whole flows of summary rows opened lately (id → flow), least recent first */
  private opened = new Map<string, Flow>();
  private byId = new Map<string, number>();
  private sortCache: { spec: string; count: number; order: Int32Array } | null = null;
  /** the filter expression the view answers (the last valid one) */
  filter = '';
  /** `filter`, parsed (null: every flow) */
  filterNode: FilterNode | null = null;
  sort: SortSpec = { key: 'time', descending: false };
  /** flows started in this range only (null: all) */
  range: TimeRange | null = null;
  problems: string[] = [];
  /** the competition's flag pattern (global): `~flag` and the Flags panel */
  flagPattern = new RegExp(DEFAULT_FLAG_PATTERN, 'gu');

  private newColumns() {
    return new FlowColumnStore((index) => this.flows[index]!);
  }

  reset(): void {
    this.flows = [];
    this.rows = [];
    this.columns = this.newColumns();
    this.progress = [];
    this.isSummary = [];
    this.summaryCount = 0;
    this.opened.clear();
    this.byId.clear();
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
    /** the document said `view: "summary"`: these are summaries */
    summaries = false,
    /** every flow was checked already (made from a summary row by its reader) */
    checked = false,
  ): { added: FlowRow[]; updated: FlowRow[] } {
    const added: FlowRow[] = [];
    const updated: FlowRow[] = [];
    for (let i = start; i < end && i < raw.length; i++) {
      const item = raw[i];
      const id = (item as { id?: unknown } | null)?.id;
      const known = typeof id === 'string' ? this.byId.get(id) : undefined;
      const key = progressKey(item);
      if (known !== undefined && this.progress[known] === key) continue;
      const result = checked ? { flow: item as Flow } : validateFlow(item, base + i);
      if ('problem' in result) {
        this.problems.push(result.problem);
        continue;
      }
      const flow = result.flow;
      if (known !== undefined) {
        this.flows[known] = flow;
        this.progress[known] = key;
        this.markSummary(known, summaries);
        this.rows[known] = summarizeFlow(flow, known);
        this.columns.set(known, flow);
        this.sortCache = null;
        updated.push(this.rows[known]);
        continue;
      }
      const index = this.flows.length;
      this.flows.push(flow);
      this.progress.push(key);
      this.isSummary.push(false);
      this.markSummary(index, summaries);
      const row = summarizeFlow(flow, index);
      this.rows.push(row);
      this.columns.set(index, flow);
      this.byId.set(flow.id, index);
      added.push(row);
    }
    if (added.length) this.sortCache = null;
    return { added, updated };
  }

  private markSummary(index: number, summary: boolean) {
    if (this.isSummary[index] === summary) return;
    this.isSummary[index] = summary;
    this.summaryCount += summary ? 1 : -1;
  }

  /**
   * Whole flows for rows listed from summaries (the whole document, or
   * flows fetched one by one): each replaces its summary when it is the same
   * state of the flow (a flow that changed since waits for its next summary
   * or fetch). Unknown flows are left to the list's own loads. Rows do not
   * change. Returns how many summaries were replaced.
   */
  hydrate(raw: unknown[]): number {
    let replaced = 0;
    for (let i = 0; i < raw.length; i++) {
      const item = raw[i];
      const id = (item as { id?: unknown } | null)?.id;
      const known = typeof id === 'string' ? this.byId.get(id) : undefined;
      if (known === undefined || !this.isSummary[known]) continue;
      if (progressKey(item) !== this.progress[known]) continue;
      const result = validateFlow(item, i);
      if ('problem' in result) continue;
      this.flows[known] = result.flow;
      this.columns.set(known, result.flow);
      this.markSummary(known, false);
      replaced++;
    }
    return replaced;
  }

  /**
   * Ids of the flows at `indices` (null: all) held only as summaries, at
   * most `limit + 1` of them (more than `limit`: ask for the whole document).
   */
  /** The store index of the flow with this id (undefined: none); an index never moves. */
  indexOfId(id: string): number | undefined {
    return this.byId.get(id);
  }

  summaryIds(indices: Int32Array | null, limit: number): string[] {
    const out: string[] = [];
    if (this.summaryCount === 0) return out;
    const count = indices ? indices.length : this.flows.length;
    for (let k = 0; k < count && out.length <= limit; k++) {
      const i = indices ? indices[k]! : k;
      if (this.isSummary[i]) out.push(this.flows[i]!.id);
    }
    return out;
  }

  /**
   * A whole flow fetched for the summary row at `index` (its details were
   * asked for): kept among the last `OPENED_FLOWS_KEPT` opened. Returns a
   * problem when it is not a valid flow or not that row's flow.
   */
  putOpened(index: number, raw: unknown): string | null {
    const row = this.rows[index];
    if (!row) return null;
    const result = validateFlow(raw, index);
    if ('problem' in result) return `The platform sent a malformed flow: ${result.problem}`;
    if (result.flow.id !== row.id) return 'The platform sent another flow than the one asked for.';
    this.opened.delete(row.id);
    this.opened.set(row.id, result.flow);
    while (this.opened.size > OPENED_FLOWS_KEPT) {
      const oldest = this.opened.keys().next().value as string;
      this.opened.delete(oldest);
    }
    return null;
  }

  /** The whole flow at `index`; `undefined` when only its summary is here. */
  private wholeFlowAt(index: number): Flow | null | undefined {
    const flow = this.flows[index];
    if (!flow) return null;
    if (!this.isSummary[index]) return flow;
    const opened = this.opened.get(flow.id);
    // a flow opened before it changed (a live update) is asked for again
    if (!opened || progressKey(opened) !== this.progress[index]) return undefined;
    this.opened.delete(flow.id);
    this.opened.set(flow.id, opened);
    return opened;
  }

  /** Sets the filter; throws FilterSyntaxError (the previous filter stays). */
  setFilter(filter: string): void {
    this.filterNode = parseFilter(filter, { flagPattern: this.flagPattern });
    this.filter = filter;
  }

  /**
   * Sets the flag pattern (an invalid one is refused, the page checked it
   * first); the current filter is read again with it (`~flag`).
   */
  setFlagPattern(source: string): boolean {
    const compiled = compileFlagPattern(source);
    if (!compiled.ok) return false;
    this.flagPattern = compiled.pattern;
    this.filterNode = parseFilter(this.filter, { flagPattern: this.flagPattern });
    return true;
  }

  /** Hosts and path segments with counts and status mixes. */
  siteTree() {
    return buildSiteTree(this.rows);
  }

  /** Each distinct flag in the capture and the flows it appears in. */
  flags() {
    return collectFlags(this.columns, this.rows.length, this.flagPattern);
  }

  setSort(sort: SortSpec): void {
    this.sort = sort;
  }

  setRange(range: TimeRange | null): void {
    this.range = range;
  }

  /** Requests over time, stacked by status class. */
  timeline(bins: number) {
    return binTimeline(this.rows, bins);
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

  /**
   * The current filter and sort over all flows; `filtered`: the filter's
   * matches, found elsewhere (1 per flow index; over a local file's records).
   */
  view(filtered?: Uint8Array): ViewResult {
    const order = this.sortedOrder();
    if (!this.filterNode && !this.range) return { indices: order.slice(), total: this.rows.length };
    const matches = filtered
      ? filtered.slice(0, this.rows.length)
      : matchFlows(this.filterNode, this.columns, this.rows.length);
    if (this.range) {
      const { from, to } = this.range;
      const rows = this.rows;
      for (let i = 0; i < matches.length; i++) {
        const t = rows[i]!.time;
        if (t < from || t >= to) matches[i] = 0;
      }
    }
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

  details(index: number): FlowDetailsOf | WholeFlowNeeded | null {
    const flow = this.wholeFlowAt(index);
    if (flow === null) return null;
    if (flow === undefined) return { needs: this.flows[index]!.id };
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
