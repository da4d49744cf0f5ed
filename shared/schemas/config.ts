/** The SPA's runtime configuration (`/config.json`). */
import { z } from '../zod';

/** `/config.json`, fetched by the SPA at start. */
export const RuntimeConfigSchema = z.object({
  apiBaseUrl: z.string().min(1).default('/api'),
  appName: z.string().min(1).default('ctfy'),
  /** what a flag looks like, when the platform's settings do not say (regular expression) */
  flagPattern: z.string().min(1).max(500).optional(),
});
export type RuntimeConfig = z.infer<typeof RuntimeConfigSchema>;
