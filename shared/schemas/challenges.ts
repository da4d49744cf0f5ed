/** The catalogue. */
import { z } from '../zod';
import { TopologySchema } from './common';
import { extension } from './meta';

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

/** `{items}` or a bare list of challenges, normalised to an array. */
export const ChallengeListResponseSchema = z
  .union([z.object({ items: z.array(ChallengeSchema) }), z.array(ChallengeSchema)])
  .transform((v) => (Array.isArray(v) ? v : v.items));
