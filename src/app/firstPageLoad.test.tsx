import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { configureApiClient } from '../api/client';
import { getToken, setToken } from '../lib/session';
import { server, setupMswServer } from '../test/msw';
import { renderRoutes } from '../test/render';
import { routes } from './routes';

setupMswServer();
configureApiClient({ baseUrl: '/api', getToken });

afterEach(() => {
  vi.restoreAllMocks();
});

// React Router warns once per process, so this file renders the routes once,
// from a cold start (no page module loaded yet), as a page load does.
describe('the first page load', () => {
  it('shows a loading status until the page is there, and logs no React Router warning', async () => {
    const warn = vi.spyOn(console, 'warn');
    setToken('tok-alice');
    server.use(
      http.get('/api/auth/me', () =>
        HttpResponse.json({ user: { id: 'u-alice', name: 'alice' }, teams: [] }),
      ),
      http.all('/api/*', () => HttpResponse.json({ detail: 'nope' }, { status: 404 })),
    );
    renderRoutes(routes, '/no/such/page');
    // the page's module is not loaded yet: the page says so (in the shell once the teams are in)
    expect(screen.getByText('Loading the page…')).toHaveAttribute('role', 'status');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeVisible();
    expect(screen.queryByText('Loading the page…')).not.toBeInTheDocument();
    expect(warn.mock.calls.map((c) => String(c[0]))).not.toContainEqual(
      expect.stringMatching(/React Router|HydrateFallback/),
    );
  });
});
