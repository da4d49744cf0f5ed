/** Error bodies, in FastAPI's shape. */
import { z } from '../zod';

/** FastAPI error body: `{detail: "text"}` or `{detail: [{loc, msg, type}]}`. */
export const ValidationIssueSchema = z.object({
  loc: z.optional(z.array(z.union([z.string(), z.number()]))),
  msg: z.string(),
  type: z.optional(z.string()),
});
export const ErrorBodySchema = z.object({
  detail: z.union([z.string(), z.array(ValidationIssueSchema)]),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
