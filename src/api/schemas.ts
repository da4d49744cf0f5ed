/**
 * The zod schemas of the ctfy API (see ../shared/API.md).
 *
 * One source of truth: the SPA validates every response with these, and the
 * local platform in `server/` validates every request body and query with
 * them. Response schemas are tolerant: unknown fields are accepted (and
 * dropped), and every field the SDK does not fix is optional.
 */
import { z } from 'zod';

/** Marks a field as a local-platform extension in the OpenAPI (`x-ctfy-extension`). */
const extension = (description: string) => ({
  description: `Extension (local platform, off with CTFY_EXTENSIONS=off): ${description}`,
  'x-ctfy-extension': true,
});

// ---------------------------------------------------------------- basics

/** Instance status. Known values are listed; any other string is accepted. */
export const KNOWN_STATUSES = [
  'pending',
  'starting',
  'running',
  'stopping',
  'stopped',
  'expired',
  'failed',
] as const;
export type KnownStatus = (typeof KNOWN_STATUSES)[number];
export const TERMINAL_STATUSES: readonly string[] = ['stopped', 'expired', 'failed'];

/** An unknown status is shown as it is and treated as not terminal. */
export function isTerminalStatus(status: string): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export const InstanceStatusSchema = z.string();
export const TopologySchema = z.string(); // "simple" | "engagement" | other
const Timestamp = z.string();
const NullableTimestamp = Timestamp.nullable().optional();

// ---------------------------------------------------------------- auth

export const UserSchema = z.object({
  id: z.string(),
  name: z.string(),
  display_name: z.string().nullish(),
});
export type User = z.infer<typeof UserSchema>;

export const TeamSchema = z.object({
  id: z.string(),
  name: z.string(),
  competition_id: z.string(),
  competition_name: z.string().nullish(),
});
export type Team = z.infer<typeof TeamSchema>;

export const MeSchema = z.object({
  user: UserSchema,
  teams: z.array(TeamSchema),
});
export type Me = z.infer<typeof MeSchema>;

