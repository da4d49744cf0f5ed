/** The SPA's runtime configuration (`/config.json`). */
import { z } from '../zod';

/** `/config.json`, fetched by the SPA at start. */
export const RuntimeConfigSchema = z.object({
  apiBaseUrl: z._default(z.string().check(z.minLength(1)), '/api'),
  appName: z._default(z.string().check(z.minLength(1)), 'ctfy'),
  /** what a flag looks like, when the platform's settings do not say (regular expression) */
  flagPattern: z.optional(z.string().check(z.minLength(1), z.maxLength(500))),
});
export type RuntimeConfig = z.infer<typeof RuntimeConfigSchema>;
