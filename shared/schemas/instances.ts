/** Instances: start, status, renew, stop, the list. */
import { withMeta, z } from '../zod';
import { InstanceStatusSchema, NullableTimestamp, Timestamp, TopologySchema } from './common';
import { extension } from './meta';
import { QuestionSchema } from './questions';

export const EntrypointSchema = z.object({
  name: z.string(),
  protocol: z.string(), // "http" | "https" | "tcp" | "udp" | other
  host: z.string(),
  port: z.number().check(z.int()),
  url: z.nullish(z.string()),
});
export type Entrypoint = z.infer<typeof EntrypointSchema>;

export const SurfaceSchema = z.object({
  entrypoints: z.array(EntrypointSchema),
});
export type Surface = z.infer<typeof SurfaceSchema>;

export const NetworkSchema = z.object({
  topology: TopologySchema,
  subnet: z.nullish(z.string()),
  vpn_available: z.nullish(z.boolean()),
});
export type Network = z.infer<typeof NetworkSchema>;

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
  ended_at: withMeta(NullableTimestamp, { description: `${EXTENSION}when the instance ended.` }),
  end_reason: withMeta(z.nullish(EndReasonSchema), {
    description: `${EXTENSION}why it ended: ${END_REASONS.join(', ')}.`,
  }),
  ended_by: withMeta(z.nullish(z.string()), {
    description: `${EXTENSION}the user who stopped it.`,
  }),
  phases: withMeta(z.nullish(z.array(PhaseRecordSchema)), {
    description: `${EXTENSION}every start-up phase, with its source (platform or service) and time.`,
  }),
};

/**
 * Extension (local platform): an instance's traffic at a glance, kept up to
 * date as flows are recorded. `per_minute` and `errors_per_minute` are the
 * last 30 minutes, oldest first; the last entry is the minute ending at
 * `window_end` (still filling). An error is a flow that failed or got a 5xx.
 */
export const TrafficSummarySchema = z.object({
  flows: z.number().check(z.int(), z.nonnegative()),
  errors: z.number().check(z.int(), z.nonnegative()),
  last_flow_at: NullableTimestamp,
  window_end: Timestamp,
  per_minute: z.array(z.number().check(z.int(), z.nonnegative())).check(z.maxLength(120)),
  errors_per_minute: z.array(z.number().check(z.int(), z.nonnegative())).check(z.maxLength(120)),
});
export type TrafficSummary = z.infer<typeof TrafficSummarySchema>;

export const InstanceInfoSchema = z.object({
  id: z.string(),
  challenge_id: z.string(),
  challenge_name: z.nullish(z.string()),
  competition_id: z.string(),
  team_id: z.nullish(z.string()),
  started_by: z.nullish(z.string()),
  status: InstanceStatusSchema,
  phase: z.nullish(z.string()),
  message: z.nullish(z.string()),
  created_at: Timestamp,
  ready_at: NullableTimestamp,
  expires_at: NullableTimestamp,
  ttl: z.nullish(z.number().check(z.int())),
  network_topology: z.nullish(TopologySchema),
  surface: z.nullish(SurfaceSchema),
  network: z.nullish(NetworkSchema),
  questions: z._default(z.array(QuestionSchema), []),
  ...EndAndPhases,
  /** Extension (local platform): see TrafficSummarySchema; absent without a capture. */
  traffic_summary: withMeta(
    z.nullish(TrafficSummarySchema),
    extension('flows, errors and requests per minute over 30 min'),
  ),
});
export type InstanceInfo = z.infer<typeof InstanceInfoSchema>;

export const InstanceStatusResponseSchema = z.object({
  id: z.string(),
  status: InstanceStatusSchema,
  ready: z.nullish(z.boolean()),
  phase: z.nullish(z.string()),
  message: z.nullish(z.string()),
  surface: z.nullish(SurfaceSchema),
  network: z.nullish(NetworkSchema),
  expires_at: NullableTimestamp,
  ready_at: NullableTimestamp,
  ...EndAndPhases,
});
export type InstanceStatusResponse = z.infer<typeof InstanceStatusResponseSchema>;

export const StartRequestSchema = z.object({
  challenge_id: z
    .string()
    .check(z.trim(), z.minLength(1, 'challenge_id is required'), z.maxLength(200)),
  competition_id: z._default(z.string().check(z.maxLength(200)), ''),
  ttl: z.optional(z.number().check(z.int(), z.positive(), z.maximum(10 * 365 * 24 * 3600))),
  proxy_output_dir: z.optional(z.string().check(z.maxLength(4096))),
});
export type StartRequest = z.input<typeof StartRequestSchema>;

export const StartResponseSchema = z.object({
  id: z.string(),
  status: z.nullish(InstanceStatusSchema),
  challenge_id: z.nullish(z.string()),
  competition_id: z.nullish(z.string()),
});
export type StartResponse = z.infer<typeof StartResponseSchema>;

/**
 * The query every `/instances/{id}…` route reads: a `competition_id`, when
 * given, must be the instance's competition (else 404), as a scoped path must.
 */
export const InstanceQuerySchema = z.object({
  competition_id: z.optional(z.string().check(z.maxLength(200))),
});

/** `renew?ttl=`: digits only (no `0x10`, spaces, signs or `ttl[]`), else 422. */
export const RenewQuerySchema = z.catchall(
  z.extend(InstanceQuerySchema, {
    ttl: z.optional(
      z.pipe(
        z.pipe(
          z
            .string()
            .check(
              z.regex(/^[0-9]{1,12}$/, 'must be a whole number of seconds, in decimal digits only'),
            ),
          z.transform(Number),
        ),
        z
          .number()
          .check(z.int(), z.positive('must be at least 1'), z.maximum(10 * 365 * 24 * 3600)),
      ),
    ),
  }),
  z.never(), // strict: an unknown key is a 422
);

export const RenewResponseSchema = z.object({
  id: z.string(),
  expires_at: Timestamp,
  ttl: z.nullish(z.number().check(z.int())),
});
export type RenewResponse = z.infer<typeof RenewResponseSchema>;

/** Query of GET /instances. Bad values are rejected by the server (422). */
export const ListInstancesQuerySchema = z.object({
  challenge_id: z.optional(z.string().check(z.maxLength(200))),
  status: z.optional(z.string().check(z.maxLength(50))),
  q: z.optional(z.string().check(z.maxLength(200))),
  competition_id: z.optional(z.string().check(z.maxLength(200))),
  offset: z._default(z.coerce.number().check(z.int(), z.nonnegative()), 0),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 50),
});
export type ListInstancesQuery = z.input<typeof ListInstancesQuerySchema>;

/** `{items, total?}` or a bare list, normalised to the object form. */
export const InstanceListResponseSchema = z.union([
  z.object({
    items: z.array(InstanceInfoSchema),
    total: z.nullish(z.number().check(z.int())),
    offset: z.nullish(z.number().check(z.int())),
    limit: z.nullish(z.number().check(z.int())),
  }),
  z.pipe(
    z.array(InstanceInfoSchema),
    z.transform((items) => ({
      items,
      total: undefined,
      offset: undefined,
      limit: undefined,
    })),
  ),
]);
/** One page of the team's instances, as GET /instances answers it (normalised). */
export type InstanceList = z.output<typeof InstanceListResponseSchema>;
