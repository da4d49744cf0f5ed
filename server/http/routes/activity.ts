/**
 * GET /activity (extension of the local platform, absent when
 * CTFY_EXTENSIONS=off): the team's recent events, newest first, with a
 * cursor for `?since=`.
 */
import { ActivityQuerySchema, type ActivityResponse } from '../../../shared/schemas';
import type { AppContext, RouteDef } from '../context';
import { parseInput } from '../errors';
import { pickCompetition, resolveTeam } from '../scope';

export function activityRoutes(ctx: AppContext): RouteDef[] {
  const log = ctx.activity;
  if (!log) return [];
  return [
    {
      method: 'GET',
      path: '/activity',
      scopedTwin: true,
      handler: ({ req, caller, scopedCid }): ActivityResponse => {
        const query = parseInput(ActivityQuerySchema, req.query, 'query');
        const team = resolveTeam(caller, pickCompetition(scopedCid, query.competition_id));
        return log.list(
          team.id,
          { since: query.since, limit: query.limit },
          {
            challengeName: (id) => ctx.runtime.catalog.get(id)?.name,
            questionTitle: (cid, qid) =>
              ctx.runtime.catalog.get(cid)?.questions.find((q) => q.id === qid)?.title,
          },
        );
      },
    },
  ];
}
