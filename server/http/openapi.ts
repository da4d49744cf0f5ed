/**
 * The OpenAPI 3.1 document of what this server serves, generated from the
 * zod schemas the SPA and the server share (`z.toJSONSchema`). Served at
 * `{API_PREFIX}/openapi.json`; `docs/openapi.json` is a copy of it.
 */
import { z } from '../../shared/zod';
import * as S from '../../shared/schemas';

type Json = Record<string, unknown>;

const component = (schema: z.core.$ZodType): Json =>
  z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });

const input = (schema: z.core.$ZodType): Json =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const json = (schema: Json, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});

const error = (description: string) => json(ref('Error'), description);

function queryParams(schema: z.ZodMiniObject): Json[] {
  const js = input(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: js.required?.includes(name) ?? false,
    schema: s,
  }));
}

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
/** `{id}` plus the `competition_id` every instance route reads by one rule. */
const instanceParams = () => [idParam, ...queryParams(S.InstanceQuerySchema)];
const cidParam = { name: 'cid', in: 'path', required: true, schema: { type: 'string' } };

const common = {
  '401': error('Missing, unknown, expired or revoked token'),
  '422': json(ref('ValidationError'), 'Invalid body, query or path parameter'),
};
/** On every route that writes: the platform's disk is full, nothing was saved. */
const diskFull = {
  '507': error("The platform's disk is full: nothing was saved (try again once space is freed)"),
};
const instanceErrors = {
  ...common,
  '404': error(
    "Unknown instance, another team's, another competition's (scoped path or competition_id), or ended over 24 h ago",
  ),
  '400': error('competition_id disagrees with the competition in the scoped path'),
};

