/**
 * The platform's filter threads: `/traffic/matches` evaluates a user's
 * pattern over a capture, and a pattern may backtrack for ever (`(a+)+b`
 * over a long run of a's). The evaluation runs in `node:worker_threads`
 * (`filterWorker.ts`), never on the event loop: the main thread reads the
 * capture and writes the answer, hands each batch's bytes over (moved, not
 * copied) and waits for its lines at most `budgetMs`. A batch over budget
 * ends its thread (`FilterBudgetError`); the next answer starts a fresh one.
 *
 * A few threads (started when first needed, then kept), each leased by one
 * answer at a time; more answers wait in turn. An answer whose client left
 * stops its work: the thread is ended if its batch does not end soon.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MatchBatchLine } from './filterSession';
import type { RecordBatch } from './types';

/** `seq`: the reply says which request it answers */
export type FilterRequest =
  | { kind: 'open'; seq: number; session: number; filter: string; flagPattern: string }
  | { kind: 'batch'; seq: number; session: number; batch: RecordBatch }
  /** no reply */
  | { kind: 'close'; seq: number; session: number };

export type FilterReply = { seq: number; lines: MatchBatchLine[] } | { seq: number; error: string };

export interface FilterPoolOptions {
  /** threads at most (default 2) */
  threads?: number;
  /** wall time a batch may take in its thread before the thread is ended (default 5 s) */
  budgetMs?: number;
  /** how long an answer whose client left may still finish its batch (default 250 ms) */
  abortGraceMs?: number;
  /**
   * each thread's old-generation heap at most, MB (default: Node's own). Not
   * set by the platform: V8 can end the whole process, not just the thread,
   * when a thread runs out of a small heap (seen when a background compile
   * hit the limit), so memory is given back by ending idle threads instead.
   */
  heapMb?: number;
  /** a free thread idle this long is ended, its memory given back (default 20 s) */
  idleMs?: number;
  /**
   * each thread's young generation at most, MB (default 16; undefined: V8's
   * own, ~32 MB at these heaps). A full young generation only moves objects
   * on (no OOM). With 1 MB batches 16 MB costs no measurable CPU and lowers
   * the peak by ~20 MB.
   */
  youngMb?: number | null;
  /**
   * an answer that handed its thread this many bytes at least (default
   * 64 MB) leaves it with a heap of a scan's garbage: the thread is ended
   * after `largeIdleMs` (default 1 s) instead of `idleMs`; a next filter
   * pays the thread's start (~115 ms) instead
   */
  largeAnswerBytes?: number;
  largeIdleMs?: number;
  /** threads run the bundled script (default), else `filterWorker.ts` under tsx */
  bundled?: boolean;
}

/** A batch took longer than the budget: its thread was ended. */
export class FilterBudgetError extends Error {
  constructor(
    readonly budgetMs: number,
    /** flows in the batch */
    readonly flows: number,
  ) {
    super(`a filter batch of ${flows} flows took over ${budgetMs} ms`);
  }
}

/** The client left (or the pool closed) before the answer got a thread or a batch's lines. */
export class FilterAbortedError extends Error {
  constructor() {
    super('the filter answer was abandoned');
  }
}

/** Opening a session (thread start, parse) is not the user's pattern running: a wide limit. */
const OPEN_BUDGET_MS = 60_000;

const WORKER_URL = new URL('./filterWorker.ts', import.meta.url);

/**
 * The thread's code as one plain script, bundled once per process with the
 * esbuild that tsx runs on (`bundled: false`: bundling failed; threads then
 * run under tsx's loader). A plain thread costs ~15 MB less RSS than one
 * under tsx and opens in about half the time (113 vs 227 ms).
 */
let workerScript: Promise<string | null> | null = null;
const BUNDLE_TIMEOUT_MS = 30_000;

