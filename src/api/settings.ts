import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from './client';
import { SettingsSchema } from '@shared/schemas';

export const settingsQueries = {
  all: () => ['settings'] as const,
  settings: (competitionId: string) =>
    queryOptions({
      queryKey: [...settingsQueries.all(), competitionId] as const,
      queryFn: ({ signal }) =>
        apiRequest('/settings', SettingsSchema, {
          signal,
          query: { competition_id: competitionId || undefined },
        }),
      staleTime: 5 * 60_000,
    }),
};
