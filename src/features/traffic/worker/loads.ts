/**
 * How a capture comes into the worker's store: streamed from the API as it
 * downloads (read in slices, rows posted to the page in batches), or a whole
 * document (a file the user opened) ingested in chunks. A newer load always
 * takes over from an older one.
 */
import { formatCount, plural } from '@shared/format';
import { TrafficDocumentStream } from './documentStream';
import type { ParsedDocument } from './document';
import type { LocalDumpFlows } from './fileStream';
import type { FromWorker } from './protocol';
import type { FlowRow } from './rows';
import { CHUNK, FIRST_CHUNK, type TrafficStore } from './store';

export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/**
 * While a capture streams in, rows go to the page at most this often (the
 * first ones at once). Each update costs the page time in proportion to the
 * rows it has (the list's total size, the view), so a big capture is sent
 * in fewer, bigger steps: 150 ms at first, up to 1 s at 100,000 rows.
 */
export const ROWS_INTERVAL_MS = 150;
const SLICE_BYTES = 128 * 1024;
const FIRST_SLICE_BYTES = 16 * 1024;
export function rowsInterval(rowCount: number): number {
  return Math.min(1_000, Math.max(ROWS_INTERVAL_MS, rowCount / 100));
}

interface StreamLoad {
  loadId: number;
  refresh: boolean;
  reader: TrafficDocumentStream;
  /** rows not yet posted */
  added: FlowRow[];
  updated: FlowRow[];
  posted: boolean;
  lastPostAt: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/** User Timing in the worker's own timeline (DevTools shows it beside the page's). */
function mark(name: string) {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function')
    performance.mark(name);
}

/** The text of anything thrown. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class CaptureLoads {
  private currentLoad = 0;
  private stream: StreamLoad | null = null;

  constructor(
    private readonly store: TrafficStore,
    private readonly post: Post,
    private readonly now: () => number,
    /** after each batch of rows: post the view they change */
    private readonly afterRows: () => Promise<void>,
    /** once a streamed capture is read to its end */
    private readonly afterLoad: () => void,
  ) {}

  startStream(loadId: number, refresh: boolean) {
    if (!refresh) mark('worker: stream start');
    this.dropStream();
    this.currentLoad = loadId;
    if (!refresh) this.store.reset();
    this.store.problems = [];
    this.stream = {
      loadId,
      refresh,
      reader: new TrafficDocumentStream(),
      added: [],
      updated: [],
      posted: false,
      lastPostAt: this.now(),
      timer: null,
    };
  }

  cancelStream(loadId: number) {
    const load = this.stream;
    if (!load || load.loadId !== loadId) return;
    // rows already on the page stay; settle the load so nothing waits for it
    if (load.posted || load.added.length > 0 || load.updated.length > 0)
      this.postRows(load, true, false);
    this.dropStream();
  }

  private dropStream() {
    if (this.stream?.timer) clearTimeout(this.stream.timer);
    this.stream = null;
  }

  private ingestRaw(load: StreamLoad, raw: unknown[]) {
    if (raw.length === 0) return;
    const base = load.reader.count - raw.length;
    const { reader } = load;
    const summaries = reader.view === 'summary';
    const { added, updated } = this.store.ingest(
      raw,
      0,
      raw.length,
      base,
      summaries,
      reader.checked,
    );
    for (const row of added) load.added.push(row);
    for (const row of updated) load.updated.push(row);
  }

  streamChunk(loadId: number, bytes: Uint8Array) {
    const load = this.stream;
    if (!load || load.loadId !== loadId) return;
    if (load.reader.count === 0 && !load.posted) mark('worker: chunk before the first rows');
    // A chunk can hold megabytes (the bytes pile up while the worker starts):
    // read it in slices, so the first rows go out after the first slice.
    for (let from = 0; from < bytes.length;) {
      // the first slice is small: a few flows are enough for the first rows
      const size = load.posted || load.refresh ? SLICE_BYTES : FIRST_SLICE_BYTES;
      const slice = bytes.subarray(from, from + size);
      from += size;
      let raw: unknown[];
      try {
        raw = load.reader.push(slice);
      } catch (e) {
        this.endStream(loadId, messageOf(e));
        return;
      }
      this.ingestRaw(load, raw);
      this.schedulePost(load);
    }
  }

  /** The first rows go at once; later ones in batches, so the page is not flooded. */
  private schedulePost(load: StreamLoad) {
    if (load.added.length === 0 && load.updated.length === 0) return;
    // a first load shows its first rows at once; a live refresh (usually a few
    // flows) waits a little so that it lands in one update
    const since = load.posted || load.refresh ? load.lastPostAt : -Infinity;
    const wait = rowsInterval(this.store.rows.length) - (this.now() - since);
    if (wait <= 0) {
      this.postRows(load, false, false);
      return;
    }
    load.timer ??= setTimeout(() => {
      load.timer = null;
      if (this.stream === load) this.postRows(load, false, false);
    }, wait);
  }

  private postRows(
    load: StreamLoad,
    done: boolean,
    truncated: boolean,
    extra: { cursor?: string | null; warnings?: string[] } = {},
  ) {
    if (load.timer) {
      clearTimeout(load.timer);
      load.timer = null;
    }
    const warnings = [...(extra.warnings ?? []), ...problemWarnings(this.store.problems)];
    // a Live refresh that brought no row changes no view: the list is not sent again
    const changesView = !load.refresh || load.added.length > 0 || load.updated.length > 0;
    if (!load.posted && !load.refresh) mark('worker: first rows posted');
    this.post({
      type: 'rows',
      loadId: load.loadId,
      reset: !load.posted && !load.refresh,
      added: load.added,
      updated: load.updated,
      done,
      truncated,
      warnings,
      cursor: extra.cursor ?? null,
    });
    load.added = [];
    load.updated = [];
    load.posted = true;
    load.lastPostAt = this.now();
    if (changesView) void this.afterRows();
  }

  endStream(loadId: number, failure: string | null) {
    const load = this.stream;
    if (!load || load.loadId !== loadId) return;
    this.stream = null;
    if (failure === null) {
      let end;
      try {
        const last = load.reader.end();
        this.ingestRaw(load, last.flows);
        end = last.end;
      } catch (e) {
        failure = messageOf(e);
      }
      if (end?.kind === 'empty') {
        if (load.refresh && this.store.rows.length > 0) {
          // the capture went away while we watched it: keep what was seen
          this.postRows(load, true, false, {
            warnings: ['The platform no longer has a capture for this instance.'],
          });
        } else {
          this.store.reset();
          this.post({ type: 'empty', loadId });
        }
        return;
      }
      if (end) {
        if (end.late.length > 0) {
          const summaries = load.reader.view === 'summary';
          const { added, updated } = this.store.ingest(end.late, 0, end.late.length, 0, summaries);
          load.added.push(...added);
          load.updated.push(...updated);
        }
        this.postRows(load, true, end.truncated, { cursor: end.cursor });
        this.afterLoad(); // now that the page has its rows
        return;
      }
    }
    // failed half-way: keep the flows read so far if there are any
    if (load.refresh || this.store.rows.length > 0 || load.added.length > 0) {
      this.postRows(load, true, true, {
        warnings: [`The capture could not be read to the end: ${failure}`],
      });
    } else {
      this.post({ type: 'load-error', loadId, message: failure ?? 'unknown error' });
    }
  }

  // files

  /**
   * A file the user opened: a mitmproxy dump is read in slices and its rows
   * posted slice by slice (the first after the first slice), as summaries
   * whose flows are read again from the file when needed (`local` is told
   * where, before the first rows); JSON and HAR are read whole.
   */
  async loadFile(
    loadId: number,
    file: Blob,
    name: string,
    local: (flows: LocalDumpFlows) => void = () => {},
  ) {
    this.dropStream();
    this.currentLoad = loadId;
    const failed = (e: unknown) => {
      if (loadId === this.currentLoad)
        this.post({ type: 'load-error', loadId, message: messageOf(e) });
    };
    let code: typeof import('./localFile');
    try {
      // the readers of local files load with the first one (not on a served capture's visit)
      code = await import('./localFile');
      if (!(await code.isStreamableDump(file))) {
        const bytes = new Uint8Array(await file.arrayBuffer());
        if (loadId === this.currentLoad)
          await this.loadDocument(loadId, () => code.parseCaptureFile(bytes, name));
        return;
      }
    } catch (e) {
      failed(new Error(`Cannot read the file: ${messageOf(e)}`));
      return;
    }
    const slices = code.streamDumpSummaries(file);
    const records = new code.LocalDumpFlows(file);
    let first = true;
    try {
      for (;;) {
        const step = await slices.next();
        if (loadId !== this.currentLoad) {
          void slices.return({ warnings: [], truncated: false });
          return;
        }
        if (first) {
          this.store.reset();
          this.store.problems = [];
          local(records);
        }
        let added: FlowRow[] = [];
        let updated: FlowRow[] = [];
        if (!step.done) {
          const { flows } = step.value;
          ({ added, updated } = this.store.ingest(flows, 0, flows.length, 0, true));
          const flowAt = (index: number) => this.store.flows[index];
          records.keep(step.value, added, flowAt);
          records.keep(step.value, updated, flowAt);
        }
        this.post({
          type: 'rows',
          loadId,
          reset: first,
          added,
          updated,
          done: !!step.done,
          truncated: step.done ? step.value.truncated : false,
          warnings: [
            ...(step.done ? step.value.warnings : []),
            ...problemWarnings(this.store.problems),
          ],
          cursor: null,
        });
        first = false;
        await this.afterRows();
        if (step.done) return;
      }
    } catch (e) {
      failed(e);
    }
  }

  // whole documents

  async loadDocument(loadId: number, parse: () => ParsedDocument) {
    this.dropStream();
    this.currentLoad = loadId;
    let doc: ParsedDocument;
    try {
      doc = parse();
    } catch (e) {
      this.post({ type: 'load-error', loadId, message: messageOf(e) });
      return;
    }
    this.store.reset();
    if (doc.kind === 'empty') {
      this.post({ type: 'empty', loadId });
      return;
    }
    this.store.problems = [];
    let start = 0;
    let first = true;
    const size = doc.raw.length;
    do {
      const end = Math.min(size, start + (first ? FIRST_CHUNK : CHUNK));
      const { added, updated } = this.store.ingest(doc.raw, start, end);
      if (loadId !== this.currentLoad) return; // a newer load took over
      const done = end >= size;
      if (added.length || updated.length || first || done) {
        this.post({
          type: 'rows',
          loadId,
          reset: first,
          added,
          updated,
          done,
          truncated: doc.truncated,
          warnings: [...doc.warnings, ...problemWarnings(this.store.problems)],
          cursor: null,
        });
        await this.afterRows();
      }
      first = false;
      start = end;
      if (!done) await tick(); // let queries and newer loads in between chunks
      if (loadId !== this.currentLoad) return;
    } while (start < size);
  }
}

function problemWarnings(problems: string[]): string[] {
  if (problems.length === 0) return [];
  const shown = problems.slice(0, 3).join('; ');
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  return [
    `${formatCount(problems.length, 'flow')} ${plural(problems.length, 'was', 'were')} skipped because ${plural(problems.length, 'it is', 'they are')} malformed: ${shown}${more}`,
  ];
}
