/** A competition's settings. */
import { z } from '../zod';
import { extension } from './meta';

export const SettingsSchema = z.object({
  default_instance_ttl_s: z.number().int().positive(),
  max_instance_ttl_s: z.number().int().positive(),
  max_instances_per_team: z.number().int().nonnegative().nullish(),
  /**
   * A regular expression of what a flag looks like in this competition (the
   * traffic viewer finds flags with it). Without it (or when it is not a
   * usable pattern) the runtime config's, else a default.
   */
  flag_pattern: z
    .string()
    .max(500)
    .nullish()
    .meta(extension('a regular expression of what a flag looks like in this competition')),
});
export type Settings = z.infer<typeof SettingsSchema>;
