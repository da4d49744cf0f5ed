/** An instance's downloadable files. */
import { z } from '../zod';

export const AttachmentSchema = z.object({
  name: z.string(),
  size: z.number().check(z.int(), z.nonnegative()),
  templated: z.nullish(z.boolean()),
  sha256: z.nullish(z.string()),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const AttachmentListSchema = z.pipe(
  z.union([z.object({ items: z.array(AttachmentSchema) }), z.array(AttachmentSchema)]),
  z.transform((v) => ({ items: Array.isArray(v) ? v : v.items })),
);
export type AttachmentList = z.infer<typeof AttachmentListSchema>;
