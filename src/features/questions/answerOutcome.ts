/** What the player is told after an answer, from the server's verdict or error. */
import { errorMessage, isApiError } from '../../api/client';
import type { SubmissionResponse } from '@shared/schemas';
import { attemptsText } from './model';

export type AnswerOutcome =
  | { kind: 'correct'; text: string }
  | { kind: 'wrong'; text: string }
  /** Solved meanwhile (409): the list was refreshed. */
  | { kind: 'already'; text: string }
  /** No attempts left (429): the field is locked. */
  | { kind: 'exhausted'; text: string }
  /** The answer may never have arrived: keep the text, offer Retry. */
  | { kind: 'unsent'; text: string }
  /** Enter on a text the server already judged wrong: nothing was sent. */
  | { kind: 'repeated'; text: string }
  | { kind: 'refused'; text: string };

export const repeatedOutcome: AnswerOutcome = {
  kind: 'repeated',
  text: 'You already tried this answer, so it was not sent again. Change it, or press Submit to send it anyway.',
};

export function outcomeOfResult(
  r: SubmissionResponse,
  maxAttempts: number | null | undefined,
): AnswerOutcome {
  if (r.correct) return { kind: 'correct', text: 'Correct! Question solved.' };
  const left = attemptsText({
    attempts_remaining: r.attempts_remaining,
    max_attempts: maxAttempts,
  });
  return {
    kind: 'wrong',
    text:
      r.attempts_remaining === 0
        ? 'Wrong answer, and that was the last attempt: no attempts left.'
        : `Wrong answer. Attempts: ${left}.`,
  };
}

export function outcomeOfError(e: unknown): AnswerOutcome {
  if (isApiError(e)) {
    if (e.kind === 'network' || e.kind === 'timeout') {
      return {
        kind: 'unsent',
        text: `${e.message} Your answer is kept; it was not counted unless the list says so. Retry when you are back online.`,
      };
    }
    if (e.status === 409) {
      return {
        kind: 'already',
        text: `${e.detail ?? 'This question was already answered.'} The list was refreshed.`,
      };
    }
    if (e.status === 429) {
      return {
        kind: 'exhausted',
        text: e.detail ?? 'No attempts left for this question: it cannot be answered any more.',
      };
    }
  }
  return { kind: 'refused', text: errorMessage(e) };
}
