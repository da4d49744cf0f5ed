/**
 * The platform's SQLite database (Node's built-in `node:sqlite`, WAL) in
 * `DATA_DIR/ctfy.sqlite`. Timestamps are stored as integer milliseconds since
 * the epoch.
 *
 * `Db` keeps the small part of better-sqlite3's API the store and the routes
 * use (prepare/get/all/run, exec, pragma, `transaction(fn)` with
 * `.immediate()`, `open`, `close`), so callers did not change when the native
 * module went (issue 18: no native build on install).
 */
import { join } from 'node:path';
import { DataDirError, prepareDataDir } from './dataDir';
import { loadSqlite, type DatabaseSync, type StatementSync } from './sqlite';

/** A prepared statement, typed as loosely as better-sqlite3's (rows are cast by the store). */
export interface Statement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
}

/** A function that runs `fn` in a transaction; `.immediate()` takes the write lock first. */
export interface Transaction<A extends unknown[], R> {
  (...args: A): R;
  deferred(...args: A): R;
  immediate(...args: A): R;
  exclusive(...args: A): R;
}

export class Db {
  private readonly raw: DatabaseSync;
  private readonly statements = new Map<string, Statement>();
  private isOpen = true;
  private depth = 0;

  constructor(path: string) {
    const { DatabaseSync } = loadSqlite();
    this.raw = new DatabaseSync(path);
  }

  get open(): boolean {
    return this.isOpen;
  }

  /** A prepared statement, compiled once per SQL text. */
  prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      const compiled: StatementSync = this.raw.prepare(sql);
      // As better-sqlite3: properties of a parameter object that the SQL does not name are ignored.
      compiled.setAllowUnknownNamedParameters?.(true);
      statement = compiled;
      this.statements.set(sql, statement);
    }
    return statement;
  }

  exec(sql: string): void {
    this.raw.exec(sql);
  }

  pragma(setting: string): void {
    this.raw.exec(`PRAGMA ${setting}`);
  }

  /**
   * `fn` in a transaction: committed when it returns, rolled back when it
   * throws (the error goes on). Nested calls use a savepoint, so an inner
   * failure that the outer function catches undoes only the inner part.
   */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): Transaction<A, R> {
    const run =
      (begin: string) =>
      (...args: A): R => {
        const nested = this.depth > 0;
        const savepoint = `ctfy_sp_${this.depth}`;
        this.raw.exec(nested ? `SAVEPOINT ${savepoint}` : begin);
        this.depth += 1;
        let result: R;
        try {
          result = fn(...args);
        } catch (error) {
          this.depth -= 1;
          this.raw.exec(nested ? `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` : 'ROLLBACK');
          throw error;
        }
        this.depth -= 1;
        this.raw.exec(nested ? `RELEASE ${savepoint}` : 'COMMIT');
        return result;
      };
    const deferred = run('BEGIN DEFERRED');
    return Object.assign((...args: A) => deferred(...args), {
      deferred,
      immediate: run('BEGIN IMMEDIATE'),
      exclusive: run('BEGIN EXCLUSIVE'),
    });
  }

  close(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.statements.clear();
    this.raw.close();
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  display_name TEXT,
  password_hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS competitions (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  competition_id TEXT NOT NULL REFERENCES competitions(id)
);
CREATE TABLE IF NOT EXISTS memberships (
  user_id TEXT NOT NULL REFERENCES users(id),
  team_id TEXT NOT NULL REFERENCES teams(id),
  PRIMARY KEY (user_id, team_id)
);
CREATE TABLE IF NOT EXISTS tokens (
  token_sha256 TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS instances (
  id TEXT PRIMARY KEY,
  challenge_id TEXT NOT NULL,
  competition_id TEXT NOT NULL REFERENCES competitions(id),
  team_id TEXT NOT NULL REFERENCES teams(id),
  started_by TEXT NOT NULL REFERENCES users(id),
  status TEXT NOT NULL,
  phase TEXT,
  message TEXT,
  created_at INTEGER NOT NULL,
  ready_at INTEGER,
  expires_at INTEGER NOT NULL,
  ended_at INTEGER,
  ttl INTEGER NOT NULL,
  surface TEXT,
  network TEXT,
  pgid INTEGER,
  end_reason TEXT,
  ended_by TEXT,
  phase_log TEXT
);
CREATE INDEX IF NOT EXISTS instances_team ON instances(team_id, created_at DESC);
CREATE INDEX IF NOT EXISTS instances_status ON instances(status);
CREATE TABLE IF NOT EXISTS question_state (
  team_id TEXT NOT NULL REFERENCES teams(id),
  challenge_id TEXT NOT NULL,
  question_id TEXT NOT NULL,
  attempts_used INTEGER NOT NULL DEFAULT 0,
  solved_at INTEGER,
  solved_by TEXT,
  PRIMARY KEY (team_id, challenge_id, question_id)
);
CREATE TABLE IF NOT EXISTS submissions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  team_id TEXT NOT NULL,
  challenge_id TEXT NOT NULL,
  question_id TEXT NOT NULL,
  instance_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  answer TEXT NOT NULL,
  correct INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
`;

/** Opens (and creates if needed) the database; `fresh` is true when it was just created. */
export function openDb(dataDir: string): { db: Db; fresh: boolean } {
  prepareDataDir(dataDir);
  let db: Db | undefined;
  try {
    db = new Db(join(dataDir, 'ctfy.sqlite'));
    db.pragma('journal_mode = WAL');
    // FULL: a committed submission survives even a power cut, not only a crash.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    addMissingColumns(db);
  } catch (err) {
    db?.close();
    throw new DataDirError(
      dataDir,
      `cannot open the database ctfy.sqlite in it: ${(err as Error).message}`,
    );
  }
  const seeded = db.prepare("SELECT value FROM meta WHERE key = 'seeded_at'").get();
  return { db, fresh: seeded === undefined };
}

/**
 * Columns added after the first release (local-platform extensions): a
 * database made by an older version gets them, empty, on open.
 */
const ADDED_INSTANCE_COLUMNS = ['end_reason TEXT', 'ended_by TEXT', 'phase_log TEXT'];

function addMissingColumns(db: Db): void {
  const have = new Set(
    (db.prepare('PRAGMA table_info(instances)').all() as { name: string }[]).map((c) => c.name),
  );
  for (const column of ADDED_INSTANCE_COLUMNS) {
    if (!have.has(column.split(' ')[0]!)) db.exec(`ALTER TABLE instances ADD COLUMN ${column}`);
  }
}
