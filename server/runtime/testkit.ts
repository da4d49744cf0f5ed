/** Helpers for the runtime's tests: an event log and a runtime on a temp DATA_DIR. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRuntime } from './index';
import type { NetworkInfo, Runtime, RuntimeOptions, SurfaceEntrypoint } from './types';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

export type RuntimeEvent =
  | { kind: 'phase'; id: string; phase: string }
  | { kind: 'ready'; id: string; surface: SurfaceEntrypoint[]; network: NetworkInfo }
  | { kind: 'failed'; id: string; message: string }
  | { kind: 'exited'; id: string; message: string };

export const DEMO_CHALLENGES = resolve(HERE, '../challenges');

export function testRuntime(overrides: Partial<Omit<RuntimeOptions, 'events'>> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ctfy-runtime-'));
  const events: RuntimeEvent[] = [];
  const runtime: Runtime = createRuntime({
    challengesDir: DEMO_CHALLENGES,
    dataDir,
    captureMode: 'recorder',
    maxCapturedBodyBytes: 64 * 1024,
    readinessTimeoutMs: 20_000,
    pkiDelayMs: 200,
    ...overrides,
    events: {
      onPhase: (id, phase) => events.push({ kind: 'phase', id, phase }),
      onReady: (id, surface, network) => events.push({ kind: 'ready', id, surface, network }),
      onFailed: (id, message) => events.push({ kind: 'failed', id, message }),
      onExited: (id, message) => events.push({ kind: 'exited', id, message }),
    },
  });

  /** resolves with the first ready/failed/exited event of `id` */
  function settled(
    id: string,
    timeoutMs = 30_000,
    kinds = ['ready', 'failed', 'exited'],
  ): Promise<RuntimeEvent> {
    return new Promise((resolveEvent, reject) => {
      const t0 = Date.now();
      const tick = () => {
        const hit = events.find((e) => e.id === id && kinds.includes(e.kind));
        if (hit) return resolveEvent(hit);
        if (Date.now() - t0 > timeoutMs)
          return reject(
            new Error(
              `${id} did not settle in ${timeoutMs} ms: ${JSON.stringify(events.filter((e) => e.id === id))}`,
            ),
          );
        setTimeout(tick, 20);
      };
      tick();
    });
  }

  async function cleanup() {
    await runtime.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  }

  return { runtime, events, dataDir, settled, cleanup };
}

export const attachmentContext = (team = 'team-red', instance = 'i-1') => ({
  competition: { id: 'ctf-spring', name: 'Spring CTF 2026' },
  team: { id: team, name: team },
  instance: { id: instance },
  user: { id: 'alice', name: 'alice' },
});

export function groupGone(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Waits (up to `ms`) until `process.kill(-pgid, 0)` throws ESRCH; zombies may take init a moment to reap. */
export async function waitGroupGone(pgid: number, ms = 8000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!groupGone(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return groupGone(pgid);
}
