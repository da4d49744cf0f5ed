/**
 * Captures on disk: `DATA_DIR/captures/<id>.jsonl` (one Flow per line, from
 * the built-in recorder) or `<id>.mitm`, `<id>.1.mitm`, … (mitmdump's flow
 * files, one per HTTP entrypoint, or one a benchmark dropped there).
 *
 * Each file is read incrementally and only once: its bytes are read in
 * chunks, parsed in slices of a few milliseconds (the event loop keeps
 * serving between them), and indexed: per flow, where its record lies in
 * the file and its start time (typed arrays), a hash of its id, and its
 * summary (UTF-8 outside the heap, compressed by blocks: `FlowTexts`); about
 * 100 bytes per flow, so 1,000,000 flows index in tens of MB. Flows are not kept: an answer reads them back from the file
 * by their offsets (a summary answer sends the kept summaries, as rows or
 * made into objects). A file that grows
 * (a recorder or mitmdump still writing) is read from where the last read
 * stopped; one that shrank, changed identity or whose last bytes read
 * changed (rewritten in place) is read again from the start, as a new
 * "generation".
 *
 * Answers stream while a parse runs: the flows parsed so far are sent at
 * once, then the request follows the parse until it ends. Concurrent
 * requests share the one parse. Every answer ends with a cursor (per file:
 * generation and bytes read, in write order); `?since=<cursor>` answers
 * only the flows written after it, plus the recorder's open flows.
 *
 * This file is the store (which files an instance has, their generations,
 * cursors, the memory budget); `captureFile.ts` reads one file,
 * `trafficAnswer.ts` streams an answer, `flowTexts.ts` keeps the summaries.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Flow } from '../../shared/schemas';
import { CaptureFile } from './captureFile';
import { flowChunk } from './flowTexts';
import { flowsOf, StreamedAnswer, type Part } from './trafficAnswer';
import { flowSummary } from '../../shared/capture/summary';
import { summaryRowOrObject } from '../../shared/capture/summaryRows';
import type { TrafficAnswer, TrafficView } from './types';

// Moved out of this file; still importable from here.
export { FlowTexts, flowChunk } from './flowTexts';
export { CaptureFile } from './captureFile';
export { answerFromFlows, flowsOf } from './trafficAnswer';

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export const DEFAULT_MAX_CAPTURED_FLOWS = 200_000;
/**
 * Capture indexes (summaries and offsets, about 100 bytes per flow) kept
 * in memory; past this, the files used least recently (and not being read)
 * are forgotten and indexed again when asked for (their cursors then answer
 * the whole capture).
 */
export const DEFAULT_CACHE_BYTES = 128 << 20;

const CURSOR = /^v1\.([a-z0-9]+)((?:\.(?:m\d*|j)-\d{1,9}-\d{1,15})*)$/;

function fileKey(id: string, name: string): string {
  if (name === `${id}.jsonl`) return 'j';
  if (name === `${id}.mitm`) return 'm';
  return `m${name.slice(id.length + 1, -'.mitm'.length)}`;
}

export class CaptureStore {
  readonly dir: string;
  /** changes with every store (server start): cursors of an earlier run are unknown */
  private readonly epoch = randomBytes(5).toString('hex');
  private generations = 0;
  private readonly files = new Map<string, CaptureFile>();
  private uses = 0;
  private readonly pending = new Map<string, string[]>();
  private readonly appended = new Map<string, number>();

  constructor(
    dataDir: string,
    private readonly maxBodyBytes = Infinity,
    private readonly maxFlows = DEFAULT_MAX_CAPTURED_FLOWS,
    private readonly cacheBytes = DEFAULT_CACHE_BYTES,
  ) {
    this.dir = join(dataDir, 'captures');
    mkdirSync(this.dir, { recursive: true });
  }

  jsonlPath(id: string): string {
    return join(this.dir, `${id}.jsonl`);
  }

  mitmPath(id: string, extra?: number): string {
    return join(this.dir, extra ? `${id}.${extra}.mitm` : `${id}.mitm`);
  }

  /** an empty capture: the API then serves `{flows: []}`, not `{}` */
  create(id: string): void {
    writeFileSync(this.jsonlPath(id), '', { flag: 'a' });
    this.appended.set(id, 0);
  }

  /**
   * Queues a flow; a burst is written with one append on the next turn.
   * Past the cap, flows are dropped (the answer then says `truncated`).
   */
  append(id: string, flow: Flow): void {
    const count = (this.appended.get(id) ?? 0) + 1;
    this.appended.set(id, count);
    if (count > this.maxFlows) return;
    const queued = this.pending.get(id);
    if (queued) {
      queued.push(JSON.stringify(flow));
      return;
    }
    this.pending.set(id, [JSON.stringify(flow)]);
    setImmediate(() => this.flush(id));
  }

  /**
   * Writes the queued flows of `id` now (reads and stops call it first). A
   * file already indexed is read on from where it was, so its summaries are
   * up to date as flows are recorded, not when the next answer asks.
   */
  flush(id: string): void {
    const queued = this.pending.get(id);
    if (!queued) return;
    this.pending.delete(id);
    const path = this.jsonlPath(id);
    try {
      appendFileSync(path, queued.join('\n') + '\n');
    } catch (err) {
      console.error(`[runtime] could not write the capture of ${id}:`, err);
      return;
    }
    const indexed = this.files.get(path);
    if (indexed && !indexed.stale) void indexed.refresh();
  }

