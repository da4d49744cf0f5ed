/** /instances and everything under /instances/{id} (plus the scoped twins). */
import {
  InstanceQuerySchema,
  ListInstancesQuerySchema,
  RenewQuerySchema,
  StartRequestSchema,
  TrafficQuerySchema,
  isTerminalStatus,
} from '../../../shared/schemas';
import { clampTtl, TERMINAL_VISIBLE_MS } from '../../lifecycle';
import type { QuestionStateRow } from '../../store/store';
import type { AppContext, RouteArgs, RouteDef } from '../context';
import { HttpError, notFound, parseInput } from '../errors';
import { sendDownload } from '../download';
import { findInstance, isOffered, pickCompetition, resolveTeam } from '../scope';
import { sendTraffic } from '../traffic';
import { parseServerFilter, sendMatches } from '../trafficFilter';
import { FilterPool } from '../../runtime/filterPool';
import { TrafficMatchesQuerySchema } from '../../../shared/schemas/trafficFilter';
import { iso, instanceInfo, statusView } from '../views';
import { attachmentView } from './challenges';
import { instanceExtras } from '../extensions';
import type { TrafficAnswer } from '../../runtime/types';
import { answerFromFlows } from '../../runtime/trafficAnswer';

/** The answer of a server without traffic cursors. */
function withoutCursor(answer: TrafficAnswer): TrafficAnswer {
  return {
    since: null,
    batches: answer.batches,
    end: () => ({ ...answer.end(), cursor: null }),
  };
}

