import type { FromWorker, ToWorker } from './worker/protocol';
import { fromWire, type WireFromWorker } from './worker/rowTransfer';

/**
 * The traffic worker's start: one may be started before the page that needs
 * it renders, so its script is loaded while the page still waits for data.
 */
function newTrafficWorker(): Worker {
  return new Worker(new URL('./worker/worker.ts', import.meta.url), { type: 'module' });
}

let spareWorker: Worker | null = null;

/**
 * Starts a worker before the page that needs it renders (from the route's
 * loader), so its script is loaded and evaluated while the page still waits
 * for its data: the first rows of a capture then do not wait for it.
 */
export function prestartTrafficWorker(): void {
  if (typeof Worker === 'undefined' || spareWorker) return;
  spareWorker = newTrafficWorker();
}

export function createTrafficWorker(): Worker {
  const spare = spareWorker;
  spareWorker = null;
  return spare ?? newTrafficWorker();
}

type Answer = Extract<FromWorker, { requestId: number }>;
type Request = Extract<ToWorker, { requestId: number }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * The session's line to its worker: started on first use (and again after
 * `terminate()`, as React StrictMode remounts do), messages out, questions
 * with a request id matched to their answers, everything else handed to
 * `onMessage`.
 */
export class WorkerChannel {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, (answer: Answer) => void>();
  private requestId = 0;

  constructor(
    private readonly make: () => Worker,
    private readonly handlers: {
      onMessage(message: Exclude<FromWorker, Answer>): void;
      onCrash(message: string): void;
      /** a new worker knows nothing: tell it what it must know before anything else */
      onStart(): void;
    },
  ) {}

  get started(): boolean {
    return this.worker !== null;
  }

  start(): Worker {
    if (this.worker) return this.worker;
    const worker = this.make();
    worker.onmessage = (e: MessageEvent<WireFromWorker>) => this.receive(fromWire(e.data));
    worker.onerror = (e) => {
      e.preventDefault();
      this.handlers.onCrash(e.message || 'unknown error');
    };
    this.worker = worker;
    this.handlers.onStart();
    return worker;
  }

  send(message: ToWorker, transfer: Transferable[] = []): void {
    this.start().postMessage(message, transfer);
  }

  /** Sends a question and resolves with its answer. */
  ask(question: DistributiveOmit<Request, 'requestId'>): Promise<Answer> {
    const requestId = ++this.requestId;
    return new Promise<Answer>((resolve) => {
      this.pending.set(requestId, resolve);
      this.send({ ...question, requestId });
    });
  }

  private receive(message: FromWorker) {
    if (!('requestId' in message)) {
      this.handlers.onMessage(message);
      return;
    }
    const resolve = this.pending.get(message.requestId);
    if (!resolve) return;
    this.pending.delete(message.requestId);
    resolve(message);
  }

  /** Stops the worker; questions not answered are dropped. */
  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    this.pending.clear();
  }
}