export function buildOpenApi(prefix: string): Json {
  const paths: Record<string, Json> = {
    '/health': {
      get: {
        summary: 'Liveness; 503 while degraded (the disk is full)',
        security: [],
        responses: {
          '200': json({ type: 'object', properties: { ok: { const: true } } }),
          '503': json(
            {
              type: 'object',
              required: ['ok', 'detail'],
              properties: { ok: { const: false }, detail: { type: 'string' } },
            },
            'Degraded: DATA_DIR has under 1 MB free (a local-platform extension)',
          ),
        },
      },
    },
    '/auth/login': {
      post: {
        summary: 'Sign in; returns a bearer token',
        security: [],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: input(S.LoginRequestSchema) } },
        },
        responses: {
          '200': json(ref('LoginResponse')),
          ...diskFull,
          '401': error('Wrong username or password'),
          '422': common['422'],
          '429': error(
            'Too many wrong passwords for this user name from this address: wait for Retry-After seconds',
          ),
        },
      },
    },
    '/auth/logout': {
      post: {
        summary: 'Revokes the token',
        responses: { '204': { description: 'Revoked' }, '401': common['401'] },
      },
    },
    '/auth/me': {
      get: {
        summary: 'The caller and their teams',
        responses: { '200': json(ref('Me')), '401': common['401'] },
      },
    },
    '/settings': {
      get: {
        summary:
          "The platform's TTL defaults and per-team quota (a competition_id may refine them)",
        parameters: queryParams(S.ChallengesQuerySchema),
        responses: {
          '200': json(ref('Settings')),
          ...common,
          '404': error('A competition the caller is not on'),
        },
      },
    },
    '/challenges': {
      get: {
        summary: 'Challenges offered in the competition',
        parameters: queryParams(S.ChallengesQuerySchema),
        responses: {
          '200': json({
            type: 'object',
            properties: { items: { type: 'array', items: ref('Challenge') } },
          }),
          '400': error('On several teams and no competition_id'),
          ...common,
        },
      },
    },
    '/challenges/{challengeId}': {
      get: {
        summary: 'One challenge',
        parameters: [{ ...idParam, name: 'challengeId' }, ...queryParams(S.ChallengesQuerySchema)],
        responses: { '200': json(ref('Challenge')), ...common, '404': error('Unknown challenge') },
      },
    },
    '/challenges/{challengeId}/attachments': {
      get: {
        summary: 'Static attachments of a challenge',
        parameters: [{ ...idParam, name: 'challengeId' }],
        responses: {
          '200': json(ref('AttachmentList')),
          ...common,
          '404': error('Unknown challenge'),
        },
      },
    },
    '/challenges/{challengeId}/attachments/{name}': {
      get: {
        summary: 'One static attachment (bytes)',
        parameters: [
          { ...idParam, name: 'challengeId' },
          { ...idParam, name: 'name' },
        ],
        responses: {
          '200': { description: 'The file', content: { 'application/octet-stream': {} } },
          ...common,
          '404': error('No attachment of exactly that name'),
        },
      },
    },
    '/instances': {
      get: {
        summary: "Instances of the caller's team, newest first",
        description:
          "Without `status`: live instances (pending, starting, running, stopping). `status=<s>` filters exactly; `status=all` lists every instance ended less than 24 h ago and every live one. `q` matches challenge id or name, instance id prefix, or the starter's name, case-insensitively.",
        parameters: queryParams(S.ListInstancesQuerySchema),
        responses: {
          '200': json({
            type: 'object',
            properties: {
              items: { type: 'array', items: ref('InstanceInfo') },
              total: { type: 'integer' },
              offset: { type: 'integer' },
              limit: { type: 'integer' },
            },
          }),
          '400': error('On several teams and no competition_id'),
          ...common,
        },
      },
      post: {
        summary: 'Start an instance',
        description:
          'ttl omitted: DEFAULT_INSTANCE_TTL_S; explicit ttl clamped to MAX_INSTANCE_TTL_S. Then poll /instances/{id}/status.',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: input(S.StartRequestSchema) } },
        },
        responses: {
          '201': json(ref('StartResponse'), 'Created (status pending)'),
          ...diskFull,
          '400': error('On several teams and no competition_id'),
          '404': error('Unknown challenge or not offered in the competition'),
          '409': error('The team already runs a live instance of this challenge (detail names it)'),
          '429': error('The team runs MAX_INSTANCES_PER_TEAM live instances'),
          ...common,
        },
      },
    },
    '/instances/{id}': {
      get: {
        summary: 'Full instance info with questions (a locked question\'s prompt is "")',
        parameters: instanceParams(),
        responses: { '200': json(ref('InstanceInfo')), ...instanceErrors },
      },
      delete: {
        summary: 'Stop (idempotent: 404 means already gone)',
        parameters: instanceParams(),
        responses: {
          '204': { description: 'Stopped' },
          ...diskFull,
          ...instanceErrors,
          '404': error('Unknown or already ended'),
        },
      },
    },
    '/instances/{id}/status': {
      get: {
        summary: 'Light status for polling',
        parameters: instanceParams(),
        responses: { '200': json(ref('InstanceStatusResponse')), ...instanceErrors },
      },
    },
    '/instances/{id}/renew': {
      post: {
        summary: 'Extend the TTL (from now)',
        parameters: [idParam, ...queryParams(S.RenewQuerySchema)],
        responses: {
          '200': json(ref('RenewResponse')),
          ...diskFull,
          '409': error('The instance has ended'),
          ...instanceErrors,
        },
      },
    },
    '/instances/{id}/attachments': {
      get: {
        summary: 'Attachments, templates rendered for the team',
        parameters: instanceParams(),
        responses: { '200': json(ref('AttachmentList')), ...instanceErrors },
      },
    },
    '/instances/{id}/attachments/{name}': {
      get: {
        summary: 'One attachment (bytes, Content-Disposition attachment)',
        parameters: [...instanceParams(), { ...idParam, name: 'name' }],
        responses: {
          '200': { description: 'The file', content: { 'application/octet-stream': {} } },
          ...instanceErrors,
        },
      },
    },
    '/instances/{id}/openvpn-config': {
      get: {
        summary: 'OpenVPN client profile (engagement challenges)',
        parameters: instanceParams(),
        responses: {
          '200': { description: 'The profile', content: { 'text/plain': {} } },
          ...instanceErrors,
          '404': error(
            'Not engagement-mode, not running (detail says its status), or keys still being made (retry)',
          ),
        },
      },
    },
    '/instances/{id}/traffic': {
      get: {
        summary: 'Captured traffic: {} when there is no capture (gzip when accepted)',
        description:
          '`?view=summary` is a local-platform extension (not in the SDK): each flow as its summary ' +
          '(bodies cut to their size, headers to Content-Type), said by `view: "summary"` before the flows; ' +
          'ignored (whole flows) when the server runs with CTFY_EXTENSIONS=off. ' +
          "`&layout=rows` with it (extension) sends each summary as an array of the values the head's `fields` names " +
          '(TrafficSummaryRows; a flow that fits no row comes as its summary object); a server without it ignores `layout`.',
        parameters: [idParam, ...queryParams(S.TrafficQuerySchema)],
        responses: {
          '200': json({
            oneOf: [
              { type: 'object', maxProperties: 0 },
              ref('TrafficCapture'),
              ref('TrafficSummaryRows'),
            ],
          }),
          ...instanceErrors,
        },
      },
    },
    '/activity': {
      get: {
        summary:
          "The team's recent activity, newest first; ?since=<cursor> for only what is newer (extension)",
        'x-ctfy-extension': true,
        description:
          'Local-platform extension (not in the SDK): absent (404) when the server runs with CTFY_EXTENSIONS=off.',
        parameters: queryParams(S.ActivityQuerySchema),
        responses: {
          '200': json(ref('ActivityResponse')),
          '400': error('Several teams: pass competition_id'),
          ...common,
        },
      },
    },
    '/instances/{id}/traffic/flows/{flow_id}': {
      get: {
        summary:
          'One whole flow of the capture, by id (extension: the viewer lists summaries and opens a flow)',
        'x-ctfy-extension': true,
        description:
          'Local-platform extension (not in the SDK): absent (404) when the server runs with CTFY_EXTENSIONS=off.',
        parameters: [
          idParam,
          { name: 'flow_id', in: 'path', required: true, schema: { type: 'string' } },
          ...queryParams(S.InstanceQuerySchema),
        ],
        responses: {
          '200': json(ref('Flow')),
          ...instanceErrors,
          '404': error('Unknown instance, or no flow with this id in its capture'),
        },
      },
    },
    '/instances/{id}/traffic/matches': {
      get: {
        summary:
          'The ids of the flows a filter expression matches, evaluated on the server (extension: ~h, ~b, ~flag over summaries)',
        'x-ctfy-extension': true,
        description:
          'Local-platform extension (not in the SDK): absent (404) when the server runs with CTFY_EXTENSIONS=off. ' +
          'The filter language of the viewer (shared/capture/filter). NDJSON: one TrafficMatchBatch line per batch of flows read, ' +
          'then one TrafficMatchEnd line; no last line means the answer was cut short. A malformed expression is 422 with the parse error in detail. ' +
          'The expression runs in a filter thread with a time budget per batch (FILTER_BUDGET_MS, default 5 s): a pattern over it (one that backtracks without end, e.g. (a+)+) ' +
          "ends the answer with one TrafficMatchError line instead of TrafficMatchEnd, its error in words to show as the filter's error.",
        parameters: [idParam, ...queryParams(S.TrafficMatchesQuerySchema)],
        responses: {
          '200': {
            description:
              'NDJSON lines: TrafficMatchBatch…, then TrafficMatchEnd (or TrafficMatchError: over the time budget)',
            content: {
              'application/x-ndjson': {
                schema: {
                  oneOf: [
                    ref('TrafficMatchBatch'),
                    ref('TrafficMatchEnd'),
                    ref('TrafficMatchError'),
                  ],
                },
              },
            },
          },
          ...instanceErrors,
          '422': error('Malformed filter expression (detail: the parse error and where it is)'),
        },
      },
    },
    '/submissions': {
      post: {
        summary: 'Answer one question of an instance',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: input(S.SubmissionRequestSchema) } },
        },
        responses: {
          '200': json(ref('SubmissionResponse')),
          ...diskFull,
          '403': error('Locked question (detail names what to solve first)'),
          '404': error('Unknown instance or question'),
          '409': error('Already answered correctly, or the instance is not running'),
          '429': error('No attempts left'),
          ...common,
        },
      },
    },
  };

  // The scoped twins: same operations, addressed by competition.
  const scoped = [
    '/settings',
    '/challenges',
    '/challenges/{challengeId}',
    '/challenges/{challengeId}/attachments',
    '/challenges/{challengeId}/attachments/{name}',
    '/instances',
    '/instances/{id}',
    '/instances/{id}/status',
    '/instances/{id}/renew',
    '/instances/{id}/attachments',
    '/instances/{id}/attachments/{name}',
    '/instances/{id}/openvpn-config',
    '/instances/{id}/traffic',
    '/instances/{id}/traffic/flows/{flow_id}',
    '/instances/{id}/traffic/matches',
    '/submissions',
    '/activity',
  ];
  const all: Record<string, Json> = {};
  for (const [path, item] of Object.entries(paths)) all[`${prefix}${path}`] = item;
  for (const path of scoped) {
    const item = paths[path] as Record<string, Json>;
    const twin: Record<string, Json> = {};
    for (const [method, op] of Object.entries(item)) {
      twin[method] = {
        ...op,
        summary: `${String(op.summary)} (scoped to a competition)`,
        parameters: [cidParam, ...((op.parameters as Json[] | undefined) ?? [])],
      };
    }
    all[`${prefix}/competitions/{cid}${path}`] = twin;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'ctfy local platform',
      version: '1',
      description:
        'See docs/api.md. Fields and operations not in the SDK are local-platform extensions, ' +
        'marked `x-ctfy-extension: true` or described as such; they are all absent when the server runs with CTFY_EXTENSIONS=off: GET /activity, Question.answered_by/answered_at, InstanceInfo.traffic_summary, Challenge.progress, the traffic cursor (TrafficCapture.cursor/since, ?since=), and the traffic routes flows/{flow_id} and matches.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: { type: 'object', required: ['detail'], properties: { detail: { type: 'string' } } },
        ValidationError: component(S.ErrorBodySchema),
        LoginResponse: component(S.LoginResponseSchema),
        Me: component(S.MeSchema),
        Settings: component(S.SettingsSchema),
        Challenge: component(S.ChallengeSchema),
        InstanceInfo: component(S.InstanceInfoSchema),
        InstanceStatusResponse: component(S.InstanceStatusResponseSchema),
        StartResponse: component(S.StartResponseSchema),
        RenewResponse: component(S.RenewResponseSchema),
        AttachmentList: component(z.object({ items: z.array(S.AttachmentSchema) })),
        SubmissionResponse: component(S.SubmissionResponseSchema),
        TrafficCapture: component(S.TrafficCaptureSchema),
        TrafficSummaryRows: component(S.TrafficSummaryRowsSchema),
        TrafficMatchBatch: component(S.TrafficMatchBatchSchema),
        TrafficMatchEnd: component(S.TrafficMatchEndSchema),
        TrafficMatchError: component(S.TrafficMatchErrorSchema),
        TrafficSummary: {
          ...component(S.TrafficSummarySchema),
          'x-ctfy-extension': true,
        },
        ActivityResponse: { ...component(S.ActivityResponseSchema), 'x-ctfy-extension': true },
        Flow: component(S.FlowSchema),
      },
    },
    security: [{ bearer: [] }],
    paths: all,
  };
}
