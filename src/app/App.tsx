import { useEffect, useMemo } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import type { RuntimeConfig } from '../api/schemas';
import { syncAcrossTabs } from './crossTab';
import { setToken } from '../lib/session';
import { createQueryClient } from './queryClient';
import { routes } from './routes';
import { AppConfigProvider } from './appConfig';
import { toast } from '../components/ui/toast';
import { errorMessage } from '../api/client';

export function App({ config }: { config: RuntimeConfig }) {
  const queryClient = useMemo(() => {
    const qc = createQueryClient({
      onUnauthorized: () => {
        // The session is over: forget the token; RequireAuth sends the user to sign-in.
        setToken(null);
      },
      onBackgroundError: (error) => toast.error(errorMessage(error)),
    });
    return qc;
  }, []);
  // Actions in one tab show up in the others without reload.
  useEffect(() => syncAcrossTabs(queryClient), [queryClient]);
  const router = useMemo(() => createBrowserRouter(routes), []);
  return (
    <AppConfigProvider value={config}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </AppConfigProvider>
  );
}
