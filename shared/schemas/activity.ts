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