function bundleWorker(): Promise<string | null> {
  workerScript ??= (async () => {
    try {
      const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx'));
      const esbuild = fromTsx('esbuild') as typeof import('esbuild');
      const building = esbuild.build({
        entryPoints: [fileURLToPath(WORKER_URL)],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: `node${process.versions.node.split('.')[0]}`,
        minify: true,
        keepNames: true,
        write: false,
        logLevel: 'silent',
      });
      // a build that does not end (it should take ~100 ms) must not hold every filter: tsx then
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), BUNDLE_TIMEOUT_MS);
        timer.unref();
      });
      // a build failing after the timeout is no unhandled rejection
      building.catch(() => undefined);
      const result = await Promise.race([building, late]);
      clearTimeout(timer);
      // the service process is not kept: the bundle is made once
      await esbuild.stop();
      return result?.outputFiles[0]?.text ?? null;
    } catch {
      return null;
    }
  })();
  return workerScript;
}

/**
 * A thread running `filterWorker.ts`: the bundled script when there is one;
 * else under `tsx` (it inherits tsx's loader; elsewhere, e.g. vitest, tsx is
 * loaded into it).
 */
function startWorker(
  script: string | null,
  heapMb: number | undefined,
  youngMb: number | undefined,
): Worker {
  const resourceLimits = {
    resourceLimits: {
      ...(heapMb === undefined ? {} : { maxOldGenerationSizeMb: heapMb }),
      ...(youngMb === undefined ? {} : { maxYoungGenerationSizeMb: youngMb }),
    },
  };
  let worker: Worker;
  if (script !== null) worker = new Worker(script, { eval: true, ...resourceLimits });
  else {
    const underTsx = process.execArgv.some((arg) => arg.includes('tsx'));
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    worker = new Worker(WORKER_URL, {
      ...(underTsx ? {} : { execArgv: [...process.execArgv, '--import', tsx] }),
      ...resourceLimits,
    });
  }
  // an idle thread does not keep the platform (or a test) running
  worker.unref();
  return worker;
}

/** The buffers of a batch that can be moved to the thread (whole buffers of their own). */
function transferables(batch: RecordBatch): ArrayBuffer[] {
  if ('json' in batch) return []; // may be shared (the recorder's open flows): copied
  const out = new Set<ArrayBuffer>();
  const own = (view: ArrayBufferView) => {
    const { buffer } = view;
    // a small Buffer is a slice of Node's shared pool: copied, not moved
    if (
      buffer instanceof ArrayBuffer &&
      view.byteOffset === 0 &&
      view.byteLength === buffer.byteLength
    )
      out.add(buffer);
  };
  for (const run of batch.runs) {
    own(run.bytes);
    own(run.starts);
    own(run.ends);
    own(run.idHashes);
    if (run.marks) own(run.marks);
  }
  return [...out];
}

interface Pending {
  resolve: (reply: FilterReply) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
  done: Promise<unknown>;
  /** a batch (not opening a session) */
  batch: boolean;
  seq: number;
}

class FilterThread {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  private seq = 0;

  /** the number of the next request */
  next(): number {
    return ++this.seq;
  }

  constructor(private readonly pool: FilterPool) {}

  get started(): boolean {
    return this.worker !== null;
  }

