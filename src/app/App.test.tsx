import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { configureApiClient } from '../api/client';
import { loadPage } from '../lib/pageLoad';
import { getToken, markSignInArrival, sessionEndReason, setToken } from '../lib/session';
import { rememberedCompetition } from '../lib/competition';
import { seenRequests, server, setupMswServer } from '../test/msw';
import { renderRoutes } from '../test/render';
import { clearCacheOnSessionChange, createAppQueryClient } from './App';
import { routes } from './routes';

// The sign-in page is a page load of its own (src/main.ts): record where the app sends the user.
vi.mock('../lib/pageLoad', () => ({ loadPage: vi.fn() }));

setupMswServer();
configureApiClient({ baseUrl: '/api', getToken });

const alice = {
  user: { id: 'u-alice', name: 'alice' },
  teams: [
    {
      id: 'team-red',
      name: 'team-red',
      competition_id: 'ctf-spring',
      competition_name: 'Spring CTF 2026',
    },
    {
      id: 'team-night',
      name: 'team-night',
      competition_id: 'ctf-autumn',
      competition_name: 'Autumn Invitational 2026',
    },
  ],
};

/** The whole app (real routes, real query client hooks) at `path`. */
function renderApp(path: string) {
  const client = createAppQueryClient();
  const stop = clearCacheOnSessionChange(client);
  const result = renderRoutes(routes, path, client);
  return { ...result, stop, path: () => result.router.state.location.pathname };
}

beforeEach(() => {
  vi.mocked(loadPage).mockClear();
  setToken('tok-alice');
  // Feature pages may call anything: answer what these tests do not care about.
  server.use(
    http.all('/api/*', () => HttpResponse.json({ detail: 'not in this test' }, { status: 404 })),
  );
});

describe('a malformed API response', () => {
  it('shows an error with a retry, not a blank page', async () => {
    let calls = 0;
    server.use(
      http.get('/api/auth/me', () => {
        calls++;
        return calls === 1
          ? HttpResponse.json({ user: { id: 5 }, teams: 'none' })
          : HttpResponse.json(alice);
      }),
    );
    renderApp('/c/ctf-spring/challenges');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Cannot load your teams');
    expect(alert).toHaveTextContent('does not understand');
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByLabelText('Competition')).toHaveValue('ctf-spring');
  });
});

describe('a 401 anywhere', () => {
  it('sends the user to sign-in with a message and the way back', async () => {
    server.use(
      http.get('/api/auth/me', () =>
        HttpResponse.json({ detail: 'Token revoked' }, { status: 401 }),
      ),
    );
    const app = renderApp('/c/ctf-spring/challenges?tag=web');
    await waitFor(() =>
      expect(loadPage).toHaveBeenCalledWith(
        `/login?next=${encodeURIComponent('/c/ctf-spring/challenges?tag=web')}`,
      ),
    );
    expect(screen.getByRole('status')).toHaveTextContent('Going to sign-in…');
    expect(getToken()).toBeNull();
    // what the sign-in page says (src/features/auth/signInPage.test.ts)
    expect(sessionEndReason()).toBe('expired');
    app.stop();
  });
});

describe('the first page after sign-in', () => {
  beforeEach(() => {
    server.use(http.get('/api/auth/me', () => HttpResponse.json(alice)));
  });

  it('starts with focus on its heading, once', async () => {
    markSignInArrival();
    const app = renderApp('/c/ctf-spring/challenges');
    const heading = await screen.findByRole('heading', { level: 1, name: 'Challenges' });
    await waitFor(() => expect(heading).toHaveFocus());
    app.stop();
  });

  it('a first page load without sign-in starts where a browser starts', async () => {
    const app = renderApp('/c/ctf-spring/challenges');
    const heading = await screen.findByRole('heading', { level: 1, name: 'Challenges' });
    // the route's handle title shows once the page is there; focus has stayed put
    await waitFor(() => expect(document.title).toContain('Challenges'));
    expect(heading).not.toHaveFocus();
    app.stop();
  });
});

