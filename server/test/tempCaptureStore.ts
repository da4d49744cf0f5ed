/** A capture store on a DATA_DIR of its own in the system's temp folder, for tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureStore } from '../runtime/captures';

/** The store's limits, as `CaptureStore` takes them (each left out: the store's default). */
export interface CaptureStoreLimits {
  maxBodyBytes?: number;
  maxFlows?: number;
  cacheBytes?: number;
}

export interface TempCaptureStore {
  store: CaptureStore;
  /** the DATA_DIR made for it (its files are in `store.dir`, below it) */
  dir: string;
  /** removes the DATA_DIR and all in it (for `afterAll`, `afterEach`, `onTestFinished`) */
  remove(): void;
}

/**
 * A new `CaptureStore` on a fresh temp DATA_DIR named `prefix` + random
 * characters (e.g. `ctfy-marks-`). Make it in a `beforeAll`/`beforeEach` and
 * hand `remove` to the matching after-hook.
 */
export function tempCaptureStore(
  prefix: string,
  limits: CaptureStoreLimits = {},
): TempCaptureStore {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const store = new CaptureStore(dir, limits.maxBodyBytes, limits.maxFlows, limits.cacheBytes);
  return { store, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
