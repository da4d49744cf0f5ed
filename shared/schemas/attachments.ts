/** An instance's downloadable files. */
import { z } from '../zod';

export const AttachmentSchema = z.object({
  name: z.string(),
  size: z.number().int().nonnegative(),
  templated: z.boolean().nullish(),
  sha256: z.string().nullish(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const AttachmentListSchema = z
  .union([z.object({ items: z.array(AttachmentSchema) }), z.array(AttachmentSchema)])
  .transform((v) => ({ items: Array.isArray(v) ? v : v.items }));
export type AttachmentList = z.infer<typeof AttachmentListSchema>;
