import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client';
import { instanceQueries } from './instances';
import type { ApiScope } from './scope';
import { SubmissionResponseSchema } from './schemas';

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

export function useSubmitAnswer(scope: ApiScope) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (vars: SubmitAnswerVars) => submitAnswer(scope, vars),
    onSettled: (_data, _err, vars) =>
      qc.invalidateQueries({ queryKey: instanceQueries.detail(scope, vars.instanceId).queryKey }),
  });
}
