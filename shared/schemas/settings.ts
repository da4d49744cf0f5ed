/** A competition's settings. */
import { z } from 'zod';

export const SettingsSchema = z.object({
  default_instance_ttl_s: z.number().int().positive(),
  max_instance_ttl_s: z.number().int().positive(),
  max_instances_per_team: z.number().int().nonnegative().nullish(),
});
export type Settings = z.infer<typeof SettingsSchema>;
