/**
 * Which team a call is about, and whether the caller may see an instance or
 * challenge. Another team's instance is 404 on every route, scoped or not.
 */
import { isTerminalStatus } from '../../shared/schemas';
import { TERMINAL_VISIBLE_MS } from '../lifecycle';
import type { ChallengeSpec } from '../runtime/types';
import type { InstanceRow, TeamRow } from '../store/store';
import type { AppContext, Caller } from './context';
import { HttpError, notFound } from './errors';

/**
 * The caller's team in `competitionId`, or, when none is given, their only
 * team; several teams and no competition is a 400 (as the SDK says).
 */
export function resolveTeam(caller: Caller, competitionId: string | undefined): TeamRow {
  if (competitionId) {
    const team = caller.teams.find((t) => t.competition_id === competitionId);
    if (!team) {
      throw notFound(`Competition ${competitionId} not found, or you are not on a team in it.`);
    }
    return team;
  }
  if (caller.teams.length === 1) return caller.teams[0] as TeamRow;
  if (caller.teams.length === 0) {
    throw new HttpError(403, 'You are not on any team, so you cannot play yet.');
  }
  const ids = caller.teams.map((t) => t.competition_id).join(', ');
  throw new HttpError(400, `You are on several teams: pass competition_id (one of: ${ids}).`);
}

/** The competition named by a scoped path or a `competition_id` parameter (they must agree). */
export function pickCompetition(
  scopedCid: string | undefined,
  param: string | undefined,
): string | undefined {
  if (scopedCid && param && scopedCid !== param) {
    throw new HttpError(
      400,
      `competition_id=${param} does not match the competition in the path (${scopedCid}).`,
    );
  }
  return scopedCid || param || undefined;
}

export function isVisible(row: InstanceRow, now = Date.now()): boolean {
  if (!isTerminalStatus(row.status)) return true;
  return row.ended_at === null || now - row.ended_at < TERMINAL_VISIBLE_MS;
}

/**
 * The instance, when it belongs to one of the caller's teams (to their team
 * in `competitionId` when given) and is still readable; 404 otherwise.
 */
export function findInstance(
  ctx: AppContext,
  caller: Caller,
  id: string,
  competitionId: string | undefined,
): { row: InstanceRow; team: TeamRow } {
  const missing = () => notFound(`Instance ${id} not found.`);
  if (id.length > 200) throw missing();
  const row = ctx.store.instance(id);
  if (!row || !isVisible(row)) throw missing();
  const team = caller.teams.find((t) => t.id === row.team_id);
  if (!team) throw missing();
  if (competitionId && row.competition_id !== competitionId) throw missing();
  return { row, team };
}

export function isOffered(spec: ChallengeSpec, competitionId: string): boolean {
  return spec.competitions.length === 0 || spec.competitions.includes(competitionId);
}

/** A challenge offered in `competitionId`, or in any of the caller's competitions. */
export function findChallenge(
  ctx: AppContext,
  caller: Caller,
  id: string,
  competitionId: string | undefined,
): ChallengeSpec {
  const spec = ctx.runtime.catalog.get(id);
  const comps = competitionId
    ? [resolveTeam(caller, competitionId).competition_id]
    : caller.teams.map((t) => t.competition_id);
  if (!spec || !comps.some((c) => isOffered(spec, c))) {
    throw notFound(
      competitionId
        ? `Challenge ${id} not found in competition ${competitionId}.`
        : `Challenge ${id} not found.`,
    );
  }
  return spec;
}
