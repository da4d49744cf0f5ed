/** An instance's questions and the answers sent to them (submissions). */
import { withMeta, z } from '../zod';
import { NullableTimestamp } from './common';
import { extension } from './meta';

export const QuestionSchema = z.object({
  id: z.string(),
  title: z.nullish(z.string()),
  /** Empty for a locked question: the prompt is not sent before it unlocks. */
  prompt: z.string(),
  unlocked: z.boolean(),
  answered_correctly: z.boolean(),
  /** null = unlimited */
  attempts_remaining: z.nullable(z.number().check(z.int())),
  max_attempts: z.nullish(z.number().check(z.int())),
  requires: z.nullish(z.array(z.string())),
  points: z.nullish(z.number()),
  /** Extension (local platform): who answered it correctly (user name), and when. */
  answered_by: withMeta(z.nullish(z.string()), extension('user name of who answered it correctly')),
  answered_at: withMeta(NullableTimestamp, extension('when it was answered correctly')),
});
export type Question = z.infer<typeof QuestionSchema>;

export const SubmissionRequestSchema = z.object({
  instance_id: z
    .string()
    .check(z.trim(), z.minLength(1, 'instance_id is required'), z.maxLength(200)),
  question_id: z
    .string()
    .check(z.trim(), z.minLength(1, 'question_id is required'), z.maxLength(200)),
  answer: z.string().check(z.maxLength(10_000, 'answer is too long (10,000 characters at most)')),
  competition_id: z.optional(z.string().check(z.maxLength(200))),
});
export type SubmissionRequest = z.input<typeof SubmissionRequestSchema>;

export const SubmissionResponseSchema = z.object({
  correct: z.boolean(),
  question_id: z.string(),
  attempts_remaining: z.nullable(z.number().check(z.int())),
  answered_correctly: z.boolean(),
  unlocked: z.nullish(z.array(z.string())),
  instance_stopped: z.nullish(z.boolean()),
});
export type SubmissionResponse = z.infer<typeof SubmissionResponseSchema>;
