/**
 * Rendering helpers for component tests: a fresh QueryClient per test with
 * retries off (TkDodo, "testing React Query"), a memory router, and the
 * app's runtime config.
 */
import type { ReactElement, ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { AppConfigProvider } from '../lib/appConfig';

export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, gcTime: Infinity, staleTime: Infinity },
      mutations: { retry: false },
    },
  });
}

export function TestProviders({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <AppConfigProvider value={{ apiBaseUrl: '/api', appName: 'ctfy test' }}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </AppConfigProvider>
  );
}

/** Renders `routes` at `path` in a memory router; returns the router and query client too. */
export function renderRoutes(
  routes: RouteObject[],
  path: string,
  client: QueryClient = createTestQueryClient(),
) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const result = render(
    <TestProviders client={client}>
      <RouterProvider router={router} />
    </TestProviders>,
  );
  return { ...result, router, client };
}

/** Renders one element inside a router at `path` (for components that use router hooks). */
export function renderWithRouter(element: ReactElement, path = '/') {
  return renderRoutes([{ path: '*', element }], path);
}