  /** Forgets the least recently used files (never `keep`, never one being read) past the budget. */
  private evict(keep: CaptureFile): void {
    let total = 0;
    for (const file of this.files.values()) total += file.bytes;
    if (total <= this.cacheBytes) return;
    const idle = [...this.files.entries()]
      .filter(([, file]) => file !== keep && !file.updating)
      .sort(([, a], [, b]) => a.usedAt - b.usedAt);
    for (const [path, file] of idle) {
      if (total <= this.cacheBytes) break;
      this.files.delete(path);
      total -= file.bytes;
    }
  }

  /** Whether a file of `id` is being read now (a parse in progress). */
  reading(id: string): boolean {
    for (const file of this.files.values())
      if (file.updating && file.path.startsWith(join(this.dir, `${id}.`))) return true;
    return false;
  }

  /** Bytes the indexes of all known files hold (summaries and offsets; no flow is kept). */
  get heldBytes(): number {
    let total = 0;
    for (const file of this.files.values()) total += file.bytes;
    return total;
  }

  /** Flows indexed in all known files. */
  get heldFlows(): number {
    let total = 0;
    for (const file of this.files.values()) total += file.length;
    return total;
  }

  /** How many file generations were read from the start (one per file, plus one per rewrite). */
  get generationCount(): number {
    return this.generations;
  }

  /** The capture files of `id`: its `.mitm` files if any, else its `.jsonl`. */
  private async names(id: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const mitm = names
      .filter(
        (n) =>
          n === `${id}.mitm` ||
          (n.startsWith(`${id}.`) && /^[1-9]\d{0,5}\.mitm$/.test(n.slice(id.length + 1))),
      )
      .sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    return mitm.length > 0 ? mitm : names.filter((n) => n === `${id}.jsonl`);
  }

  /** The current generation of a capture file, its reading started; null when it is gone. */
  private async current(name: string): Promise<CaptureFile | null> {
    const path = join(this.dir, name);
    let st;
    try {
      st = await stat(path);
    } catch {
      return null;
    }
    if (!st.isFile()) return null;
    const identity = { ino: st.ino, dev: st.dev, size: st.size, mtimeMs: st.mtimeMs };
    const known = this.files.get(path);
    // grown: appended to, or rewritten longer (then the bytes read last differ)
    if (known && !known.updating && identity.size > known.seen.size && !(await known.unchanged()))
      known.stale = true;
    // no await between this look-up and the set: concurrent requests share one file
    let file = this.files.get(path);
    if (file && !file.updating && file.replacedBy(identity)) file = undefined;
    if (!file) {
      file = new CaptureFile(
        path,
        name.endsWith('.mitm') ? 'mitm' : 'jsonl',
        ++this.generations,
        identity,
        this.maxBodyBytes,
        this.maxFlows,
      );
      this.files.set(path, file);
    }
    file.usedAt = ++this.uses;
    this.evict(file);
    if (identity.size !== file.seen.size || file.seen.size === 0) void file.refresh();
    return file;
  }

  /**
   * The capture of `id` as an answer to stream, or null when there is no
   * capture file and no open flow. `live` (the recorder's open flows, read
   * in the same turn as the queued flows were flushed) is sent first, so a
   * flow that ends meanwhile is sent again, finished, after its open state.
   */
  async answer(
    id: string,
    since: string | undefined,
    live: Flow[] = [],
    view: TrafficView = 'full',
  ): Promise<TrafficAnswer | null> {
    if (!SAFE_ID.test(id)) return null;
    const names = await this.names(id);
    const found = await Promise.all(
      names.map(async (name) => ({ key: fileKey(id, name), file: await this.current(name) })),
    );
    const files = found.filter((f): f is { key: string; file: CaptureFile } => f.file !== null);
    if (files.length === 0 && live.length === 0) return null;
    const starts = since === undefined ? null : this.deltaStarts(since, files);
    const parts: Part[] = files.map(({ key, file }) => {
      const offset = starts?.get(key);
      return { key, file, from: offset === undefined ? 0 : file.indexAfter(offset) };
    });
    return new StreamedAnswer(
      starts ? since! : null,
      `v1.${this.epoch}`,
      live.length === 0
        ? null
        : view === 'summary-rows'
          ? flowChunk(
              live.map((flow) => summaryRowOrObject(flow)),
              true,
            )
          : flowChunk(view === 'summary' ? live.map((flow) => flowSummary(flow)) : live),
      parts,
      (this.appended.get(id) ?? 0) > this.maxFlows,
      view,
    );
  }

  /** The last flow of `id` with this id, read back from its file; null when there is none. */
  async flow(id: string, flowId: string): Promise<Flow | null> {
    if (!SAFE_ID.test(id)) return null;
    const names = await this.names(id);
    const files = await Promise.all(names.map((name) => this.current(name)));
    for (const file of files.reverse()) {
      if (!file) continue;
      if (file.updating) await file.refresh();
      const flow = await file.flowById(flowId);
      if (flow) return flow;
    }
    return null;
  }

  /**
   * Per file key, the byte offset a cursor reached; null when the cursor
   * is not one of this store's or no longer matches the files (one is gone,
   * was rewritten, or is shorter than the cursor says).
   */
  private deltaStarts(
    since: string,
    files: { key: string; file: CaptureFile }[],
  ): Map<string, number> | null {
    const match = CURSOR.exec(since);
    if (!match || match[1] !== this.epoch) return null;
    const starts = new Map<string, number>();
    for (const entry of match[2]!.split('.').slice(1)) {
      const [key, generation, offset] = entry.split('-') as [string, string, string];
      const file = files.find((f) => f.key === key)?.file;
      if (!file || file.generation !== Number(generation) || Number(offset) > file.consumed)
        return null;
      starts.set(key, Number(offset));
    }
    return starts;
  }

  /** Every flow of the instance, or null when there is no capture file (tests, tools). */
  async read(id: string): Promise<Flow[] | null> {
    return flowsOf(await this.answer(id, undefined));
  }
}
