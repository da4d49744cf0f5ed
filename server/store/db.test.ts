import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db, openDb } from './db';

let dir: string;
let db: Db;
const count = () => (db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ctfy-db-'));
  db = new Db(join(dir, 'test.sqlite'));
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Db (node:sqlite behind the store)', () => {
  it('commits what the function wrote and returns its value', () => {
    const insert = db.transaction((v: string) => db.prepare('INSERT INTO t (v) VALUES (?)').run(v));
    const info = insert.immediate('a');
    expect(info.changes).toBe(1);
    expect(count()).toBe(1);
  });

  it('rolls everything back when the function throws, and the error goes on', () => {
    const fail = db.transaction(() => {
      db.prepare('INSERT INTO t (v) VALUES (?)').run('a');
      throw new Error('quota');
    });
    expect(() => fail.immediate()).toThrow('quota');
    expect(count()).toBe(0);
    // the connection is usable: no transaction was left open
    db.transaction(() => db.prepare('INSERT INTO t (v) VALUES (?)').run('b'))();
    expect(count()).toBe(1);
  });

  it('nests with savepoints: a caught inner failure undoes only the inner part', () => {
    const inner = db.transaction(() => {
      db.prepare('INSERT INTO t (v) VALUES (?)').run('inner');
      throw new Error('inner');
    });
    db.transaction(() => {
      db.prepare('INSERT INTO t (v) VALUES (?)').run('outer');
      expect(() => inner()).toThrow('inner');
    }).immediate();
    expect(db.prepare('SELECT v FROM t').all()).toEqual([{ v: 'outer' }]);
  });

  it('binds named parameters like better-sqlite3 (extra properties are ignored)', () => {
    db.prepare('INSERT INTO t (id, v) VALUES (@id, @v)').run({ id: 7, v: 'x', unused: 1 });
    expect(db.prepare('SELECT * FROM t WHERE id = ?').get(7)).toEqual({ id: 7, v: 'x' });
    expect(db.prepare('SELECT * FROM t WHERE id = ?').get(8)).toBeUndefined();
  });

  it('an immediate transaction waits for another connection’s write lock (busy_timeout)', () => {
    const other = new Db(join(dir, 'test.sqlite'));
    other.pragma('busy_timeout = 0');
    db.transaction(() => {
      db.prepare('INSERT INTO t (v) VALUES (?)').run('held');
      expect(() => other.transaction(() => undefined).immediate()).toThrow(/locked|busy/i);
    }).immediate();
    other.close();
    expect(count()).toBe(1);
  });

  it('reports open until closed; close is idempotent', () => {
    expect(db.open).toBe(true);
    db.close();
    expect(db.open).toBe(false);
    db.close();
  });
});

describe('openDb', () => {
  it('creates a fresh database, and loads without the SQLite ExperimentalWarning', () => {
    const { db: fresh, fresh: isFresh } = openDb(join(dir, 'data'));
    expect(isFresh).toBe(true);
    fresh.close();
    // A separate process: the warning is printed once per process, on first load.
    const script = `import('${join(import.meta.dirname, 'db.ts')}').then(m => { m.openDb(${JSON.stringify(join(dir, 'data2'))}).db.close(); process.emitWarning('still printed', 'ExperimentalWarning'); })`;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      encoding: 'utf8',
    });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stderr).not.toMatch(/SQLite is an experimental feature/);
    expect(out.stderr).toMatch(/still printed/);
  });
});