export function instanceRoutes(ctx: AppContext): RouteDef[] {
  /**
   * The instance `{id}` names, for every route under it: one rule for the
   * competition, whether it comes from the scoped path or `?competition_id=`
   * (both: they must agree, else 400); an instance of another competition is 404.
   */
  const lookup = ({ req, caller, scopedCid, params }: RouteArgs) => {
    const query = parseInput(InstanceQuerySchema, req.query, 'query');
    const cid = pickCompetition(scopedCid, query.competition_id);
    return findInstance(ctx, caller, params.id ?? '', cid);
  };

  const attachmentsOf = async (args: RouteArgs) => {
    const { row, team } = lookup(args);
    const spec = ctx.runtime.catalog.get(row.challenge_id);
    if (!spec) throw notFound(`Challenge ${row.challenge_id} is no longer available.`);
    return ctx.runtime.instanceAttachments(spec, {
      competition: { id: team.competition_id, name: team.competition_name },
      team: { id: team.id, name: team.name },
      instance: { id: row.id },
      user: { id: row.started_by, name: row.started_by_name },
    });
  };

  return [
    {
      method: 'GET',
      path: '/instances',
      scopedTwin: true,
      handler: ({ req, caller, scopedCid }) => {
        const query = parseInput(ListInstancesQuerySchema, req.query, 'query');
        const team = resolveTeam(caller, pickCompetition(scopedCid, query.competition_id));
        const q = query.q?.trim() || undefined;
        const challengeIdsMatchingQ = q
          ? ctx.runtime.catalog
              .list()
              .filter((c) => c.name.toLowerCase().includes(q.toLowerCase()))
              .map((c) => c.id)
          : undefined;
        const { rows, total } = ctx.store.listInstances({
          teamIds: [team.id],
          challengeId: query.challenge_id || undefined,
          status: query.status?.trim() || undefined,
          q,
          challengeIdsMatchingQ,
          visibleSince: Date.now() - TERMINAL_VISIBLE_MS,
          offset: query.offset,
          limit: query.limit,
        });
        const states = new Map<string, Map<string, QuestionStateRow>>();
        const extras = instanceExtras(ctx);
        const items = rows.map((row) => {
          let s = states.get(row.challenge_id);
          if (!s) {
            s = ctx.store.questionStates(row.team_id, row.challenge_id);
            states.set(row.challenge_id, s);
          }
          return instanceInfo(row, ctx.runtime.catalog.get(row.challenge_id), s, extras);
        });
        return { items, total, offset: query.offset, limit: query.limit };
      },
    },
    {
      method: 'POST',
      path: '/instances',
      scopedTwin: true,
      handler: ({ req, reply, caller, scopedCid }) => {
        const body = parseInput(StartRequestSchema, req.body, 'body');
        const team = resolveTeam(caller, pickCompetition(scopedCid, body.competition_id));
        const spec = ctx.runtime.catalog.get(body.challenge_id);
        if (!spec || !isOffered(spec, team.competition_id)) {
          throw notFound(
            `Challenge ${body.challenge_id} not found in competition ${team.competition_id}.`,
          );
        }
        const row = ctx.lifecycle.start({
          user: caller.user,
          team,
          challenge: spec,
          ttl: body.ttl,
        });
        return reply.code(201).send({
          id: row.id,
          status: row.status,
          challenge_id: row.challenge_id,
          competition_id: row.competition_id,
          created_at: iso(row.created_at),
          expires_at: iso(row.expires_at),
          ttl: row.ttl,
        });
      },
    },
    {
      method: 'GET',
      path: '/instances/:id',
      scopedTwin: true,
      handler: (args) => {
        const { row } = lookup(args);
        return instanceInfo(
          row,
          ctx.runtime.catalog.get(row.challenge_id),
          ctx.store.questionStates(row.team_id, row.challenge_id),
          instanceExtras(ctx),
        );
      },
    },
    {
      method: 'GET',
      path: '/instances/:id/status',
      scopedTwin: true,
      handler: (args) => statusView(lookup(args).row, ctx.config.extensions),
    },
    {
      method: 'DELETE',
      path: '/instances/:id',
      scopedTwin: true,
      handler: async (args) => {
        const { reply, caller } = args;
        const { row } = lookup(args);
        if (isTerminalStatus(row.status)) {
          throw notFound(`Instance ${row.id} is already ${row.status}.`);
        }
        await ctx.lifecycle.end(row.id, 'stopped', `Stopped by ${caller.user.name}.`, {
          wait: true,
          by: caller.user.name,
        });
        return reply.code(204).send();
      },
    },
    {
      method: 'POST',
      path: '/instances/:id/renew',
      scopedTwin: true,
      handler: (args) => {
        const query = parseInput(RenewQuerySchema, args.req.query, 'query');
        const { row } = lookup(args);
        if (!['pending', 'starting', 'running'].includes(row.status)) {
          throw new HttpError(
            409,
            `Instance ${row.id} is ${row.status}: only a live instance can be renewed. Start a new one instead.`,
          );
        }
        const ttl = clampTtl(ctx.config, query.ttl);
        const expiresAt = Date.now() + ttl * 1000;
        ctx.store.updateInstance(row.id, { expires_at: expiresAt, ttl });
        ctx.activity?.add({
          teamId: row.team_id,
          kind: 'instance_renewed',
          instanceId: row.id,
          challengeId: row.challenge_id,
          actor: args.caller.user.name,
        });
        return { id: row.id, expires_at: iso(expiresAt), ttl };
      },
    },
    {
      method: 'GET',
      path: '/instances/:id/attachments',
      scopedTwin: true,
      handler: async (args) => {
        const files = await attachmentsOf(args);
        return { items: files.map(attachmentView) };
      },
    },
    {
      method: 'GET',
      path: '/instances/:id/attachments/:name',
      scopedTwin: true,
      handler: async (args) => {
        const name = args.params.name ?? '';
        const files = await attachmentsOf(args);
        const file = files.find((f) => f.name === name);
        if (!file) throw notFound('Attachment not found: this instance has no file of that name.');
        return sendDownload(args.reply, file.name, file.body);
      },
    },
    {
      method: 'GET',
      path: '/instances/:id/openvpn-config',
      scopedTwin: true,
      handler: (args) => {
        const { reply } = args;
        const { row } = lookup(args);
        const spec = ctx.runtime.catalog.get(row.challenge_id);
        if (!spec || spec.network_topology !== 'engagement') {
          throw notFound(
            `${row.challenge_id} is not an engagement-mode challenge: it has no VPN profile.`,
          );
        }
        if (row.status !== 'running') {
          throw notFound(
            `The instance is ${row.status}, not running: the VPN profile is available while it runs.`,
          );
        }
        const result = ctx.runtime.openVpnConfig(row.id, spec);
        switch (result.state) {
          case 'ready':
            return sendDownload(
              reply,
              `${row.challenge_id}-${row.id}.ovpn`,
              Buffer.from(result.body, 'utf8'),
              'text/plain; charset=utf-8',
            );
          case 'pki-pending':
            throw notFound(
              'The VPN keys for this instance are still being made: retry in a few seconds.',
            );
          case 'not-running':
            throw notFound(
              'The instance is not running yet: the VPN profile is available once it runs.',
            );
          case 'not-engagement':
            throw notFound(
              `${row.challenge_id} is not an engagement-mode challenge: it has no VPN profile.`,
            );
        }
      },
    },
    {
      method: 'GET',
      path: '/instances/:id/traffic',
      scopedTwin: true,
      handler: async (args) => {
        const { req, reply } = args;
        const query = parseInput(TrafficQuerySchema, req.query, 'query');
        const { row } = lookup(args);
        // Cursors and summaries are extensions: without them every answer is the whole capture of whole flows.
        const since = ctx.config.extensions ? query.since : undefined;
        const view = !ctx.config.extensions
          ? undefined
          : query.view === 'summary' && query.layout === 'rows'
            ? 'summary-rows'
            : query.view;
        const answer = await ctx.runtime.traffic(row.id, since, view);
        if (answer === null) return reply.header('Cache-Control', 'no-store').send({});
        return sendTraffic(
          req,
          reply,
          row.id,
          ctx.config.extensions ? answer : { ...withoutCursor(answer), since: null },
        );
      },
    },
    ...(ctx.config.extensions ? trafficExtensionRoutes(ctx, lookup) : []),
  ];
}

