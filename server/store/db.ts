/**
 * The platform's SQLite database (better-sqlite3, WAL) in `DATA_DIR/ctfy.sqlite`.
 * Timestamps are stored as integer milliseconds since the epoch.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DataDirError, prepareDataDir } from './dataDir';

export type Db = Database.Database;

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
    db = new Database(join(dataDir, 'ctfy.sqlite'));
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
