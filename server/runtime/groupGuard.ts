/**
 * What takes the service groups down when the platform dies without a
 * shutdown: an 'exit' handler (a crash, an uncaught error) and, for a death
 * no handler sees (SIGKILL), the reaper process (`reaper.mjs`), told about
 * each group as it starts (`+pgid`) and ends (`-pgid`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REAPER_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'reaper.mjs');

export interface GroupGuard {
  /** `+<pgid>` when a group starts, `-<pgid>` when it is gone */
  tell(line: string): void;
  /** after a clean shutdown: no 'exit' handler, the reaper ends */
  dispose(): void;
}

/** Guards the process groups `groups()` lists at the moment the platform dies. */
export function guardGroups(groups: () => Iterable<number | undefined>): GroupGuard {
  // Last resort: if this process exits without a shutdown (a crash, an
  // uncaught error), take the service groups down with it.
  const killAllOnExit = () => {
    for (const pgid of groups())
      if (pgid)
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          // gone
        }
  };
  process.on('exit', killAllOnExit);

  // The reaper kills the service groups if this process dies without a
  // shutdown, even by SIGKILL (then no 'exit' handler runs).
  let reaper: ChildProcess | undefined;
  const tell = (line: string) => {
    try {
      if (!reaper) {
        reaper = spawn(process.execPath, [REAPER_SCRIPT], {
          detached: true,
          stdio: ['pipe', 'ignore', 'ignore'],
        });
        reaper.on('error', () => (reaper = undefined));
        reaper.stdin?.on('error', () => {});
        reaper.unref();
        (reaper.stdin as unknown as { unref?: () => void } | null)?.unref?.();
      }
      reaper.stdin?.write(line + '\n');
    } catch {
      // without a reaper, the 'exit' handler and a restart's cleanup remain
    }
  };

  return {
    tell,
    dispose() {
      process.off('exit', killAllOnExit);
      reaper?.stdin?.end();
      reaper = undefined;
    },
  };
}
