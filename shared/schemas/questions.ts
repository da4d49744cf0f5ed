/** An instance's questions and the answers sent to them (submissions). */
import { z } from '../zod';
import { NullableTimestamp } from './common';
import { extension } from './meta';

export const QuestionSchema = z.object({
  id: z.string(),
  title: z.string().nullish(),
  /** Empty for a locked question: the prompt is not sent before it unlocks. */
  prompt: z.string(),
  unlocked: z.boolean(),
  answered_correctly: z.boolean(),
  /** null = unlimited */
  attempts_remaining: z.number().int().nullable(),
  max_attempts: z.number().int().nullish(),
  requires: z.array(z.string()).nullish(),
  points: z.number().nullish(),
  /** Extension (local platform): who answered it correctly (user name), and when. */
  answered_by: z.string().nullish().meta(extension('user name of who answered it correctly')),
  answered_at: NullableTimestamp.meta(extension('when it was answered correctly')),
});
export type Question = z.infer<typeof QuestionSchema>;

export const SubmissionRequestSchema = z.object({
  instance_id: z.string().trim().min(1, 'instance_id is required').max(200),
  question_id: z.string().trim().min(1, 'question_id is required').max(200),
  answer: z.string().max(10_000, 'answer is too long (10,000 characters at most)'),
  competition_id: z.string().max(200).optional(),
});
export type SubmissionRequest = z.input<typeof SubmissionRequestSchema>;

export const SubmissionResponseSchema = z.object({
  correct: z.boolean(),
  question_id: z.string(),
  attempts_remaining: z.number().int().nullable(),
  answered_correctly: z.boolean(),
  unlocked: z.array(z.string()).nullish(),
  instance_stopped: z.boolean().nullish(),
});
export type SubmissionResponse = z.infer<typeof SubmissionResponseSchema>;
