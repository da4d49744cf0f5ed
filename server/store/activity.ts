/**
 * The team activity log (an extension of the local platform): instance
 * started / ready / failed / stopped / renewed, question answered, attempts
 * used up, written to SQLite as they happen. Retention is bounded: per team
 * the newest `maxPerTeam` events of the last `maxAgeMs` are kept.
 */
import type { ActivityEvent } from '../../shared/schemas';
import type { Db } from './db';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS activity (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  team_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  at INTEGER NOT NULL,
  instance_id TEXT,
  challenge_id TEXT,
  actor TEXT,
  question_id TEXT,
  points REAL,
  reason TEXT,
  message TEXT
);
CREATE INDEX IF NOT EXISTS activity_team ON activity(team_id, id);
`;

export const ACTIVITY_MAX_PER_TEAM = 1_000;
export const ACTIVITY_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
/** prune once every this many inserts */
const PRUNE_EVERY = 50;

export interface ActivityInput {
  teamId: string;
  kind: string;
  instanceId?: string | null;
  challengeId?: string | null;
  actor?: string | null;
  questionId?: string | null;
  points?: number | null;
  reason?: string | null;
  message?: string | null;
  at?: number;
}

interface ActivityRow {
  id: number;
  team_id: string;
  kind: string;
  at: number;
  instance_id: string | null;
  challenge_id: string | null;
  actor: string | null;
  question_id: string | null;
  points: number | null;
  reason: string | null;
  message: string | null;
}

/** Names the API adds to a stored event (from the challenge catalogue). */
export interface ActivityNames {
  challengeName(challengeId: string): string | undefined;
  questionTitle(challengeId: string, questionId: string): string | undefined;
}

export class ActivityLog {
  private inserts = 0;

  constructor(
    private readonly db: Db,
    private readonly maxPerTeam = ACTIVITY_MAX_PER_TEAM,
    private readonly maxAgeMs = ACTIVITY_MAX_AGE_MS,
  ) {
    db.exec(SCHEMA);
  }

  add(e: ActivityInput): void {
    const at = e.at ?? Date.now();
    this.db
      .prepare(
        `INSERT INTO activity (team_id, kind, at, instance_id, challenge_id, actor, question_id, points, reason, message)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.teamId,
        e.kind,
        at,
        e.instanceId ?? null,
        e.challengeId ?? null,
        e.actor ?? null,
        e.questionId ?? null,
        e.points ?? null,
        e.reason ?? null,
        e.message ?? null,
      );
    if (++this.inserts % PRUNE_EVERY === 0) this.prune(e.teamId, at);
  }

  /** Keeps the newest `maxPerTeam` events of `teamId` younger than `maxAgeMs`. */
  prune(teamId: string, now = Date.now()): void {
    this.db.prepare('DELETE FROM activity WHERE at < ?').run(now - this.maxAgeMs);
    this.db
      .prepare(
        `DELETE FROM activity WHERE team_id = ? AND id <= (
           SELECT id FROM activity WHERE team_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
      )
      .run(teamId, teamId, this.maxPerTeam);
  }

  /**
   * The team's events newest first: the latest `limit`, or with `since` (a
   * cursor of an earlier answer) only those after it. The cursor is the
   * newest id seen.
   */
  list(
    teamId: string,
    opts: { since?: string | undefined; limit: number },
    names: ActivityNames,
  ): { items: ActivityEvent[]; cursor: string } {
    const since = parseCursor(opts.since);
    const rows = (
      since === null
        ? this.db
            .prepare('SELECT * FROM activity WHERE team_id = ? ORDER BY id DESC LIMIT ?')
            .all(teamId, opts.limit)
        : this.db
            .prepare('SELECT * FROM activity WHERE team_id = ? AND id > ? ORDER BY id DESC LIMIT ?')
            .all(teamId, since, opts.limit)
    ) as ActivityRow[];
    const newest = rows[0]?.id ?? since ?? this.latestId(teamId);
    return { items: rows.map((r) => view(r, names)), cursor: String(newest) };
  }

  private latestId(teamId: string): number {
    const row = this.db
      .prepare('SELECT max(id) AS id FROM activity WHERE team_id = ?')
      .get(teamId) as { id: number | null };
    return row.id ?? 0;
  }

  count(teamId: string): number {
    return (
      this.db.prepare('SELECT count(*) AS n FROM activity WHERE team_id = ?').get(teamId) as {
        n: number;
      }
    ).n;
  }
}

function parseCursor(cursor: string | undefined): number | null {
  if (cursor === undefined || !/^\d{1,15}$/.test(cursor)) return null;
  return Number(cursor);
}

function view(r: ActivityRow, names: ActivityNames): ActivityEvent {
  return {
    id: String(r.id),
    kind: r.kind,
    at: new Date(r.at).toISOString(),
    instance_id: r.instance_id,
    challenge_id: r.challenge_id,
    challenge_name: r.challenge_id ? (names.challengeName(r.challenge_id) ?? null) : null,
    actor: r.actor,
    question_id: r.question_id,
    question_title:
      r.challenge_id && r.question_id
        ? (names.questionTitle(r.challenge_id, r.question_id) ?? null)
        : null,
    points: r.points,
    reason: r.reason,
    message: r.message,
  };
}
