/** /challenges and their static attachments (plus the scoped twins). */
import { ChallengesQuerySchema, type Challenge } from '../../../shared/schemas';
import type { AttachmentFile, ChallengeSpec } from '../../runtime/types';
import type { AppContext, RouteDef } from '../context';
import { notFound, parseInput } from '../errors';
import { sendDownload } from '../download';
import { findChallenge, isOffered, pickCompetition, resolveTeam } from '../scope';
import { challengeProgress } from '../extensions';

export function challengeView(spec: ChallengeSpec): Challenge {
  return {
    id: spec.id,
    name: spec.name,
    category: spec.category ?? null,
    difficulty: spec.difficulty ?? null,
    description: spec.description ?? null,
    network_topology: spec.network_topology,
    questions_count: spec.questions.length,
    tags: spec.tags,
  };
}

export function attachmentView(f: AttachmentFile) {
  return { name: f.name, size: f.size, templated: f.templated, sha256: f.sha256 };
}

export function challengeRoutes(ctx: AppContext): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/challenges',
      scopedTwin: true,
      handler: ({ req, caller, scopedCid }) => {
        const query = parseInput(ChallengesQuerySchema, req.query, 'query');
        const team = resolveTeam(caller, pickCompetition(scopedCid, query.competition_id));
        const offered = ctx.runtime.catalog
          .list()
          .filter((c) => isOffered(c, team.competition_id))
          .sort((a, b) => a.id.localeCompare(b.id));
        if (!ctx.config.extensions) return { items: offered.map(challengeView) };
        const live = new Map(
          ctx.store.liveInstancesOfTeam(team.id).map((i) => [i.challenge_id, i]),
        );
        const items = offered.map((spec) => ({
          ...challengeView(spec),
          progress: challengeProgress(
            spec,
            ctx.store.questionStates(team.id, spec.id),
            live.get(spec.id),
          ),
        }));
        return { items };
      },
    },
    {
      method: 'GET',
      path: '/challenges/:challengeId',
      scopedTwin: true,
      handler: ({ req, caller, scopedCid, params }) => {
        const query = parseInput(ChallengesQuerySchema, req.query, 'query');
        const cid = pickCompetition(scopedCid, query.competition_id);
        return challengeView(findChallenge(ctx, caller, params.challengeId ?? '', cid));
      },
    },
    {
      method: 'GET',
      path: '/challenges/:challengeId/attachments',
      scopedTwin: true,
      handler: async ({ req, caller, scopedCid, params }) => {
        const query = parseInput(ChallengesQuerySchema, req.query, 'query');
        const cid = pickCompetition(scopedCid, query.competition_id);
        const spec = findChallenge(ctx, caller, params.challengeId ?? '', cid);
        const files = await ctx.runtime.challengeAttachments(spec);
        return { items: files.map(attachmentView) };
      },
    },
    {
      method: 'GET',
      path: '/challenges/:challengeId/attachments/:name',
      scopedTwin: true,
      handler: async ({ req, reply, caller, scopedCid, params }) => {
        const query = parseInput(ChallengesQuerySchema, req.query, 'query');
        const cid = pickCompetition(scopedCid, query.competition_id);
        const spec = findChallenge(ctx, caller, params.challengeId ?? '', cid);
        const name = params.name ?? '';
        const files = await ctx.runtime.challengeAttachments(spec);
        const file = files.find((f) => f.name === name);
        if (!file) throw notFound(`Attachment not found: ${spec.id} has no file of that name.`);
        return sendDownload(reply, file.name, file.body);
      },
    },
  ];
}
