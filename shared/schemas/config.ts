/** The SPA's runtime configuration (`/config.json`). */
import { z } from 'zod';

/** `/config.json`, fetched by the SPA at start. */
export const RuntimeConfigSchema = z.object({
  apiBaseUrl: z.string().min(1).default('/api'),
  appName: z.string().min(1).default('ctfy'),
});
export type RuntimeConfig = z.infer<typeof RuntimeConfigSchema>;
