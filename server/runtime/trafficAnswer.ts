/**
 * A traffic answer streamed from capture files: the recorder's open flows,
 * then each file's flows from where the client's cursor left off, following
 * a parse still running; the cursor it ends with says how far each file was
 * sent. Also answers made of flows in memory, and reading an answer back.
 */
import type { Flow } from '../../shared/schemas';
import type { CaptureFile, RecordRun } from './captureFile';
import { flowChunk } from './flowTexts';
import { SUMMARY_ROW_FIELDS, SummaryRowReader } from '../../shared/capture/summaryRows';
import type { RecordBatch, TrafficAnswer, TrafficEnd, TrafficView } from './types';

/** flows per batch handed to a writer */
const BATCH = 500;
/**
 * summaries per batch once the first batch is out, when more are ready: a
 * writer behind a cold capture's index takes what came meanwhile in one
 * write (a gzip writer moves one write per turn of the event loop)
 */
const ROWS_CATCH_UP = 4096;
/**
 * whole flows per batch (each parsed back from its record and serialised):
 * a batch lives across the writer's waits, and what outlives two young
 * collections is promoted; smaller batches keep the platform's heap small
 * while a whole capture is sent
 */
const WHOLE_BATCH = 100;
/** records per batch of the raw-record view (`StreamedAnswer.records`) */
const RECORD_BATCH = 1000;
/**
 * bytes of a dump's records per batch at most (beyond one record): each
 * batch is moved to a filter thread, whose heap holds it a few times over
 * (the batch, the prefilter's string of it, garbage not yet collected). At
 * 100k realistic flows (4.3 KB each) 1 MB batches made the process' peak
 * ~30 MB lower than 1,000 records (4.3 MB) did, at no more CPU.
 */
export const RECORD_BATCH_BYTES = 1 << 20;

/** One file of an answer: where it starts and, once sent, where it ended. */
export interface Part {
  key: string;
  file: CaptureFile;
  /** first flow to send */
  from: number;
}

const rowReader = new SummaryRowReader(SUMMARY_ROW_FIELDS);

/**
 * Summary rows (`,row\n` each) as the summary objects they give back (the
 * `view=summary` answer of a client that did not ask for rows), as one chunk.
 */
function summaryObjects(views: Buffer[]): Buffer[] {
  const text = Buffer.concat(views).toString('utf8');
  if (text === '') return [];
  const rows = JSON.parse(`[${text.slice(1)}]`) as unknown[];
  return [flowChunk(rows.map((row, i) => rowReader.decode(row, i)))];
}

/** Flow indices [from, to). */
function range(from: number, to: number): Int32Array {
  const indices = new Int32Array(to - from);
  for (let i = 0; i < indices.length; i++) indices[i] = from + i;
  return indices;
}

/** An answer's flows, parsed back (tests, tools); null for no answer. */
export async function flowsOf(answer: TrafficAnswer | null): Promise<Flow[] | null> {
  if (!answer) return null;
  const chunks: Buffer[] = [];
  for await (const batch of answer.batches)
    for (const chunk of batch) chunks.push(Buffer.from(chunk));
  const text = Buffer.concat(chunks).toString('utf8');
  return JSON.parse(`[${text.slice(1)}]`) as Flow[];
}

export class StreamedAnswer implements TrafficAnswer {
  private readonly covered: string[] = [];
  private truncated: boolean;
  private finished = false;

  constructor(
    readonly since: string | null,
    private readonly cursorHead: string,
    private readonly live: Buffer | null,
    private readonly parts: Part[],
    overflow: boolean,
    /** 'summary', 'summary-rows': each flow's summary (an extension), not the flow */
    readonly view: TrafficView = 'full',
  ) {
    this.truncated = overflow;
  }

  get batches(): AsyncIterable<Uint8Array[]> {
    return this.generate();
  }

