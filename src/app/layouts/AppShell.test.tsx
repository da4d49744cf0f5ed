import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { configureApiClient } from '../../api/client';
import { getToken, setToken } from '../../lib/session';
import { server, setupMswServer } from '../../test/msw';
import { renderRoutes } from '../../test/render';
import { AppShell } from './AppShell';

setupMswServer();
configureApiClient({ baseUrl: '/api', getToken });

const me = {
  user: { id: 'u-alice', name: 'alice', display_name: 'Alice A' },
  teams: [
    {
      id: 'team-red',
      name: 'team-red',
      competition_id: 'ctf-spring',
      competition_name: 'Spring CTF 2026',
    },
  ],
};

describe('AppShell', () => {
  it('paints the header once, with the user and team in it (no layout shift when they arrive)', async () => {
    setToken('t');
    let release: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (release = resolve));
    server.use(
      http.get('/api/auth/me', async () => {
        await arrived;
        await delay(0);
        return HttpResponse.json(me);
      }),
    );
    renderRoutes(
      [{ element: <AppShell />, children: [{ path: '*', element: <p>page</p> }] }],
      '/c/ctf-spring/instances',
    );
    expect(await screen.findByText('Loading your teams…')).toBeVisible();
    expect(screen.queryByRole('banner')).not.toBeInTheDocument();
    expect(screen.getByText('page')).not.toBeVisible();

    release();
    const banner = await screen.findByRole('banner');
    expect(within(banner).getByText('Alice A')).toBeInTheDocument();
    expect(screen.getByText('page')).toBeVisible();
    expect(screen.queryByText('Loading your teams…')).not.toBeInTheDocument();
    setToken(null);
  });

  it('still shows the header when the teams cannot be loaded (the page shows the error)', async () => {
    setToken('t');
    server.use(
      http.get('/api/auth/me', () => HttpResponse.json({ detail: 'not allowed' }, { status: 403 })),
    );
    renderRoutes(
      [{ element: <AppShell />, children: [{ path: '*', element: <p>page</p> }] }],
      '/c/ctf-spring/instances',
    );
    expect(await screen.findByRole('banner')).toBeVisible();
    expect(screen.getByText('page')).toBeVisible();
    setToken(null);
  });
});
