/// <reference lib="webworker" />
/**
 * The traffic worker: decodes, JSON-parses and validates captures off the
 * main thread, keeps the full flows, filters and sorts them, and answers
 * the view with row summaries, index lists and single flows on demand.
 */
import { flowsToHar } from '../../../lib/capture';
import { loadBrotli } from '../body/contentDecode';
import { FilterSyntaxError, usesBodies } from '../filter/parse';
import type { FromWorker, ToWorker } from './protocol';
import {
  CHUNK,
  decodeCaptureBytes,
  FIRST_CHUNK,
  parseCaptureFile,
  TrafficStore,
  type ParsedDocument,
} from './store';

declare const self: DedicatedWorkerGlobalScope;

const store = new TrafficStore();
let brotliLoaded = false;
const brotli = loadBrotli().then(
  () => {
    brotliLoaded = true;
  },
  () => undefined,
);
let currentLoad = 0;
let latestSeq = 0;
let latestQuery: Extract<ToWorker, { type: 'query' }> | null = null;
let queryScheduled = false;

function post(message: FromWorker, transfer: Transferable[] = []) {
  self.postMessage(message, transfer);
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function postView() {
  const { indices, total } = store.view();
  post({ type: 'view', seq: latestSeq, indices, total, error: null }, [indices.buffer]);
}

function runQuery() {
  queryScheduled = false;
  const query = latestQuery;
  if (!query || query.seq !== latestSeq) return;
  try {
    store.setFilter(query.filter);
  } catch (e) {
    if (e instanceof FilterSyntaxError) {
      post({
        type: 'view',
        seq: query.seq,
        indices: null,
        total: store.rows.length,
        error: { message: e.message, position: e.position },
      });
      return;
    }
    throw e;
  }
  store.setSort(query.sort);
  void postViewWhenReady();
}

/** Body filters decode bodies: the brotli decoder must be loaded first. */
async function postViewWhenReady() {
  if (usesBodies(store.filter) && !brotliLoaded) await brotli;
  postView();
}

async function ingest(loadId: number, doc: ParsedDocument, refresh: boolean) {
  if (doc.kind === 'empty') {
    if (!refresh) store.reset();
    post({ type: 'empty', loadId });
    return;
  }
  if (!refresh) store.reset();
  store.problems = [];
  let start = 0;
  let first = true;
  const size = doc.raw.length;
  do {
    const end = Math.min(size, start + (first ? FIRST_CHUNK : CHUNK));
    const { added, updated } = store.ingest(doc.raw, start, end);
    if (loadId !== currentLoad) return; // a newer load took over
    const done = end >= size;
    const warnings = [...doc.warnings, ...problemWarnings(store.problems)];
    if (added.length || updated.length || first || done) {
      post({
        type: 'rows',
        loadId,
        reset: first && !refresh,
        added,
        updated,
        done,
        truncated: doc.truncated,
        warnings,
      });
      await postViewWhenReady();
    }
    first = false;
    start = end;
    if (!done) await tick(); // let queries and newer loads in between chunks
    if (loadId !== currentLoad) return;
  } while (start < size);
}

function problemWarnings(problems: string[]): string[] {
  if (problems.length === 0) return [];
  const shown = problems.slice(0, 3).join('; ');
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  return [`${problems.length} flow(s) were skipped because they are malformed: ${shown}${more}`];
}

async function load(loadId: number, parse: () => ParsedDocument, refresh: boolean) {
  currentLoad = loadId;
  let doc: ParsedDocument;
  try {
    doc = parse();
  } catch (e) {
    post({ type: 'load-error', loadId, message: e instanceof Error ? e.message : String(e) });
    return;
  }
  await ingest(loadId, doc, refresh);
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'load-api':
      void load(msg.loadId, () => decodeCaptureBytes(new Uint8Array(msg.buffer)), msg.refresh);
      break;
    case 'load-file':
      void load(msg.loadId, () => parseCaptureFile(new Uint8Array(msg.buffer), msg.name), false);
      break;
    case 'query':
      latestSeq = msg.seq;
      latestQuery = msg;
      // coalesce keystrokes: only the newest query still waiting runs
      if (!queryScheduled) {
        queryScheduled = true;
        setTimeout(runQuery, 0);
      }
      break;
    case 'details':
      void brotli.then(() => {
        const details = store.details(msg.index);
        if (!details) post({ type: 'details-missing', requestId: msg.requestId });
        else post({ type: 'details', requestId: msg.requestId, ...details });
      });
      break;
    case 'export-har': {
      try {
        const flows = msg.indices ? store.flowsAt(msg.indices) : store.flows;
        const text = JSON.stringify(flowsToHar(flows), null, 2);
        post({ type: 'har', requestId: msg.requestId, text, count: flows.length });
      } catch (e) {
        post({
          type: 'har-error',
          requestId: msg.requestId,
          message: e instanceof Error ? e.message : String(e),
        });
      }
      break;
    }
  }
};
