/** Extension (local platform): the team's activity feed. */
import { z } from '../zod';
import { Timestamp } from './common';

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
  instance_id: z.nullish(z.string()),
  challenge_id: z.nullish(z.string()),
  challenge_name: z.nullish(z.string()),
  actor: z.nullish(z.string()),
  question_id: z.nullish(z.string()),
  question_title: z.nullish(z.string()),
  points: z.nullish(z.number()),
  reason: z.nullish(z.string()),
  message: z.nullish(z.string()),
});
export type ActivityEvent = z.infer<typeof ActivityEventSchema>;

/** Newest first; `cursor` goes back as `?since=` to get only what is newer. */
export const ActivityResponseSchema = z.object({
  items: z.array(ActivityEventSchema),
  cursor: z.string().check(z.maxLength(100)),
});
export type ActivityResponse = z.infer<typeof ActivityResponseSchema>;

export const ActivityQuerySchema = z.object({
  competition_id: z.optional(z.string().check(z.maxLength(200))),
  /** a `cursor` of an earlier answer */
  since: z.optional(z.string().check(z.maxLength(100))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
});
