/**
 * A DATA_DIR the platform cannot use stops `server/main.ts` within seconds,
 * with one line naming the variable, the path and the cause (a spawned server,
 * as `npm start` runs it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'ctfy-datadir-'));
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups.reverse()) c();
  rmSync(root, { recursive: true, force: true });
});

/** Runs the platform with DATA_DIR=`dataDir` until it exits (or prints its banner, then stops it). */
function runPlatform(
  dataDir: string,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        PATH: process.env.PATH,
        DATA_DIR: dataDir,
        PORT: '0',
        STATIC_DIR: '',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('local platform')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // a start that hangs (as under /proc before) fails the test instead of the suite
    const hang = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(hang);
      resolve({ code, stderr, stdout });
    });
  });
}

/** A read-only folder: a read-only tmpfs as root (root ignores mode bits), else mode 555. */
function readOnlyFolder(): string | undefined {
  const dir = join(root, 'read-only');
  mkdirSync(dir);
  if (process.getuid?.() === 0) {
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', dir]);
    if (mount.status !== 0) return undefined;
    cleanups.push(() => spawnSync('umount', [dir]));
  } else {
    chmodSync(dir, 0o555);
    cleanups.push(() => chmodSync(dir, 0o755));
  }
  return dir;
}

describe('a bad DATA_DIR at start', () => {
  it('starts with a good one (the harness can tell success from failure)', async () => {
    const res = await runPlatform(join(root, 'good', 'nested'));
    expect(res.stdout).toContain('local platform');
    expect(res.stderr).toBe('');
  }, 40_000);

  const cases: [string, () => string | undefined, RegExp][] = [
    [
      'a path that is a file',
      () => {
        const file = join(root, 'a-file');
        writeFileSync(file, 'x');
        return file;
      },
      /^DATA_DIR="[^"]*a-file" cannot be used: it is a file, not a folder$/,
    ],
    [
      'a path under a file',
      () => join(root, 'a-file', 'data'),
      /^DATA_DIR="[^"]*a-file\/data" cannot be used: \S*a-file is a file, not a folder$/,
    ],
    [
      'a path under /proc (where recursive mkdir loops for ever)',
      () => '/proc/ctfy-data/deeper',
      /^DATA_DIR="\/proc\/ctfy-data\/deeper" cannot be used: cannot create the folder \/proc\/ctfy-data: (no such file or directory \(ENOENT\)|permission denied \(EACCES\))$/,
    ],
    [
      'a read-only folder',
      readOnlyFolder,
      /^DATA_DIR="[^"]*read-only" cannot be used: cannot write in it: (read-only file system \(EROFS\)|permission denied \(EACCES\))$/,
    ],
    [
      'a folder to create inside a read-only one',
      () => join(root, 'read-only', 'data'),
      /^DATA_DIR="[^"]*read-only\/data" cannot be used: cannot create the folder \S+: (read-only file system \(EROFS\)|permission denied \(EACCES\))$/,
    ],
  ];
  for (const [what, make, message] of cases) {
    it(`exits with one line naming DATA_DIR, the path and the cause: ${what}`, async (ctx) => {
      const dataDir = make();
      if (dataDir === undefined) return ctx.skip(); // no way to make a read-only folder here
      const res = await runPlatform(dataDir);
      expect(res.code).toBe(2);
      const lines = res.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(res.stdout).toBe('');
    }, 40_000);
  }
});