describe('signing out', () => {
  it('revokes the token, forgets it and clears every cached query', async () => {
    server.use(
      http.get('/api/auth/me', () => HttpResponse.json(alice)),
      http.post('/api/auth/logout', () => new HttpResponse(null, { status: 204 })),
    );
    const app = renderApp('/c/ctf-spring/instances');
    await screen.findByLabelText('Competition');
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    // no way back to this page after signing out on purpose
    await waitFor(() => expect(loadPage).toHaveBeenCalledWith('/login'));
    expect(sessionEndReason()).toBe('signed-out');
    const logout = seenRequests.find((r) => r.url.endsWith('/api/auth/logout'));
    expect(logout?.method).toBe('POST');
    expect(logout?.headers.get('authorization')).toBe('Bearer tok-alice');
    expect(getToken()).toBeNull();
    await waitFor(() => expect(app.client.getQueryCache().getAll()).toHaveLength(0));
    app.stop();
  });

  it('in another tab sends this tab to sign-in too', async () => {
    server.use(http.get('/api/auth/me', () => HttpResponse.json(alice)));
    const app = renderApp('/c/ctf-spring/instances');
    await screen.findByLabelText('Competition');
    act(() => {
      localStorage.removeItem('ctfy.token');
      window.dispatchEvent(
        new StorageEvent('storage', { key: 'ctfy.token', oldValue: 'tok-alice', newValue: null }),
      );
    });
    await waitFor(() =>
      expect(loadPage).toHaveBeenCalledWith(
        `/login?next=${encodeURIComponent('/c/ctf-spring/instances')}`,
      ),
    );
    expect(sessionEndReason()).toBe('elsewhere');
    await waitFor(() => expect(app.client.getQueryCache().getAll()).toHaveLength(0));
    app.stop();
  });
});

describe('the competition switcher', () => {
  beforeEach(() => {
    server.use(http.get('/api/auth/me', () => HttpResponse.json(alice)));
  });

  it('keeps the kind of page, puts the competition in the URL and remembers it', async () => {
    const app = renderApp('/c/ctf-spring/challenges');
    const select = await screen.findByLabelText('Competition');
    await userEvent.selectOptions(select, 'ctf-autumn');
    await waitFor(() => expect(app.path()).toBe('/c/ctf-autumn/challenges'));
    expect(screen.getByLabelText('Competition')).toHaveValue('ctf-autumn');
    expect(rememberedCompetition()).toBe('ctf-autumn');
    app.stop();
  });

  it('goes from an instance page to the other competition’s instance list', async () => {
    const app = renderApp('/c/ctf-spring/instances/abc/questions');
    await userEvent.selectOptions(await screen.findByLabelText('Competition'), 'ctf-autumn');
    await waitFor(() => expect(app.path()).toBe('/c/ctf-autumn/instances'));
    app.stop();
  });

  it('sends / to the remembered competition', async () => {
    localStorage.setItem('ctfy.competition', 'ctf-autumn');
    const app = renderApp('/');
    await waitFor(() => expect(app.path()).toBe('/c/ctf-autumn/instances'));
    app.stop();
  });

  it('marks the current section in the navigation', async () => {
    const app = renderApp('/c/ctf-spring/challenges');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Challenges' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(within(nav).getByRole('link', { name: 'Instances' })).not.toHaveAttribute(
      'aria-current',
    );
    app.stop();
  });

  it('explains a competition the user is not in, with links to theirs', async () => {
    const app = renderApp('/c/ctf-winter/instances');
    expect(
      await screen.findByRole('heading', { name: 'Not one of your competitions' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Autumn Invitational 2026' })).toHaveAttribute(
      'href',
      '/c/ctf-autumn/instances',
    );
    app.stop();
  });
});

describe('unknown paths', () => {
  it('show a 404 page with a way back and a title', async () => {
    server.use(http.get('/api/auth/me', () => HttpResponse.json(alice)));
    const app = renderApp('/no/such/<page>');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByText('/no/such/<page>')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: 'Go to your instances' }));
    await waitFor(() => expect(app.path()).toBe('/c/ctf-spring/instances'));
    app.stop();
  });

  it('inside a competition keep the shell', async () => {
    server.use(http.get('/api/auth/me', () => HttpResponse.json(alice)));
    const app = renderApp('/c/ctf-spring/nope');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Page not found · Spring CTF 2026 · ctfy'));
    app.stop();
  });
});

describe('without a token', () => {
  it('goes to sign-in and remembers the page', async () => {
    setToken(null);
    const app = renderApp('/c/ctf-spring/instances/xyz/traffic');
    await waitFor(() =>
      expect(loadPage).toHaveBeenCalledWith(
        `/login?next=${encodeURIComponent('/c/ctf-spring/instances/xyz/traffic')}`,
      ),
    );
    app.stop();
  });
});

describe('/login inside the app', () => {
  it('is loaded as a page of its own (the sign-in page is not React)', async () => {
    server.use(http.get('/api/auth/me', () => HttpResponse.json(alice)));
    const app = renderApp('/c/ctf-spring/instances');
    await screen.findByLabelText('Competition');
    await act(() => app.router.navigate('/login?next=%2Fx'));
    await waitFor(() => expect(loadPage).toHaveBeenCalledWith('/login?next=%2Fx'));
    app.stop();
  });
});