  /** a batch is in the thread */
  get evaluating(): boolean {
    return this.pending?.batch === true;
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(this.pool.script ?? null, this.pool.heapMb, this.pool.youngMb);
    this.pool.stats.started++;
    worker.on('message', (reply: FilterReply) => {
      const pending = this.pending;
      // a late reply (its request was given up) answers nothing now
      if (!pending || pending.seq !== reply.seq) return;
      this.pending = null;
      clearTimeout(pending.timer);
      pending.resolve(reply);
    });
    const fail = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const pending = this.pending;
      this.pending = null;
      if (pending) {
        clearTimeout(pending.timer);
        pending.reject(err);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the filter thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** Sends `request`; its reply within `budgetMs`, else the thread is ended and `overBudget()` thrown. */
  call(
    request: FilterRequest,
    transfer: ArrayBuffer[],
    budgetMs: number,
    overBudget: () => Error,
  ): Promise<FilterReply> {
    if (this.pending) return Promise.reject(new Error('a filter thread takes one batch at a time'));
    const worker = this.ensure();
    let pending!: Pending;
    const done = new Promise<FilterReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = null;
        reject(overBudget());
        this.end();
      }, budgetMs);
      pending = {
        resolve,
        reject,
        timer,
        done: Promise.resolve(),
        batch: request.kind === 'batch',
        seq: request.seq,
      };
    });
    pending.done = done.catch(() => undefined);
    this.pending = pending;
    worker.postMessage(request, transfer);
    return done;
  }

  /** A message with no reply (closing a session). */
  post(request: FilterRequest): void {
    this.worker?.postMessage(request);
  }

  /** The batch in flight, settled either way (null: none). */
  get inFlight(): Promise<unknown> | null {
    return this.pending?.done ?? null;
  }

  /** Ends the thread now (a batch over budget, an abandoned answer, the pool closing). */
  end(): void {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    this.pool.stats.ended++;
    const pending = this.pending;
    this.pending = null;
    if (pending) {
      clearTimeout(pending.timer);
      pending.reject(new FilterAbortedError());
    }
    void worker.terminate();
  }
}

/** One answer's use of a thread: open, evaluate batch by batch, release. */
export class FilterLease {
  private released = false;
  private aborted = false;
  /** flows read so far (the last line's `scanned`) */
  scanned = 0;
  /** bytes of the batches handed to the thread */
  bytes = 0;

  constructor(
    private readonly pool: FilterPool,
    private readonly thread: FilterThread,
    private readonly session: number,
  ) {}

  async open(filter: string, flagPattern: string): Promise<void> {
    await this.send(
      { kind: 'open', seq: this.thread.next(), session: this.session, filter, flagPattern },
      [],
      OPEN_BUDGET_MS,
      0,
    );
  }

  /** The answer's lines for `batch` (its buffers move to the thread). */
  async evaluate(batch: RecordBatch): Promise<MatchBatchLine[]> {
    const flows =
      'json' in batch ? null : batch.runs.reduce((sum, run) => sum + run.starts.length, 0);
    for (const view of 'json' in batch ? batch.json : batch.runs.map((run) => run.bytes))
      this.bytes += view.byteLength;
    const lines = await this.send(
      { kind: 'batch', seq: this.thread.next(), session: this.session, batch },
      transferables(batch),
      this.pool.budgetMs,
      flows ?? 0,
    );
    const last = lines.at(-1);
    if (last) this.scanned = last.scanned;
    return lines;
  }

  private async send(
    request: FilterRequest,
    transfer: ArrayBuffer[],
    budgetMs: number,
    flows: number,
  ): Promise<MatchBatchLine[]> {
    if (this.aborted || this.released) throw new FilterAbortedError();
    const reply = await this.thread.call(request, transfer, budgetMs, () => {
      this.pool.stats.overBudget++;
      return new FilterBudgetError(budgetMs, flows);
    });
    if ('error' in reply) throw new Error(reply.error);
    return reply.lines;
  }

  /**
   * The client left: a batch in flight may end within the grace period,
   * else its thread is ended (its work stops); then the thread is released.
   */
  abort(): void {
    if (this.aborted || this.released) return;
    this.aborted = true;
    const inFlight = this.thread.inFlight;
    if (!inFlight) return;
    const grace = setTimeout(() => {
      if (this.thread.inFlight === inFlight) {
        this.pool.stats.abandoned++;
        this.thread.end();
      }
    }, this.pool.abortGraceMs);
    void inFlight.then(() => clearTimeout(grace));
  }

  /** The thread back to the pool (once its batch in flight, if any, is over). */
  release(): void {
    if (this.released) return;
    this.released = true;
    const inFlight = this.thread.inFlight;
    const back = () => {
      this.thread.post({ kind: 'close', seq: this.thread.next(), session: this.session });
      this.pool.giveBack(this.thread, this.bytes);
    };
    if (inFlight) void inFlight.then(back);
    else back();
  }
}

