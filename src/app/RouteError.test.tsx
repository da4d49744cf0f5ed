import { useState } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Link, Outlet } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { reloadPage } from '../lib/pageLoad';
import { renderRoutes } from '../test/render';
import { lazyPage, RouteBoundary, type PageModule } from './RouteError';
import { preloadRoutePages } from './routeTable';

vi.mock('../lib/pageLoad', () => ({ reloadPage: vi.fn(), loadPage: vi.fn() }));

beforeEach(() => {
  vi.mocked(reloadPage).mockClear();
});

/** A shell with a link to `/other`, and the page under test in its outlet. */
function shell(children: Parameters<typeof renderRoutes>[0]) {
  return [
    {
      element: (
        <>
          <nav>
            <Link to="/other">Other page</Link>
          </nav>
          <main>
            <Outlet />
          </main>
        </>
      ),
      children: [
        ...children,
        {
          path: '/other',
          element: (
            <RouteBoundary>
              <h1>Other page</h1>
            </RouteBoundary>
          ),
        },
      ],
    },
  ];
}

describe('the page error boundary', () => {
  it('shows what broke and re-renders the page on retry, without a reload', async () => {
    let broken = true;
    function Flaky() {
      if (broken) throw new Error('The capture could not be parsed.');
      return <h1>Traffic</h1>;
    }
    const { router } = renderRoutes(
      shell([
        {
          path: '/page',
          element: (
            <RouteBoundary>
              <Flaky />
            </RouteBoundary>
          ),
        },
      ]),
      '/page',
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This page could not be shown');
    expect(alert).toHaveTextContent('The capture could not be parsed.');
    expect(screen.getByRole('link', { name: 'Other page' })).toBeInTheDocument(); // the shell stays
    broken = false; // whatever broke is fixed: Retry must render the page again
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('heading', { name: 'Traffic' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/page');
    expect(reloadPage).not.toHaveBeenCalled();
  });

  it('refetches the queries that failed when Retry is pressed', async () => {
    let calls = 0;
    function Page() {
      const q = useQuery({
        queryKey: ['flaky'],
        queryFn: () => {
          calls++;
          if (calls === 1) throw new Error('The platform is down.');
          return Promise.resolve('fine');
        },
        throwOnError: true,
      });
      return <h1>{q.data ?? 'loading'}</h1>;
    }
    renderRoutes(
      shell([
        {
          path: '/page',
          element: (
            <RouteBoundary>
              <Page />
            </RouteBoundary>
          ),
        },
      ]),
      '/page',
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('The platform is down.');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('heading', { name: 'fine' })).toBeInTheDocument();
    expect(calls).toBe(2);
  });

  it('shows a thrown message as text, never as markup', async () => {
    const hostile = '<img src=x onerror="alert(1)"><b>bold</b>';
    function Broken(): never {
      throw new Error(hostile);
    }
    const { container } = renderRoutes(
      shell([
        {
          path: '/page',
          element: (
            <RouteBoundary>
              <Broken />
            </RouteBoundary>
          ),
        },
      ]),
      '/page',
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(hostile);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });

  it('is left behind when the user goes to another page', async () => {
    function Broken(): never {
      throw new Error('broken page');
    }
    const { router } = renderRoutes(
      shell([
        {
          path: '/page',
          element: (
            <RouteBoundary>
              <Broken />
            </RouteBoundary>
          ),
        },
      ]),
      '/page',
    );
    await screen.findByRole('alert');
    await userEvent.click(screen.getByRole('link', { name: 'Other page' }));
    expect(await screen.findByRole('heading', { name: 'Other page' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    // and Back shows the broken page's error again, not a blank
    await act(() => router.navigate(-1));
    expect(await screen.findByRole('alert')).toHaveTextContent('broken page');
  });
});

describe('a lazy page', () => {
  it('shows a loading status, then the page', async () => {
    let resolve: (m: PageModule) => void = () => undefined;
    const module = new Promise<PageModule>((r) => (resolve = r));
    renderRoutes(shell([{ path: '/page', element: lazyPage(() => module) }]), '/page');
    expect(screen.getByRole('status')).toHaveTextContent('Loading the page…');
    await act(async () => resolve({ Component: () => <h1>Loaded</h1> }));
    expect(await screen.findByRole('heading', { name: 'Loaded' })).toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('whose module fails to load (a deployment replaced it) offers a reload, in the shell', async () => {
    const load = vi.fn(() =>
      Promise.reject(
        new TypeError(
          'Failed to fetch dynamically imported module: https://ctfy.test/assets/instances-OLD.js',
        ),
      ),
    );
    renderRoutes(shell([{ path: '/page', element: lazyPage(load) }]), '/page');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This page could not be loaded');
    expect(alert).toHaveTextContent('Reload to get the current version');
    expect(screen.getByRole('link', { name: 'Other page' })).toBeInTheDocument();
    expect(within(alert).queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
    await userEvent.click(within(alert).getByRole('button', { name: 'Reload' }));
    expect(reloadPage).toHaveBeenCalledTimes(1);
  });

  it('that throws while rendering shows its error with a retry, not a reload offer', async () => {
    function Broken(): never {
      throw new Error('The flow list is malformed.');
    }
    renderRoutes(
      shell([{ path: '/page', element: lazyPage(() => Promise.resolve({ Component: Broken })) }]),
      '/page',
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This page could not be shown');
    expect(alert).toHaveTextContent('The flow list is malformed.');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});

describe('preloading the pages of a URL', () => {
  it('loads the lazy pages the URL renders (and no other) once, and the page renders from that load', async () => {
    const page = vi.fn(() => Promise.resolve<PageModule>({ Component: () => <h1>Challenge</h1> }));
    const layout = vi.fn(() => Promise.resolve<PageModule>({ Component: () => <Outlet /> }));
    const other = vi.fn(() => Promise.resolve<PageModule>({ Component: () => <h1>Other</h1> }));
    const routes = [
      {
        path: '/c/:competitionId',
        element: lazyPage(layout),
        children: [
          { path: 'challenges/:challengeId', element: lazyPage(page) },
          { path: 'instances', element: lazyPage(other) },
        ],
      },
    ];
    preloadRoutePages(routes, '/c/ctf-spring/challenges/DEMO-001');
    expect(layout).toHaveBeenCalledTimes(1);
    expect(page).toHaveBeenCalledTimes(1);
    expect(other).not.toHaveBeenCalled();

    renderRoutes(routes, '/c/ctf-spring/challenges/DEMO-001');
    expect(await screen.findByRole('heading', { name: 'Challenge' })).toBeInTheDocument();
    expect(page).toHaveBeenCalledTimes(1);
    expect(layout).toHaveBeenCalledTimes(1);
  });

  it('leaves a failed preload to the page, which loads again', async () => {
    const load = vi
      .fn<() => Promise<PageModule>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
      .mockResolvedValue({ Component: () => <h1>Loaded</h1> });
    const routes = [{ path: '/page', element: lazyPage(load) }];
    preloadRoutePages(routes, '/page');
    await act(async () => undefined);
    renderRoutes(routes, '/page');
    expect(await screen.findByRole('heading', { name: 'Loaded' })).toBeInTheDocument();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('renders a preloaded page at once, without the loading status (no Suspense reveal to wait for)', async () => {
    const load = vi.fn(() => Promise.resolve<PageModule>({ Component: () => <h1>Ready</h1> }));
    const routes = [{ path: '/page', element: lazyPage(load) }];
    preloadRoutePages(routes, '/page');
    await act(async () => undefined);
    renderRoutes(routes, '/page');
    expect(screen.getByRole('heading', { name: 'Ready' })).toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('keeps the state of a page that loaded lazily when it renders again', async () => {
    function Counter() {
      const [count, setCount] = useState(0);
      return (
        <button type="button" onClick={() => setCount((n) => n + 1)}>
          Clicked {count}
        </button>
      );
    }
    const routes = shell([
      { path: '/page', element: lazyPage(() => Promise.resolve({ Component: Counter })) },
    ]);
    const { router } = renderRoutes(routes, '/page');
    await userEvent.click(await screen.findByRole('button', { name: 'Clicked 0' }));
    await act(async () => router.navigate('/page?again=1'));
    expect(screen.getByRole('button', { name: 'Clicked 1' })).toBeInTheDocument();
  });
});