  private async *generate(): AsyncGenerator<Uint8Array[]> {
    if (this.live) yield [this.live];
    for (const part of this.parts) {
      const { file } = part;
      // summaries are kept as rows only: the object view is made from them
      const texts = this.view === 'full' ? null : file.summaryRows;
      const asSent = this.view === 'summary' ? summaryObjects : (views: Buffer[]) => views;
      let next = part.from;
      // a whole file that is read and was not written in start order: send it in start order
      if (this.since === null && !file.updating) {
        const order = file.startOrder(file.length);
        if (order) {
          const step = texts ? BATCH : WHOLE_BATCH;
          for (let i = 0; i < order.length; i += step) {
            const batch = order.subarray(i, Math.min(order.length, i + step));
            if (texts) {
              const views: Buffer[] = [];
              for (const index of batch) views.push(texts.at(index));
              yield asSent([Buffer.concat(views)]);
            } else yield await file.texts(batch);
          }
          next = order.length;
        }
      }
      let step = texts ? BATCH : WHOLE_BATCH;
      for (;;) {
        if (next < file.length) {
          const end = Math.min(file.length, next + step);
          yield texts ? asSent(texts.runs(next, end)) : await file.texts(range(next, end));
          next = end;
          if (texts && this.view === 'summary-rows') step = ROWS_CATCH_UP;
          continue;
        }
        if (!file.updating || file.stale) break;
        const changed = file.changed();
        yield []; // caught up with the parse: a writer may flush here
        await changed;
      }
      if (file.stale || file.incomplete || file.truncated) this.truncated = true;
      this.covered.push(`${part.key}-${file.generation}-${file.consumed}`);
    }
    this.finished = true;
  }

  get records(): AsyncIterable<RecordBatch> {
    return this.generateRecords();
  }

  /**
   * The whole flows as `batches` has them, but a dump's as its raw records
   * (`traffic/matches` looks at their bytes before parsing any), in file
   * order; the next read is under way while a batch is looked at.
   */
  private async *generateRecords(): AsyncGenerator<RecordBatch> {
    if (this.live) yield { json: [this.live] };
    for (const part of this.parts) {
      const { file } = part;
      let next = part.from;
      const read = (from: number, to: number): Promise<RecordBatch> => {
        const indices = range(from, to);
        return file.kind === 'mitm'
          ? file.recordRuns(indices).then((runs: RecordRun[]) => ({
              runs,
              maxBodyBytes: file.bodyLimit,
              path: file.path,
            }))
          : file.texts(indices).then((json) => ({ json }));
      };
      let ahead: { from: number; to: number; batch: Promise<RecordBatch> } | null = null;
      for (;;) {
        if (next < file.length) {
          const end = file.batchEnd(next, RECORD_BATCH, RECORD_BATCH_BYTES);
          const batch: Promise<RecordBatch> =
            ahead?.from === next && ahead.to === end ? ahead.batch : read(next, end);
          ahead = null;
          next = end;
          if (next < file.length) {
            const after = file.batchEnd(next, RECORD_BATCH, RECORD_BATCH_BYTES);
            ahead = { from: next, to: after, batch: read(next, after) };
            // a read nobody takes (the answer stopped) must not be an unhandled rejection
            ahead.batch.catch(() => undefined);
          }
          yield await batch;
          continue;
        }
        if (!file.updating || file.stale) break;
        const changed = file.changed();
        yield { json: [] }; // caught up with the parse: a writer may flush here
        await changed;
      }
      if (file.stale || file.incomplete || file.truncated) this.truncated = true;
      this.covered.push(`${part.key}-${file.generation}-${file.consumed}`);
    }
    this.finished = true;
  }

  end(): TrafficEnd {
    return {
      cursor: this.finished ? [this.cursorHead, ...this.covered].join('.') : null,
      truncated: this.truncated,
    };
  }
}

/** An answer made of flows already in memory (a runtime without files, tests). */
export function answerFromFlows(flows: Flow[], cursor: string | null = null): TrafficAnswer {
  return {
    since: null,
    batches: (async function* () {
      for (let i = 0; i < flows.length; i += BATCH) yield [flowChunk(flows.slice(i, i + BATCH))];
    })(),
    end: () => ({ cursor, truncated: false }),
  };
}