/**
 * Extensions of the local platform (absent when CTFY_EXTENSIONS=off): one
 * whole flow, for a viewer that listed summaries, and the ids of the flows
 * a filter matches, evaluated over the capture's bytes.
 */
function trafficExtensionRoutes(
  ctx: AppContext,
  lookup: (args: RouteArgs) => ReturnType<typeof findInstance>,
): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/instances/:id/traffic/flows/:flow_id',
      scopedTwin: true,
      handler: async (args) => {
        const { row } = lookup(args);
        const flowId = args.params.flow_id ?? '';
        const flow = await ctx.runtime.trafficFlow(row.id, flowId);
        if (!flow) throw notFound(`Flow ${flowId} not found in the capture of instance ${row.id}.`);
        return args.reply.header('Cache-Control', 'no-store').send(flow);
      },
    },
    {
      // the filter evaluated over the capture's bytes (`~h`, `~b`: what summaries lack)
      method: 'GET',
      path: '/instances/:id/traffic/matches',
      scopedTwin: true,
      handler: async (args) => {
        const query = parseInput(TrafficMatchesQuerySchema, args.req.query, 'query');
        const { row } = lookup(args);
        const { flagPattern } = ctx.config;
        // a malformed expression is 422 here; the thread parses it again
        parseServerFilter(query.filter, flagPattern);
        // no capture yet: no flows, so none match
        const answer =
          (await ctx.runtime.traffic(row.id, undefined, 'full')) ?? answerFromFlows([]);
        ctx.filterPool ??= new FilterPool({
          threads: ctx.config.filterThreads,
          budgetMs: ctx.config.filterBudgetMs,
        });
        return sendMatches(
          args.reply,
          answer,
          { expression: query.filter, flagPattern },
          ctx.filterPool,
        );
      },
    },
  ];
}
