/**
 * A full disk, told apart from other failures: the driver's "database or disk
 * is full" (better-sqlite3's `SQLITE_FULL`, node:sqlite's errcode 13) and the
 * file system's `ENOSPC`/`EDQUOT`; and how much room DATA_DIR has left.
 */
import { statfsSync } from 'node:fs';

/** Below this much free space in DATA_DIR the platform reports itself degraded. */
export const MIN_FREE_BYTES = 1024 * 1024;

const SQLITE_FULL = 13;

export function isDiskFull(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; errcode?: unknown; errno?: unknown; message?: unknown };
  if (e.code === 'SQLITE_FULL' || e.code === 'ENOSPC' || e.code === 'EDQUOT') return true;
  if (typeof e.errcode === 'number' && (e.errcode & 0xff) === SQLITE_FULL) return true;
  return typeof e.message === 'string' && /database or disk is full/i.test(e.message);
}

/** Free bytes (for this user) on DATA_DIR's file system, or undefined when it cannot tell. */
export function freeBytes(dir: string): number | undefined {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

/** Why DATA_DIR cannot take writes now, or undefined when it has room. */
export function diskProblem(dir: string): string | undefined {
  const free = freeBytes(dir);
  if (free === undefined || free >= MIN_FREE_BYTES) return undefined;
  return `The platform's disk is full: ${Math.floor(free / 1024)} KB free for its data (DATA_DIR), at least ${MIN_FREE_BYTES / 1024 / 1024} MB is needed.`;
}