export class FilterPool {
  readonly budgetMs: number;
  readonly abortGraceMs: number;
  readonly heapMb: number | undefined;
  readonly youngMb: number | undefined;
  readonly idleMs: number;
  readonly largeAnswerBytes: number;
  readonly largeIdleMs: number;
  /** the threads' bundled script (null: under tsx; undefined: not known before the first lease) */
  script: string | null | undefined;
  /** per free thread: the timer that ends it when it stays idle */
  private readonly idleTimers = new Map<FilterThread, ReturnType<typeof setTimeout>>();
  /** threads started and ended, batches over budget, batches stopped for a client that left */
  readonly stats = { started: 0, ended: 0, overBudget: 0, abandoned: 0, idleEnded: 0 };
  private readonly threads: FilterThread[];
  private readonly free: FilterThread[];
  private readonly waiting: { take: (thread: FilterThread) => void; leave: () => void }[] = [];
  private sessions = 0;
  private closed = false;

  constructor(options: FilterPoolOptions = {}) {
    this.budgetMs = options.budgetMs ?? 5000;
    this.abortGraceMs = options.abortGraceMs ?? 250;
    this.heapMb = options.heapMb;
    this.youngMb = options.youngMb === null ? undefined : (options.youngMb ?? 16);
    this.idleMs = options.idleMs ?? 20_000;
    this.largeAnswerBytes = options.largeAnswerBytes ?? 64 << 20;
    this.largeIdleMs = options.largeIdleMs ?? 1000;
    this.script = options.bundled === false ? null : undefined;
    this.threads = Array.from(
      { length: Math.max(1, options.threads ?? 2) },
      () => new FilterThread(this),
    );
    this.free = [...this.threads];
  }

  /** threads with a batch in them now */
  get evaluating(): number {
    return this.threads.filter((thread) => thread.evaluating).length;
  }

  /** answers waiting for a thread */
  get queued(): number {
    return this.waiting.length;
  }

  /** A thread for one answer, when one is free (in turn); `signal`: the client left meanwhile. */
  async lease(signal?: AbortSignal): Promise<FilterLease> {
    if (this.script === undefined) this.script = await bundleWorker();
    if (this.closed || signal?.aborted) throw new FilterAbortedError();
    const leased = (thread: FilterThread) => new FilterLease(this, thread, ++this.sessions);
    // a started thread first: another is started only when answers overlap
    const at = this.free.findIndex((thread) => thread.started);
    if (this.free.length > 0) {
      const thread = this.free.splice(Math.max(at, 0), 1)[0]!;
      this.stopIdleTimer(thread);
      return leased(thread);
    }
    return new Promise((resolve, reject) => {
      const leave = () => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new FilterAbortedError());
      };
      const waiter = {
        take: (thread: FilterThread) => {
          signal?.removeEventListener('abort', leave);
          resolve(leased(thread));
        },
        leave,
      };
      signal?.addEventListener('abort', leave, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** @internal a lease's thread back, after an answer of `bytes` */
  giveBack(thread: FilterThread, bytes: number): void {
    if (this.closed) return;
    const next = this.waiting.shift();
    if (next) {
      next.take(thread);
      return;
    }
    this.free.push(thread);
    // the thread's heap (a scan's garbage) is given back once nobody filters for a while
    const timer = setTimeout(
      () => {
        this.idleTimers.delete(thread);
        if (this.free.includes(thread) && thread.started) {
          this.stats.idleEnded++;
          thread.end();
        }
      },
      bytes >= this.largeAnswerBytes ? this.largeIdleMs : this.idleMs,
    );
    timer.unref();
    this.idleTimers.set(thread, timer);
  }

  private stopIdleTimer(thread: FilterThread): void {
    clearTimeout(this.idleTimers.get(thread));
    this.idleTimers.delete(thread);
  }

  /** Ends every thread (the platform stops). */
  close(): void {
    this.closed = true;
    for (const thread of this.threads) {
      this.stopIdleTimer(thread);
      thread.end();
    }
    for (const waiter of [...this.waiting]) waiter.leave();
  }
}
