import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest, isApiError } from './client';
import { instanceQueries } from './instances';
import type { ApiScope } from './scope';
import {
  SubmissionResponseSchema,
  type InstanceInfo,
  type SubmissionResponse,
} from '@shared/schemas';

export interface SubmitAnswerVars {
  instanceId: string;
  questionId: string;
  answer: string;
}

export function submitAnswer(scope: ApiScope, vars: SubmitAnswerVars) {
  return apiRequest('/submissions', SubmissionResponseSchema, {
    method: 'POST',
    body: {
      instance_id: vars.instanceId,
      question_id: vars.questionId,
      answer: vars.answer,
      ...(scope.competitionId ? { competition_id: scope.competitionId } : {}),
    },
    // A submission is never retried automatically: it could burn an attempt twice.
  });
}

/**
 * The instance as it is after an answer was judged, before the refetch
 * confirms it: the answered question's attempts and solve, the questions it
 * unlocked (their prompts arrive with the refetch), and a stop on solve.
 */
export function applySubmission(instance: InstanceInfo, result: SubmissionResponse): InstanceInfo {
  const unlocked = new Set(result.unlocked ?? []);
  return {
    ...instance,
    ...(result.instance_stopped ? { status: 'stopped' } : {}),
    questions: instance.questions.map((q) => {
      if (q.id === result.question_id) {
        return {
          ...q,
          attempts_remaining: result.attempts_remaining,
          answered_correctly: q.answered_correctly || result.answered_correctly,
        };
      }
      return unlocked.has(q.id) ? { ...q, unlocked: true } : q;
    }),
  };
}

/** A question's attempts set to zero (the server answered 429). */
export function withNoAttemptsLeft(instance: InstanceInfo, questionId: string): InstanceInfo {
  return {
    ...instance,
    questions: instance.questions.map((q) =>
      q.id === questionId ? { ...q, attempts_remaining: 0 } : q,
    ),
  };
}

/**
 * Answers one question. The cached instance changes at once (solve,
 * attempts, unlocked questions), then every outcome refetches it: a 409
 * (solved meanwhile by a team-mate) or 403 (locked) shows the truth. Never
 * retried: `retry: false` here whatever the client's defaults say.
 */
export function useSubmitAnswer(scope: ApiScope) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (vars: SubmitAnswerVars) => submitAnswer(scope, vars),
    retry: false,
    onSuccess: (result, vars) => {
      qc.setQueryData(
        instanceQueries.detail(scope, vars.instanceId).queryKey,
        (i) => i && applySubmission(i, result),
      );
    },
    onError: (error, vars) => {
      if (isApiError(error) && error.status === 429) {
        qc.setQueryData(
          instanceQueries.detail(scope, vars.instanceId).queryKey,
          (i) => i && withNoAttemptsLeft(i, vars.questionId),
        );
      }
    },
    onSettled: (_data, error, vars) => {
      // Unreachable server: a refetch would fail too; keep what is shown.
      if (isApiError(error) && error.kind === 'network') return;
      return qc.invalidateQueries({
        queryKey: instanceQueries.detail(scope, vars.instanceId).queryKey,
      });
    },
  });
}
