/** A competition's settings. */
import { withMeta, z } from '../zod';
import { extension } from './meta';

export const SettingsSchema = z.object({
  default_instance_ttl_s: z.number().check(z.int(), z.positive()),
  max_instance_ttl_s: z.number().check(z.int(), z.positive()),
  max_instances_per_team: z.nullish(z.number().check(z.int(), z.nonnegative())),
  /**
   * A regular expression of what a flag looks like in this competition (the
   * traffic viewer finds flags with it). Without it (or when it is not a
   * usable pattern) the runtime config's, else a default.
   */
  flag_pattern: withMeta(
    z.nullish(z.string().check(z.maxLength(500))),
    extension('a regular expression of what a flag looks like in this competition'),
  ),
});
export type Settings = z.infer<typeof SettingsSchema>;
