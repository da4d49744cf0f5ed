/** Error bodies, in FastAPI's shape. */
import { z } from '../zod';

/** FastAPI error body: `{detail: "text"}` or `{detail: [{loc, msg, type}]}`. */
export const ValidationIssueSchema = z.object({
  loc: z.array(z.union([z.string(), z.number()])).optional(),
  msg: z.string(),
  type: z.string().optional(),
});
export const ErrorBodySchema = z.object({
  detail: z.union([z.string(), z.array(ValidationIssueSchema)]),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
