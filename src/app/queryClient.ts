import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../api/client';

export interface QueryClientHooks {
  /** A 401 anywhere: the session is over. */
  onUnauthorized: () => void;
  /** A background refetch failed while data is on screen: toast it once. */
  onBackgroundError: (error: unknown) => void;
}

export function createQueryClient(hooks: QueryClientHooks): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isApiError(error) && error.status === 401) return hooks.onUnauthorized();
        if (query.state.data !== undefined) hooks.onBackgroundError(error);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isApiError(error) && error.status === 401) hooks.onUnauthorized();
      },
    }),
    defaultOptions: {
      queries: {
        // Retry what a retry can cure (network blips, 5xx), never 4xx.
        retry: (count, error) => (isApiError(error) ? error.isTransient && count < 3 : count < 1),
        retryDelay: (attempt) => Math.min(500 * 2 ** attempt, 5_000),
        refetchOnWindowFocus: true,
        staleTime: 2_000,
      },
      mutations: { retry: false },
    },
  });
}
