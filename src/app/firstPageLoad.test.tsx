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
// from a cold start, as a page load does.
describe('the first page load', () => {
  it('shows a loading fallback and logs no React Router warning', async () => {
    const warn = vi.spyOn(console, 'warn');
    setToken('tok-alice');
    server.use(
      http.get('/api/auth/me', () =>
        HttpResponse.json({ user: { id: 'u-alice', name: 'alice' }, teams: [] }),
      ),
      http.all('/api/*', () => HttpResponse.json({ detail: 'nope' }, { status: 404 })),
    );
    renderRoutes(routes, '/no/such/page');
    expect(screen.getByRole('status')).toHaveTextContent('Loading the page…');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(warn.mock.calls.map((c) => String(c[0]))).not.toContainEqual(
      expect.stringMatching(/HydrateFallback/),
    );
  });
});
