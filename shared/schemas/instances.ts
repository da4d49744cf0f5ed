/** Instances: start, status, renew, stop, the list. */
import { z } from '../zod';
import { InstanceStatusSchema, NullableTimestamp, Timestamp, TopologySchema } from './common';
import { extension } from './meta';
import { QuestionSchema } from './questions';

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
