/** /auth/me, /auth/logout and /settings (login is public: see app.ts). */
import { ChallengesQuerySchema, type Me, type Settings } from '../../../shared/schemas';
import type { AppContext, RouteDef } from '../context';
import { parseInput } from '../errors';
import { pickCompetition, resolveTeam } from '../scope';

export function accountRoutes(ctx: AppContext): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/auth/me',
      handler: ({ caller }): Me => ({
        user: {
          id: caller.user.id,
          name: caller.user.name,
          display_name: caller.user.display_name,
        },
        teams: caller.teams.map((t) => ({
          id: t.id,
          name: t.name,
          competition_id: t.competition_id,
          competition_name: t.competition_name,
        })),
      }),
    },
    {
      method: 'POST',
      path: '/auth/logout',
      handler: ({ caller, reply }) => {
        ctx.store.revokeToken(caller.token);
        return reply.code(204).send();
      },
    },
    {
      method: 'GET',
      path: '/settings',
      scopedTwin: true,
      // The platform's settings (the SDK's words): no team is needed to read
      // them. A competition named by the path or `competition_id` must be one
      // of the caller's (404 otherwise); it could refine them, and today
      // every competition shares the platform's.
      handler: ({ req, caller, scopedCid }): Settings => {
        const query = parseInput(ChallengesQuerySchema, req.query, 'query');
        const competitionId = pickCompetition(scopedCid, query.competition_id);
        if (competitionId) resolveTeam(caller, competitionId);
        return {
          default_instance_ttl_s: ctx.config.defaultInstanceTtlS,
          max_instance_ttl_s: ctx.config.maxInstanceTtlS,
          max_instances_per_team: ctx.config.maxInstancesPerTeam,
          ...(ctx.config.extensions ? { flag_pattern: ctx.config.flagPattern } : {}),
        };
      },
    },
  ];
}
