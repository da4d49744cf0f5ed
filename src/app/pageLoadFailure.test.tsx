import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { configureApiClient } from '../api/client';
import { reloadPage } from '../lib/pageLoad';
import { getToken, setToken } from '../lib/session';
import { server, setupMswServer } from '../test/msw';
import { renderRoutes } from '../test/render';
import { routes } from './routes';

// After a deployment the tab asks for the old build's file of the list page, which is gone.
vi.mock('./routes/instances', () => {
  throw new TypeError(
    'Failed to fetch dynamically imported module: https://ctfy.test/assets/instances-OLD.js',
  );
});
vi.mock('../lib/pageLoad', () => ({ loadPage: vi.fn(), reloadPage: vi.fn() }));

setupMswServer();
configureApiClient({ baseUrl: '/api', getToken });

const alice = {
  user: { id: 'u-alice', name: 'alice' },
  teams: [{ id: 'team-red', name: 'team-red', competition_id: 'ctf-spring' }],
};

beforeEach(() => {
  setToken('tok-alice');
  server.use(
    http.get('/api/auth/me', () => HttpResponse.json(alice)),
    http.all('/api/*', () => HttpResponse.json({ detail: 'not in this test' }, { status: 404 })),
  );
});

describe('a page of the route table whose module cannot be loaded', () => {
  it('offers a reload inside the shell, and the other pages still work', async () => {
    const { router } = renderRoutes(routes, '/c/ctf-spring/instances');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This page could not be loaded');
    await userEvent.click(within(alert).getByRole('button', { name: 'Reload' }));
    expect(reloadPage).toHaveBeenCalledTimes(1);

    const nav = screen.getByRole('navigation', { name: 'Main' });
    await userEvent.click(within(nav).getByRole('link', { name: 'Challenges' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Challenges' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/c/ctf-spring/challenges');
    expect(screen.queryByText('This page could not be loaded')).not.toBeInTheDocument();
  });
});
