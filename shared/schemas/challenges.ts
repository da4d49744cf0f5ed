/** The catalogue. */
import { withMeta, z } from '../zod';
import { TopologySchema } from './common';
import { extension } from './meta';

export const ChallengeSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.nullish(z.string()),
  difficulty: z.nullish(z.string()),
  description: z.nullish(z.string()),
  network_topology: z._default(TopologySchema, 'simple'),
  questions_count: z.nullish(z.number().check(z.int(), z.nonnegative())),
  tags: z.nullish(z.array(z.string())),
  /** Extension (local platform): this team's progress on the challenge. */
  progress: withMeta(
    z.nullish(
      z.object({
        /** questions answered correctly, of `total` */
        answered: z.number().check(z.int(), z.nonnegative()),
        total: z.number().check(z.int(), z.nonnegative()),
        points_earned: z.number().check(z.nonnegative()),
        points_possible: z.number().check(z.nonnegative()),
        /** every question answered correctly */
        solved: z.boolean(),
        /** the team's live instance of it, if any */
        live_instance_id: z.nullish(z.string()),
        live_status: z.nullish(z.string()),
      }),
    ),
    extension("this team's progress on the challenge"),
  ),
});
export type Challenge = z.infer<typeof ChallengeSchema>;
export type ChallengeProgress = NonNullable<Challenge['progress']>;

export const ChallengesQuerySchema = z.object({
  competition_id: z.optional(z.string().check(z.maxLength(200))),
});

/** `{items}` or a bare list of challenges, normalised to an array. */
export const ChallengeListResponseSchema = z.pipe(
  z.union([z.object({ items: z.array(ChallengeSchema) }), z.array(ChallengeSchema)]),
  z.transform((v) => (Array.isArray(v) ? v : v.items)),
);
