import { queryOptions } from '@tanstack/react-query';
import { apiFetch, apiRequest, seg } from './client';
import { AttachmentListSchema, ChallengeListResponseSchema } from '@shared/schemas';

export const challengeQueries = {
  all: () => ['challenges'] as const,
  list: (competitionId: string) =>
    queryOptions({
      queryKey: [...challengeQueries.all(), competitionId, 'list'] as const,
      queryFn: ({ signal }) =>
        apiRequest('/challenges', ChallengeListResponseSchema, {
          signal,
          query: { competition_id: competitionId || undefined },
        }),
      staleTime: 60_000,
    }),
  attachments: (competitionId: string, challengeId: string) =>
    queryOptions({
      queryKey: [...challengeQueries.all(), competitionId, 'attachments', challengeId] as const,
      queryFn: ({ signal }) =>
        apiRequest(`/challenges/${seg(challengeId)}/attachments`, AttachmentListSchema, {
          signal,
          query: { competition_id: competitionId || undefined },
        }),
      staleTime: 60_000,
    }),
};

/** Raw response of a static attachment (for the download feature). */
export function fetchChallengeAttachment(
  competitionId: string,
  challengeId: string,
  name: string,
  signal?: AbortSignal,
) {
  return apiFetch(`/challenges/${seg(challengeId)}/attachments/${seg(name)}`, {
    signal,
    timeoutMs: 0,
    headers: { Accept: '*/*' },
    query: { competition_id: competitionId || undefined },
  });
}
