import { useEffect, useMemo } from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import type { RuntimeConfig } from '@shared/schemas';
import { errorMessage } from '../api/client';
import { toast } from '../components/ui/toast';
import { getToken, setToken, subscribeToken } from '../lib/session';
import { AppConfigProvider } from '../lib/appConfig';
import { syncAcrossTabs } from './crossTab';
import { createQueryClient } from './queryClient';
import { routes } from './routes';
import { RouteTable } from './routeTable';
import { useSystemTheme } from './theme';

export function createAppQueryClient(): QueryClient {
  return createQueryClient({
    onUnauthorized: () => {
      // The session is over: forget the token; RequireAuth sends the user to
      // sign-in with `next` set to this page. (A 401 while signed out, e.g. a
      // wrong password, is not a session ending.)
      if (getToken()) setToken(null, 'expired');
    },
    onBackgroundError: (error) => toast.error(errorMessage(error)),
  });
}

/**
 * When the token goes away (sign-out here or in another tab, or a 401), every
 * cached query is dropped so no data of that session stays in memory; when
 * another tab signs in as someone else, everything is refetched.
 */
export function clearCacheOnSessionChange(queryClient: QueryClient): () => void {
  let previous = getToken();
  return subscribeToken(() => {
    const token = getToken();
    if (token === previous) return;
    const hadSession = previous !== null;
    previous = token;
    if (token === null) {
      void queryClient.cancelQueries();
      // After React has left the signed-in pages, so nothing refetches.
      setTimeout(() => queryClient.clear(), 0);
    } else if (hadSession) {
      void queryClient.resetQueries();
    }
  });
}

export function App({ config }: { config: RuntimeConfig }) {
  useSystemTheme();
  const queryClient = useMemo(() => createAppQueryClient(), []);
  useEffect(() => clearCacheOnSessionChange(queryClient), [queryClient]);
  // Actions in one tab show up in the others without reload.
  useEffect(() => syncAcrossTabs(queryClient), [queryClient]);
  return (
    <AppConfigProvider value={config}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <RouteTable routes={routes} />
        </BrowserRouter>
      </QueryClientProvider>
    </AppConfigProvider>
  );
}
