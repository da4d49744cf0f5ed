/**
 * Tells a traffic worker held by a filter from one that is only busy. While
 * the latest query is unanswered, the worker is asked whether it is free
 * (`ping`): one reading a capture or waiting for the platform answers at
 * once, one held by a pattern that backtracks without end (like `(a+)+b`)
 * answers nothing. A ping unanswered for `STUCK_AFTER_MS` calls the worker
 * held, so that the user can be offered to stop the filter (the session then
 * replaces the worker).
 */

/** a query unanswered this long: the worker is asked whether it is free (`ping`) */
export const QUERY_WATCH_MS = 2_000;
/** a `ping` unanswered this long: the worker is held (a pattern that backtracks without end) */
export const STUCK_AFTER_MS = 3_000;
/** how often the watchdog looks again while a ping is out (or was just answered) */
const PING_CHECK_MS = 500;

/** What the watchdog watches and whom it tells. */
export interface WatchedWorker {
  /** asks the worker whether it is free; resolves when it answers (never, while it is held) */
  ping(): Promise<unknown>;
  /** whether a worker runs now (none: nothing to watch) */
  running(): boolean;
  /**
   * Whether an unanswered ping may mean "held" now: not while a capture
   * streams in, as the worker's queue may hold its chunks before the ping.
   */
  mayCallHeld(): boolean;
  /** the worker became held (offer to stop the filter), or answered again (withdraw it) */
  onHeldChange(held: boolean): void;
}

export class FilterWatchdog {
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** the latest query is not answered yet */
  private waiting = false;
  /** the ping not answered yet (null: none out) */
  private pingOut: { sentAt: number } | null = null;
  private isHeld = false;

  constructor(private readonly worker: WatchedWorker) {}

  /** whether the worker is held now (told by `onHeldChange`) */
  get held(): boolean {
    return this.isHeld;
  }

  /** A query was sent: it is watched until answered (a watch already running goes on). */
  start(): void {
    this.waiting = true;
    if (this.timer === null) this.timer = setTimeout(() => this.check(), QUERY_WATCH_MS);
  }

  /** The latest query was answered whole: the worker is free (the watch ends at its next look). */
  answered(): void {
    this.waiting = false;
    this.setHeld(false);
  }

  /**
   * Stops watching and forgets the query and the ping out (the worker was
   * replaced, or the session is disposed); a worker called held is free.
   */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.waiting = false;
    this.pingOut = null;
    this.setHeld(false);
  }

  private check() {
    this.timer = null;
    if (!this.waiting || !this.worker.running()) {
      this.pingOut = null;
      this.setHeld(false);
      return;
    }
    const now = performance.now();
    if (this.pingOut === null) {
      const sent = { sentAt: now };
      this.pingOut = sent;
      void this.worker.ping().then(() => {
        if (this.pingOut !== sent) return; // forgotten (stopped)
        this.pingOut = null;
        this.setHeld(false);
      });
    } else if (now - this.pingOut.sentAt >= STUCK_AFTER_MS && this.worker.mayCallHeld()) {
      this.setHeld(true);
    }
    this.timer = setTimeout(
      () => this.check(),
      this.pingOut === null ? QUERY_WATCH_MS : PING_CHECK_MS,
    );
  }

  private setHeld(held: boolean) {
    if (held === this.isHeld) return;
    this.isHeld = held;
    this.worker.onHeldChange(held);
  }
}
