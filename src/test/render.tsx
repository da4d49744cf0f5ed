/**
 * Rendering helpers for component tests: a fresh QueryClient per test with
 * retries off (TkDodo, "testing React Query"), a memory router rendering
 * routes the way the app does (`RouteTable`, declarative mode), and the
 * app's runtime config.
 */
import { useLayoutEffect, type ReactElement, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import {
  MemoryRouter,
  useLocation,
  useNavigate,
  type Location,
  type NavigateFunction,
  type RouteObject,
} from 'react-router';
import { AppConfigProvider } from '../lib/appConfig';
import { RouteTable } from '../app/routeTable';

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

/**
 * What a test reads and does on the memory router: where it is, and going
 * somewhere (as with the data router's `router.navigate`, awaitable).
 */
export interface TestRouter {
  state: { location: Location };
  navigate: (to: string | number) => Promise<void>;
}

type Seen = { location: Location; navigate: NavigateFunction };

/** Reports the memory router's location and navigate function after every change. */
function RouterProbe({ onChange }: { onChange: (seen: Seen) => void }) {
  const location = useLocation();
  const navigate = useNavigate();
  useLayoutEffect(() => onChange({ location, navigate }), [onChange, location, navigate]);
  return null;
}

/** Renders `routes` at `path` in a memory router; returns the router and query client too. */
export function renderRoutes(
  routes: RouteObject[],
  path: string,
  client: QueryClient = createTestQueryClient(),
) {
  let seen: Seen | undefined;
  const current = (): Seen => {
    if (!seen) throw new Error('The router has not rendered yet.');
    return seen;
  };
  const router: TestRouter = {
    state: {
      get location() {
        return current().location;
      },
    },
    navigate: async (to) => {
      const { navigate } = current();
      if (typeof to === 'number') await navigate(to);
      else await navigate(to);
    },
  };
  const onChange = (next: Seen) => {
    seen = next;
  };
  const result = render(
    <TestProviders client={client}>
      <MemoryRouter initialEntries={[path]}>
        <RouterProbe onChange={onChange} />
        <RouteTable routes={routes} />
      </MemoryRouter>
    </TestProviders>,
  );
  return { ...result, router, client };
}

/** Renders one element inside a router at `path` (for components that use router hooks). */
export function renderWithRouter(element: ReactElement, path = '/') {
  return renderRoutes([{ path: '*', element }], path);
}
