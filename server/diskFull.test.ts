/**
 * Disk full while running, for real: DATA_DIR is a small tmpfs (root only;
 * elsewhere the real-disk part is skipped and only the classification runs),
 * filled to the last byte with a filler file while the platform runs, then
 * freed again.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISK_FULL_DETAIL } from './http/app';
import { freeBytes, isDiskFull } from './store/disk';
import { startTestServer, type TestServer } from './test/harness';

describe('what counts as a full disk', () => {
  it('knows both SQLite drivers’ and the file system’s words for it, and nothing else', () => {
    const sqliteFull = Object.assign(new Error('database or disk is full'), {
      code: 'SQLITE_FULL',
    });
    const nodeSqlite = Object.assign(new Error('database or disk is full'), {
      code: 'ERR_SQLITE_ERROR',
      errcode: 13,
    });
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
    });
    for (const err of [sqliteFull, nodeSqlite, enospc]) expect(isDiskFull(err)).toBe(true);
    const busy = Object.assign(new Error('database is locked'), {
      code: 'SQLITE_BUSY',
      errcode: 5,
    });
    for (const err of [busy, new Error('boom'), undefined, 'full'])
      expect(isDiskFull(err)).toBe(false);
  });
});

const mountPoint = mkdtempSync(join(tmpdir(), 'ctfy-diskfull-'));
const mounted =
  process.getuid?.() === 0 &&
  spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint]).status === 0;

/** Writes a file until the file system says ENOSPC. */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  // the last partial block too
  const tail = openSync(path, 'a');
  try {
    for (;;) writeSync(tail, Buffer.alloc(512, 1));
  } catch {
    // full
  } finally {
    closeSync(tail);
  }
}

describe.skipIf(!mounted)('disk full while running (DATA_DIR on an 8 MB tmpfs)', () => {
  let t: TestServer;
  let carol: string;
  const filler = join(mountPoint, 'filler.bin');

  beforeAll(async () => {
    t = await startTestServer({}, undefined, mountPoint);
    carol = await t.login('carol');
  });
  afterAll(async () => {
    await t.server.close();
    spawnSync('umount', [mountPoint]);
    rmdirSync(mountPoint);
  });

  it('is healthy with room to write', async () => {
    const health = await t.call('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ ok: true });
  });

  it('reports degraded health and a clear disk-full error while full', async () => {
    fillDisk(filler);
    expect(freeBytes(mountPoint)).toBe(0);

    const health = await t.call('GET', '/api/health');
    expect(health.status).toBe(503);
    expect(health.json.ok).toBe(false);
    expect(health.json.detail).toMatch(/^The platform's disk is full: 0 KB free/);

    const login = await t.call('POST', '/api/auth/login', {
      body: { username: 'carol', password: 'carol' },
    });
    expect(login.status).toBe(507);
    expect(login.json).toEqual({ detail: DISK_FULL_DETAIL });

    const start = await t.call('POST', '/api/instances', {
      token: carol,
      body: { challenge_id: 'T-OPEN' },
    });
    expect(start.status).toBe(507);
    expect(start.json).toEqual({ detail: DISK_FULL_DETAIL });
    // reads still work
    expect((await t.call('GET', '/api/instances', { token: carol })).status).toBe(200);
  });

  it('recovers once space is freed', async () => {
    rmSync(filler);
    const health = await t.call('GET', '/api/health');
    expect(health.status).toBe(200);
    expect((await t.login('carol')).length).toBeGreaterThan(10);
    const start = await t.call('POST', '/api/instances', {
      token: carol,
      body: { challenge_id: 'T-OPEN' },
    });
    expect(start.status).toBe(201);
  });
});