export const LoginRequestSchema = z.object({
  username: z.string().trim().min(1, 'username is required').max(200),
  password: z.string().min(1, 'password is required').max(1000),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const LoginResponseSchema = z.object({
  token: z.string().min(1),
  expires_at: NullableTimestamp,
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

// ---------------------------------------------------------------- settings

export const SettingsSchema = z.object({
  default_instance_ttl_s: z.number().int().positive(),
  max_instance_ttl_s: z.number().int().positive(),
  max_instances_per_team: z.number().int().nonnegative().nullish(),
});
export type Settings = z.infer<typeof SettingsSchema>;

// ---------------------------------------------------------------- challenges

export const ChallengeSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string().nullish(),
  difficulty: z.string().nullish(),
  description: z.string().nullish(),
  network_topology: TopologySchema.default('simple'),
  questions_count: z.number().int().nonnegative().nullish(),
  tags: z.array(z.string()).nullish(),
  /** Extension (local platform): this team's progress on the challenge. */
  progress: z
    .object({
      /** questions answered correctly, of `total` */
      answered: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
      points_earned: z.number().nonnegative(),
      points_possible: z.number().nonnegative(),
      /** every question answered correctly */
      solved: z.boolean(),
      /** the team's live instance of it, if any */
      live_instance_id: z.string().nullish(),
      live_status: z.string().nullish(),
    })
    .nullish()
    .meta(extension("this team's progress on the challenge")),
});
export type Challenge = z.infer<typeof ChallengeSchema>;
export type ChallengeProgress = NonNullable<Challenge['progress']>;

export const ChallengesQuerySchema = z.object({
  competition_id: z.string().max(200).optional(),
});

// ---------------------------------------------------------------- instances

export const EntrypointSchema = z.object({
  name: z.string(),
  protocol: z.string(), // "http" | "https" | "tcp" | "udp" | other
  host: z.string(),
  port: z.number().int(),
  url: z.string().nullish(),
});
export type Entrypoint = z.infer<typeof EntrypointSchema>;

export const SurfaceSchema = z.object({
  entrypoints: z.array(EntrypointSchema),
});
export type Surface = z.infer<typeof SurfaceSchema>;

export const NetworkSchema = z.object({
  topology: TopologySchema,
  subnet: z.string().nullish(),
  vpn_available: z.boolean().nullish(),
});
export type Network = z.infer<typeof NetworkSchema>;

export const QuestionSchema = z.object({
  id: z.string(),
  title: z.string().nullish(),
  /** Empty for a locked question: the prompt is not sent before it unlocks. */
  prompt: z.string(),
  unlocked: z.boolean(),
  answered_correctly: z.boolean(),
  /** null = unlimited */
  attempts_remaining: z.number().int().nullable(),
  max_attempts: z.number().int().nullish(),
  requires: z.array(z.string()).nullish(),
  points: z.number().nullish(),
  /** Extension (local platform): who answered it correctly (user name), and when. */
  answered_by: z.string().nullish().meta(extension('user name of who answered it correctly')),
  answered_at: NullableTimestamp.meta(extension('when it was answered correctly')),
});
export type Question = z.infer<typeof QuestionSchema>;

/**
 * Local-platform extensions (absent from a plain ctfy server; the dashboard
 * falls back to `message` and the tab's own observations):
 * why an instance ended, and every start-up phase with who named it.
 */
export const END_REASONS = [
  'stopped',
  'solved',
  'expired',
  'failed',
  'platform_restart',
  'platform_shutdown',
] as const;
export type EndReason = (typeof END_REASONS)[number];
export const EndReasonSchema = z.string(); // one of END_REASONS, or a newer one

export const PhaseRecordSchema = z.object({
  phase: z.string(),
  /** "platform" (its own steps) or "service" (reported by the challenge's service) */
  source: z.string(),
  at: Timestamp,
});
export type PhaseRecord = z.infer<typeof PhaseRecordSchema>;

/** The extension fields, on both the instance and its status. */
const EXTENSION = 'Local-platform extension (not in the ctfy contract): ';
const EndAndPhases = {
  ended_at: NullableTimestamp.describe(`${EXTENSION}when the instance ended.`),
  end_reason: EndReasonSchema.nullish().describe(
    `${EXTENSION}why it ended: ${END_REASONS.join(', ')}.`,
  ),
  ended_by: z.string().nullish().describe(`${EXTENSION}the user who stopped it.`),
  phases: z
    .array(PhaseRecordSchema)
    .nullish()
    .describe(`${EXTENSION}every start-up phase, with its source (platform or service) and time.`),
};

/**
 * Extension (local platform): an instance's traffic at a glance, kept up to
 * date as flows are recorded. `per_minute` and `errors_per_minute` are the
 * last 30 minutes, oldest first; the last entry is the minute ending at
 * `window_end` (still filling). An error is a flow that failed or got a 5xx.
 */
export const TrafficSummarySchema = z.object({
  flows: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  last_flow_at: NullableTimestamp,
  window_end: Timestamp,
  per_minute: z.array(z.number().int().nonnegative()).max(120),
  errors_per_minute: z.array(z.number().int().nonnegative()).max(120),
});
export type TrafficSummary = z.infer<typeof TrafficSummarySchema>;

export const InstanceInfoSchema = z.object({
  id: z.string(),
  challenge_id: z.string(),
  challenge_name: z.string().nullish(),
  competition_id: z.string(),
  team_id: z.string().nullish(),
  started_by: z.string().nullish(),
  status: InstanceStatusSchema,
  phase: z.string().nullish(),
  message: z.string().nullish(),
  created_at: Timestamp,
  ready_at: NullableTimestamp,
  expires_at: NullableTimestamp,
  ttl: z.number().int().nullish(),
  network_topology: TopologySchema.nullish(),
  surface: SurfaceSchema.nullish(),
  network: NetworkSchema.nullish(),
  questions: z.array(QuestionSchema).default([]),
  ...EndAndPhases,
  /** Extension (local platform): see TrafficSummarySchema; absent without a capture. */
  traffic_summary: TrafficSummarySchema.nullish().meta(
    extension('flows, errors and requests per minute over 30 min'),
  ),
});
export type InstanceInfo = z.infer<typeof InstanceInfoSchema>;

export const InstanceStatusResponseSchema = z.object({
  id: z.string(),
  status: InstanceStatusSchema,
  ready: z.boolean().nullish(),
  phase: z.string().nullish(),
  message: z.string().nullish(),
  surface: SurfaceSchema.nullish(),
  network: NetworkSchema.nullish(),
  expires_at: NullableTimestamp,
  ready_at: NullableTimestamp,
  ...EndAndPhases,
});
export type InstanceStatusResponse = z.infer<typeof InstanceStatusResponseSchema>;

export const StartRequestSchema = z.object({
  challenge_id: z.string().trim().min(1, 'challenge_id is required').max(200),
  competition_id: z.string().max(200).default(''),
  ttl: z
    .number()
    .int()
    .positive()
    .max(10 * 365 * 24 * 3600)
    .optional(),
  proxy_output_dir: z.string().max(4096).optional(),
});
export type StartRequest = z.input<typeof StartRequestSchema>;

export const StartResponseSchema = z.object({
  id: z.string(),
  status: InstanceStatusSchema.nullish(),
  challenge_id: z.string().nullish(),
  competition_id: z.string().nullish(),
});
export type StartResponse = z.infer<typeof StartResponseSchema>;

/**
 * The query every `/instances/{id}…` route reads: a `competition_id`, when
 * given, must be the instance's competition (else 404), as a scoped path must.
 */
export const InstanceQuerySchema = z.object({
  competition_id: z.string().max(200).optional(),
});

/** `renew?ttl=`: digits only (no `0x10`, spaces, signs or `ttl[]`), else 422. */
export const RenewQuerySchema = InstanceQuerySchema.extend({
  ttl: z
    .string()
    .regex(/^[0-9]{1,12}$/, 'must be a whole number of seconds, in decimal digits only')
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .positive('must be at least 1')
        .max(10 * 365 * 24 * 3600),
    )
    .optional(),
}).strict();

export const RenewResponseSchema = z.object({
  id: z.string(),
  expires_at: Timestamp,
  ttl: z.number().int().nullish(),
});
export type RenewResponse = z.infer<typeof RenewResponseSchema>;

/** Query of GET /instances. Bad values are rejected by the server (422). */
export const ListInstancesQuerySchema = z.object({
  challenge_id: z.string().max(200).optional(),
  status: z.string().max(50).optional(),
  q: z.string().max(200).optional(),
  competition_id: z.string().max(200).optional(),
  offset: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type ListInstancesQuery = z.input<typeof ListInstancesQuerySchema>;

/** `{items, total?}` or a bare list, normalised to the object form. */
export const InstanceListResponseSchema = z.union([
  z.object({
    items: z.array(InstanceInfoSchema),
    total: z.number().int().nullish(),
    offset: z.number().int().nullish(),
    limit: z.number().int().nullish(),
  }),
  z.array(InstanceInfoSchema).transform((items) => ({
    items,
    total: undefined,
    offset: undefined,
    limit: undefined,
  })),
]);
/** One page of the team's instances, as GET /instances answers it (normalised). */
export type InstanceList = z.output<typeof InstanceListResponseSchema>;

/** `{items}` or a bare list of challenges, normalised to an array. */
export const ChallengeListResponseSchema = z
  .union([z.object({ items: z.array(ChallengeSchema) }), z.array(ChallengeSchema)])
  .transform((v) => (Array.isArray(v) ? v : v.items));

// ---------------------------------------------------------------- activity (extension)

/** Kinds the local platform records; any other string is accepted and shown as it is. */
export const ACTIVITY_KINDS = [
  'instance_started',
  'instance_ready',
  'instance_failed',
  'instance_stopped',
  'instance_renewed',
  'question_answered',
  'attempts_used_up',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/**
 * Extension (local platform): one thing that happened to the team's
 * instances or questions. `actor` is the user name of who did it (null for
 * the platform: expiry, a solve's auto-stop, a failure); `reason` says why
 * an instance stopped (`user`, `solved`, `expired`, `shutdown`).
 */
export const ActivityEventSchema = z.object({
  id: z.string(),
  kind: z.string(),
  at: Timestamp,
  instance_id: z.string().nullish(),
  challenge_id: z.string().nullish(),
  challenge_name: z.string().nullish(),
  actor: z.string().nullish(),
  question_id: z.string().nullish(),
  question_title: z.string().nullish(),
  points: z.number().nullish(),
  reason: z.string().nullish(),
  message: z.string().nullish(),
});
export type ActivityEvent = z.infer<typeof ActivityEventSchema>;

/** Newest first; `cursor` goes back as `?since=` to get only what is newer. */
export const ActivityResponseSchema = z.object({
  items: z.array(ActivityEventSchema),
  cursor: z.string().max(100),
});
export type ActivityResponse = z.infer<typeof ActivityResponseSchema>;

export const ActivityQuerySchema = z.object({
  competition_id: z.string().max(200).optional(),
  /** a `cursor` of an earlier answer */
  since: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// ---------------------------------------------------------------- attachments

export const AttachmentSchema = z.object({
  name: z.string(),
  size: z.number().int().nonnegative(),
  templated: z.boolean().nullish(),
  sha256: z.string().nullish(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const AttachmentListSchema = z
  .union([z.object({ items: z.array(AttachmentSchema) }), z.array(AttachmentSchema)])
  .transform((v) => ({ items: Array.isArray(v) ? v : v.items }));
export type AttachmentList = z.infer<typeof AttachmentListSchema>;

// ---------------------------------------------------------------- submissions

export const SubmissionRequestSchema = z.object({
  instance_id: z.string().trim().min(1, 'instance_id is required').max(200),
  question_id: z.string().trim().min(1, 'question_id is required').max(200),
  answer: z.string().max(10_000, 'answer is too long (10,000 characters at most)'),
  competition_id: z.string().max(200).optional(),
});
export type SubmissionRequest = z.input<typeof SubmissionRequestSchema>;

export const SubmissionResponseSchema = z.object({
  correct: z.boolean(),
  question_id: z.string(),
  attempts_remaining: z.number().int().nullable(),
  answered_correctly: z.boolean(),
  unlocked: z.array(z.string()).nullish(),
  instance_stopped: z.boolean().nullish(),
});
export type SubmissionResponse = z.infer<typeof SubmissionResponseSchema>;

// ---------------------------------------------------------------- errors

/** FastAPI error body: `{detail: "text"}` or `{detail: [{loc, msg, type}]}`. */
export const ValidationIssueSchema = z.object({
  loc: z.array(z.union([z.string(), z.number()])).optional(),
  msg: z.string(),
  type: z.string().optional(),
});
export const ErrorBodySchema = z.object({
  detail: z.union([z.string(), z.array(ValidationIssueSchema)]),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

// ---------------------------------------------------------------- traffic

export const BodySchema = z.object({
  encoding: z.enum(['utf-8', 'base64']),
  data: z.string(),
  /** bytes on the wire (before truncation) */
  size: z.number().int().nonnegative(),
  truncated: z.boolean().nullish(),
});
export type Body = z.infer<typeof BodySchema>;

const HeaderList = z.array(z.tuple([z.string(), z.string()]));
const Address = z.tuple([z.string(), z.number()]);

export const FlowRequestSchema = z.object({
  method: z.string(),
  scheme: z.string(),
  host: z.string(),
  port: z.number().int(),
  path: z.string(),
  http_version: z.string(),
  headers: HeaderList,
  content: BodySchema.nullable(),
  timestamp_start: z.number(),
  timestamp_end: z.number().nullish(),
});
export type FlowRequest = z.infer<typeof FlowRequestSchema>;

export const FlowResponseSchema = z.object({
  status_code: z.number().int(),
  reason: z.string(),
  http_version: z.string(),
  headers: HeaderList,
  content: BodySchema.nullable(),
  timestamp_start: z.number().nullish(),
  timestamp_end: z.number().nullish(),
});
export type FlowResponse = z.infer<typeof FlowResponseSchema>;

export const WebSocketMessageSchema = z.object({
  from_client: z.boolean(),
  type: z.string(), // "text" | "binary"
  content: BodySchema,
  timestamp: z.number(),
});
export type WebSocketMessage = z.infer<typeof WebSocketMessageSchema>;

export const FlowSchema = z.object({
  id: z.string(),
  type: z.string(), // "http" | "websocket" | "tcp"
  timestamp_created: z.number(),
  client_conn: z.object({ peername: Address.nullish() }).nullish(),
  server_conn: z.object({ address: Address.nullish() }).nullish(),
  request: FlowRequestSchema,
  response: FlowResponseSchema.nullable(),
  error: z.object({ msg: z.string(), timestamp: z.number().nullish() }).nullable(),
  websocket: z
    .object({
      messages: z.array(WebSocketMessageSchema),
      close_code: z.number().int().nullish(),
      close_reason: z.string().nullish(),
    })
    .nullish(),
});
export type Flow = z.infer<typeof FlowSchema>;

export const TrafficCaptureSchema = z.object({
  format: z.literal('ctfy-traffic/1'),
  instance_id: z.string(),
  flows: z.array(FlowSchema),
  truncated: z.boolean().nullish(),
  /**
   * Not in the SDK (a local-platform extension other servers may lack): an
   * opaque position after the last flow sent. Passed back as `?since=`, the
   * next answer holds only flows that are new or still changing, and echoes
   * it as `since`. Without `since` in the answer, it is the whole capture.
   */
  cursor: z.string().max(1000).nullish().meta(extension('pass back as ?since= for a delta')),
  since: z.string().max(1000).nullish().meta(extension('the cursor this delta follows')),
  view: z
    .literal('summary')
    .nullish()
    .meta(
      extension(
        '"summary" when the flows are summaries (asked for with ?view=summary: bodies cut to their size, headers to Content-Type, no WebSocket messages); a server without it sends whole flows',
      ),
    ),
});
export type TrafficCapture = z.infer<typeof TrafficCaptureSchema>;

/** `{}` means "no capture"; anything else must be a ctfy-traffic/1 document. */
export const TrafficResponseSchema = z.union([
  z
    .object({})
    .strict()
    .transform(() => null),
  TrafficCaptureSchema,
]);

export const TrafficQuerySchema = InstanceQuerySchema.extend({
  /** a `cursor` of an earlier answer: send only what is new since then */
  since: z.string().max(1000).optional(),
  /** extension: `summary` sends each flow's summary (see TrafficCaptureSchema.view) */
  view: z
    .enum(['full', 'summary'])
    .optional()
    .meta(extension("'summary': each flow's summary (ignored with CTFY_EXTENSIONS=off)")),
});

// ---------------------------------------------------------------- runtime config

/** `/config.json`, fetched by the SPA at start. */
export const RuntimeConfigSchema = z.object({
  apiBaseUrl: z.string().min(1).default('/api'),
  appName: z.string().min(1).default('ctfy'),
});
export type RuntimeConfig = z.infer<typeof RuntimeConfigSchema>;
