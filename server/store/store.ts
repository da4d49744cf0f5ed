/**
 * Every read and write of the database, in one place. The HTTP half calls
 * these; nothing else runs SQL.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db';

export const LIVE_STATUSES = ['pending', 'starting', 'running', 'stopping'] as const;
const LIVE_SQL = `('pending','starting','running','stopping')`;

export interface UserRow {
  id: string;
  name: string;
  display_name: string | null;
  password_hash: string;
}

export interface TeamRow {
  id: string;
  name: string;
  competition_id: string;
  competition_name: string;
}

export interface InstanceRow {
  id: string;
  challenge_id: string;
  competition_id: string;
  team_id: string;
  started_by: string;
  started_by_name: string;
  status: string;
  phase: string | null;
  message: string | null;
  created_at: number;
  ready_at: number | null;
  expires_at: number;
  ended_at: number | null;
  ttl: number;
  surface: string | null;
  network: string | null;
  pgid: number | null;
  /** Why it ended (extension): see `EndReason` in shared/schemas. */
  end_reason?: string | null;
  /** Who stopped it (user name), when a user did. */
  ended_by?: string | null;
  /** JSON `PhaseRecord[]`: every start-up phase with its source and time. */
  phase_log?: string | null;
}

export interface QuestionStateRow {
  question_id: string;
  attempts_used: number;
  solved_at: number | null;
  solved_by: string | null;
}

export interface ListFilters {
  teamIds: string[];
  challengeId?: string | undefined;
  /** exact status, or undefined = live ones, or 'all' */
  status?: string | undefined;
  /** case-insensitive: challenge id, instance id prefix, starter name, or one of `challengeIdsByName` */
  q?: string | undefined;
  challengeIdsMatchingQ?: string[] | undefined;
  /** terminal instances that ended before this are no longer visible */
  visibleSince: number;
  offset: number;
  limit: number;
}

export type InstancePatch = Partial<
  Pick<
    InstanceRow,
    | 'status'
    | 'phase'
    | 'message'
    | 'ready_at'
    | 'expires_at'
    | 'ended_at'
    | 'ttl'
    | 'surface'
    | 'network'
    | 'pgid'
    | 'end_reason'
    | 'ended_by'
    | 'phase_log'
  >
>;

