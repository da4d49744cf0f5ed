/**
 * DATA_DIR checked before anything is written to it: created one level at a
 * time (Node's recursive mkdir loops for ever under /proc, where mkdir says
 * ENOENT for a parent that exists), refused when it is a file, and proven
 * writable by writing a file (root passes every permission check, but not a
 * read-only mount). A bad one is a `DataDirError` whose one-line message
 * names the variable, the path and the cause.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export class DataDirError extends Error {
  override name = 'DataDirError';
  constructor(dataDir: string, cause: string) {
    super(`DATA_DIR=${JSON.stringify(dataDir)} cannot be used: ${cause}`);
  }
}

const WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links',
};

/** `permission denied (EACCES)`: the cause of a file-system error in words. */
export function fsCause(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && WORDS[code]) return `${WORDS[code]} (${code})`;
  return err instanceof Error ? err.message : String(err);
}

function kindOf(path: string): 'dir' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a folder above is a file, which the walk up will name
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw err;
  }
}

/** Makes sure `dataDir` is a folder this process can write to; throws `DataDirError` if not. */
export function prepareDataDir(dataDir: string): void {
  const target = resolve(dataDir);
  // the folders to create, nearest the root first
  const missing: string[] = [];
  let at = target;
  for (;;) {
    let kind: ReturnType<typeof kindOf>;
    try {
      kind = kindOf(at);
    } catch (err) {
      throw new DataDirError(dataDir, `cannot look at ${at}: ${fsCause(err)}`);
    }
    if (kind === 'dir') break;
    if (kind === 'other')
      throw new DataDirError(
        dataDir,
        at === target ? 'it is a file, not a folder' : `${at} is a file, not a folder`,
      );
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && kindOf(dir) === 'dir') continue;
      throw new DataDirError(dataDir, `cannot create the folder ${dir}: ${fsCause(err)}`);
    }
  }
  const probe = join(target, `.write-test-${process.pid}`);
  try {
    writeFileSync(probe, 'ok');
  } catch (err) {
    throw new DataDirError(dataDir, `cannot write in it: ${fsCause(err)}`);
  } finally {
    rmSync(probe, { force: true });
  }
}
