/**
 * Slows down password guessing: after `freeFailures` wrong passwords for one
 * user name from one address, each further try waits (30 s, doubling up to
 * 15 min) and is answered 429 with Retry-After, without checking the password.
 * A success clears the count; failures older than `windowMs` are forgotten.
 * In memory: a restart forgets it, which is fine for a local platform.
 */
export interface LoginThrottleOptions {
  freeFailures?: number;
  firstLockMs?: number;
  maxLockMs?: number;
  windowMs?: number;
  /** entries kept at most (oldest dropped): bounded memory under a spray of names */
  maxEntries?: number;
}

interface Entry {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly freeFailures: number;
  private readonly firstLockMs: number;
  private readonly maxLockMs: number;
  private readonly windowMs: number;
  private readonly maxEntries: number;

  constructor(options: LoginThrottleOptions = {}) {
    this.freeFailures = options.freeFailures ?? 5;
    this.firstLockMs = options.firstLockMs ?? 30_000;
    this.maxLockMs = options.maxLockMs ?? 15 * 60_000;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  private static key(address: string, username: string) {
    return `${address}\u0000${username.toLowerCase()}`;
  }

  /** Milliseconds to wait before this address may try this user name again (0: go ahead). */
  waitMs(address: string, username: string, now = Date.now()): number {
    const entry = this.entries.get(LoginThrottle.key(address, username));
    if (!entry) return 0;
    return Math.max(0, entry.lockedUntil - now);
  }

  failed(address: string, username: string, now = Date.now()): void {
    const key = LoginThrottle.key(address, username);
    let entry = this.entries.get(key);
    if (!entry || now - entry.lastFailureAt > this.windowMs) {
      entry = { failures: 0, lastFailureAt: now, lockedUntil: 0 };
    }
    this.entries.delete(key); // re-inserted last: the map's order is least recently failed first
    entry.failures++;
    entry.lastFailureAt = now;
    const over = entry.failures - this.freeFailures;
    if (over >= 0) {
      entry.lockedUntil =
        now + Math.min(this.maxLockMs, this.firstLockMs * 2 ** Math.min(over, 20));
    }
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  succeeded(address: string, username: string): void {
    this.entries.delete(LoginThrottle.key(address, username));
  }
}
