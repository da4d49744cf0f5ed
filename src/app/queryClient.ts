import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { errorMessage, isApiError, retryQuery, retryQueryDelay } from '../api/client';

export interface QueryClientHooks {
  /** A 401 anywhere: the session is over. */
  onUnauthorized: () => void;
  /** A background refetch failed while data is on screen: called once per distinct error. */
  onBackgroundError: (error: unknown) => void;
}

/**
 * Background errors are reported once per distinct message while they last:
 * a poll that fails every 2 s toasts once, and again only after it has
 * recovered and failed anew (or fails differently).
 */
export class BackgroundErrorTracker {
  private readonly failing = new Map<string, Set<string>>(); // message -> query hashes

  /** True when `message` is new (no query currently fails with it). */
  report(queryHash: string, message: string): boolean {
    if (this.failing.get(message)?.has(queryHash)) return false; // the same poll failing again
    this.clear(queryHash);
    const hashes = this.failing.get(message);
    if (hashes) {
      hashes.add(queryHash);
      return false;
    }
    this.failing.set(message, new Set([queryHash]));
    return true;
  }

  /** The query recovered (or went away). */
  clear(queryHash: string): void {
    for (const [message, hashes] of this.failing) {
      hashes.delete(queryHash);
      if (hashes.size === 0) this.failing.delete(message);
    }
  }
}

export function createQueryClient(hooks: QueryClientHooks): QueryClient {
  const tracker = new BackgroundErrorTracker();
  const queryCache = new QueryCache({
    onError: (error, query) => {
      if (isApiError(error) && error.status === 401) return hooks.onUnauthorized();
      // Without data on screen the page shows the error itself, with a retry;
      // a vanished thing (404) is an answer the page shows too.
      if (query.state.data === undefined || (isApiError(error) && error.status === 404)) return;
      if (tracker.report(query.queryHash, errorMessage(error))) hooks.onBackgroundError(error);
    },
    onSuccess: (_data, query) => tracker.clear(query.queryHash),
  });
  queryCache.subscribe((event) => {
    if (event.type === 'removed') tracker.clear(event.query.queryHash);
  });
  return new QueryClient({
    queryCache,
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isApiError(error) && error.status === 401) hooks.onUnauthorized();
      },
    }),
    defaultOptions: {
      queries: {
        retry: retryQuery,
        retryDelay: retryQueryDelay,
        refetchOnWindowFocus: true,
        staleTime: 2_000,
      },
      mutations: { retry: false },
    },
  });
}