const INSTANCE_SELECT = `SELECT i.*, u.name AS started_by_name FROM instances i JOIN users u ON u.id = i.started_by`;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export class Store {
  constructor(readonly db: Db) {}

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ------------------------------------------------------------ users, tokens

  userByName(name: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
  }

  userById(id: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  }

  createToken(userId: string, lifetimeMs: number): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    const expiresAt = now + lifetimeMs;
    this.db
      .prepare(
        'INSERT INTO tokens (token_sha256, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      )
      .run(sha256Hex(token), userId, now, expiresAt);
    return { token, expiresAt };
  }

  userForToken(token: string): UserRow | undefined {
    return this.db
      .prepare(
        `SELECT u.* FROM tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_sha256 = ? AND t.expires_at > ?`,
      )
      .get(sha256Hex(token), Date.now()) as UserRow | undefined;
  }

  revokeToken(token: string): void {
    this.db.prepare('DELETE FROM tokens WHERE token_sha256 = ?').run(sha256Hex(token));
  }

  deleteExpiredTokens(now: number): void {
    this.db.prepare('DELETE FROM tokens WHERE expires_at <= ?').run(now);
  }

  // ------------------------------------------------------------ teams

  teamsOf(userId: string): TeamRow[] {
    return this.db
      .prepare(
        `SELECT t.id, t.name, t.competition_id, c.name AS competition_name
         FROM memberships m JOIN teams t ON t.id = m.team_id
         JOIN competitions c ON c.id = t.competition_id
         WHERE m.user_id = ? ORDER BY c.name, t.name`,
      )
      .all(userId) as TeamRow[];
  }

  team(id: string): TeamRow | undefined {
    return this.db
      .prepare(
        `SELECT t.id, t.name, t.competition_id, c.name AS competition_name
         FROM teams t JOIN competitions c ON c.id = t.competition_id WHERE t.id = ?`,
      )
      .get(id) as TeamRow | undefined;
  }

  // ------------------------------------------------------------ instances

  insertInstance(row: Omit<InstanceRow, 'started_by_name'>): void {
    this.db
      .prepare(
        `INSERT INTO instances (id, challenge_id, competition_id, team_id, started_by, status, phase,
           message, created_at, ready_at, expires_at, ended_at, ttl, surface, network, pgid)
         VALUES (@id, @challenge_id, @competition_id, @team_id, @started_by, @status, @phase,
           @message, @created_at, @ready_at, @expires_at, @ended_at, @ttl, @surface, @network, @pgid)`,
      )
      .run(row);
  }

  instance(id: string): InstanceRow | undefined {
    return this.db.prepare(`${INSTANCE_SELECT} WHERE i.id = ?`).get(id) as InstanceRow | undefined;
  }

  updateInstance(id: string, patch: InstancePatch): void {
    const keys = Object.keys(patch) as (keyof InstancePatch)[];
    if (keys.length === 0) return;
    const sets = keys.map((k) => `${k} = @${k}`).join(', ');
    this.db.prepare(`UPDATE instances SET ${sets} WHERE id = @id`).run({ ...patch, id });
  }

  /**
   * Changes the status only when the current one is in `from`; returns
   * whether it did (so two events racing cannot both win).
   */
  transitionInstance(id: string, from: readonly string[], patch: InstancePatch): boolean {
    const keys = Object.keys(patch) as (keyof InstancePatch)[];
    const sets = keys.map((k) => `${k} = @${k}`).join(', ');
    const placeholders = from.map((_, i) => `@from${i}`).join(', ');
    const params: Record<string, unknown> = { ...patch, id };
    from.forEach((s, i) => (params[`from${i}`] = s));
    const info = this.db
      .prepare(`UPDATE instances SET ${sets} WHERE id = @id AND status IN (${placeholders})`)
      .run(params);
    return info.changes > 0;
  }

  liveInstancesOfTeam(teamId: string): InstanceRow[] {
    return this.db
      .prepare(
        `${INSTANCE_SELECT} WHERE i.team_id = ? AND i.status IN ${LIVE_SQL} ORDER BY i.created_at`,
      )
      .all(teamId) as InstanceRow[];
  }

  liveInstances(): InstanceRow[] {
    return this.db
      .prepare(`${INSTANCE_SELECT} WHERE i.status IN ${LIVE_SQL}`)
      .all() as InstanceRow[];
  }

  instancesDueToExpire(now: number): InstanceRow[] {
    return this.db
      .prepare(
        `${INSTANCE_SELECT} WHERE i.status IN ('pending','starting','running') AND i.expires_at <= ?`,
      )
      .all(now) as InstanceRow[];
  }

  listInstances(f: ListFilters): { rows: InstanceRow[]; total: number } {
    if (f.teamIds.length === 0) return { rows: [], total: 0 };
    const where: string[] = [];
    const params: Record<string, unknown> = { visibleSince: f.visibleSince };
    where.push(`i.team_id IN (${f.teamIds.map((_, i) => `@team${i}`).join(', ')})`);
    f.teamIds.forEach((t, i) => (params[`team${i}`] = t));
    where.push('(i.ended_at IS NULL OR i.ended_at >= @visibleSince)');
    if (f.challengeId) {
      where.push('i.challenge_id = @challengeId');
      params.challengeId = f.challengeId;
    }
    if (f.status === undefined || f.status === '') where.push(`i.status IN ${LIVE_SQL}`);
    else if (f.status !== 'all') {
      where.push('i.status = @status');
      params.status = f.status;
    }
    if (f.q) {
      const like = escapeLike(f.q.toLowerCase());
      params.qContains = `%${like}%`;
      params.qPrefix = `${like}%`;
      const ors = [
        `lower(i.challenge_id) LIKE @qContains ESCAPE '\\'`,
        `lower(i.id) LIKE @qPrefix ESCAPE '\\'`,
        `lower(u.name) LIKE @qContains ESCAPE '\\'`,
        `lower(coalesce(u.display_name, '')) LIKE @qContains ESCAPE '\\'`,
      ];
      (f.challengeIdsMatchingQ ?? []).forEach((c, i) => {
        ors.push(`i.challenge_id = @qc${i}`);
        params[`qc${i}`] = c;
      });
      where.push(`(${ors.join(' OR ')})`);
    }
    const sqlWhere = where.join(' AND ');
    const total = (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM instances i JOIN users u ON u.id = i.started_by WHERE ${sqlWhere}`,
        )
        .get(params) as { n: number }
    ).n;
    const rows = this.db
      .prepare(
        `${INSTANCE_SELECT} WHERE ${sqlWhere} ORDER BY i.created_at DESC, i.rowid DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit: f.limit, offset: f.offset }) as InstanceRow[];
    return { rows, total };
  }

  // ------------------------------------------------------------ questions

  questionStates(teamId: string, challengeId: string): Map<string, QuestionStateRow> {
    const rows = this.db
      .prepare(
        `SELECT question_id, attempts_used, solved_at, solved_by FROM question_state
         WHERE team_id = ? AND challenge_id = ?`,
      )
      .all(teamId, challengeId) as QuestionStateRow[];
    return new Map(rows.map((r) => [r.question_id, r]));
  }

  /** Records one attempt (and the solve, when correct); call inside a transaction. */
  recordAttempt(a: {
    teamId: string;
    challengeId: string;
    questionId: string;
    instanceId: string;
    userId: string;
    answer: string;
    correct: boolean;
    now: number;
  }): void {
    this.db
      .prepare(
        `INSERT INTO question_state (team_id, challenge_id, question_id, attempts_used, solved_at, solved_by)
         VALUES (@teamId, @challengeId, @questionId, 1, @solvedAt, @solvedBy)
         ON CONFLICT (team_id, challenge_id, question_id) DO UPDATE SET
           attempts_used = attempts_used + 1,
           solved_at = coalesce(solved_at, excluded.solved_at),
           solved_by = coalesce(solved_by, excluded.solved_by)`,
      )
      .run({
        teamId: a.teamId,
        challengeId: a.challengeId,
        questionId: a.questionId,
        solvedAt: a.correct ? a.now : null,
        solvedBy: a.correct ? a.userId : null,
      });
    this.db
      .prepare(
        `INSERT INTO submissions (team_id, challenge_id, question_id, instance_id, user_id, answer, correct, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        a.teamId,
        a.challengeId,
        a.questionId,
        a.instanceId,
        a.userId,
        a.answer,
        a.correct ? 1 : 0,
        a.now,
      );
  }

  submissionsOfTeam(teamId: string): { question_id: string; answer: string; correct: number }[] {
    return this.db
      .prepare('SELECT question_id, answer, correct FROM submissions WHERE team_id = ? ORDER BY id')
      .all(teamId) as { question_id: string; answer: string; correct: number }[];
  }
}
