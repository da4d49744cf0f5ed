import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { configureApiClient } from '../api/client';
import { rememberScoped } from '../lib/competition';
import { loadPage } from '../lib/pageLoad';
import { getToken, setToken } from '../lib/session';
import { seenRequests, server, setupMswServer } from '../test/msw';
import { renderRoutes } from '../test/render';
import { clearCacheOnSessionChange, createAppQueryClient } from './App';
import { routes } from './routes';

// The sign-in page is a page load of its own (src/main.ts): record where the app sends the user.
vi.mock('../lib/pageLoad', () => ({ loadPage: vi.fn() }));

setupMswServer();
configureApiClient({ baseUrl: '/api', getToken });

const me = {
  user: { id: 'u-alice', name: 'alice' },
  teams: [{ id: 'team-red', name: 'team-red', competition_id: 'ctf-spring' }],
};
const challenge = {
  id: 'DEMO-001',
  name: 'Cookie Jar Admin',
  category: 'web',
  network_topology: 'simple',
  description: 'Find the **admin** cookie.',
};
const instance = {
  id: 'inst-1',
  challenge_id: 'DEMO-001',
  challenge_name: 'Cookie Jar Admin',
  competition_id: 'ctf-spring',
  status: 'running',
  created_at: '2026-11-28T12:00:00Z',
  questions: [],
};

/** A gate the test opens: the session check answers only then. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const path = (r: Request) => new URL(r.url).pathname;

function renderApp(at: string) {
  const client = createAppQueryClient();
  const stop = clearCacheOnSessionChange(client);
  renderRoutes(routes, at, client);
  return { client, stop };
}

beforeEach(() => {
  vi.mocked(loadPage).mockClear();
  setToken('tok-alice');
  server.use(
    http.get('/api/challenges', () => HttpResponse.json({ items: [challenge] })),
    http.get('/api/challenges/:id/attachments', () => HttpResponse.json({ items: [] })),
    http.get('/api/instances', () => HttpResponse.json({ items: [instance] })),
    http.get('/api/instances/:id', () => HttpResponse.json(instance)),
    http.get('/api/instances/:id/status', () =>
      HttpResponse.json({ id: 'inst-1', status: 'running' }),
    ),
    http.all('/api/*', () => HttpResponse.json({ detail: 'not in this test' }, { status: 404 })),
  );
});

describe('a first visit', () => {
  it('asks for the challenge page’s data while the session check is still out, and shows it after', async () => {
    const sessionCheck = gate();
    server.use(
      http.get('/api/auth/me', async () => {
        await sessionCheck.opened;
        return HttpResponse.json(me);
      }),
    );
    const app = renderApp('/c/ctf-spring/challenges/DEMO-001');
    await waitFor(() =>
      expect(seenRequests.map(path)).toEqual(
        expect.arrayContaining(['/api/challenges', '/api/challenges/DEMO-001/attachments']),
      ),
    );
    // the session is not confirmed yet: nothing of the page is shown
    expect(screen.queryByText('Cookie Jar Admin')).not.toBeInTheDocument();
    for (const r of seenRequests) {
      expect(r.headers.get('Authorization')).toBe('Bearer tok-alice');
      expect(r.url).not.toContain('tok-alice');
    }
    sessionCheck.open();
    expect(await screen.findByRole('heading', { name: 'Cookie Jar Admin' })).toBeInTheDocument();
    // the page used what was asked for early: each asked for once
    expect(seenRequests.filter((r) => path(r) === '/api/challenges')).toHaveLength(1);
    app.stop();
  });

  it('asks for the instance while the session check is out once it knows how calls are scoped', async () => {
    rememberScoped(false);
    const sessionCheck = gate();
    server.use(
      http.get('/api/auth/me', async () => {
        await sessionCheck.opened;
        return HttpResponse.json(me);
      }),
    );
    const app = renderApp('/c/ctf-spring/instances/inst-1');
    await waitFor(() =>
      expect(seenRequests.map(path)).toEqual(
        expect.arrayContaining(['/api/instances/inst-1', '/api/instances/inst-1/status']),
      ),
    );
    expect(screen.queryByText('Cookie Jar Admin')).not.toBeInTheDocument();
    sessionCheck.open();
    expect(await screen.findByRole('heading', { name: 'Cookie Jar Admin' })).toBeInTheDocument();
    expect(seenRequests.filter((r) => path(r) === '/api/instances/inst-1')).toHaveLength(1);
    app.stop();
  });

  it('whose session check answers 401 goes to sign-in, showing nothing of the page it fetched early', async () => {
    const dataFetched = gate();
    server.use(
      http.get('/api/challenges', () => {
        dataFetched.open();
        return HttpResponse.json({ items: [challenge] });
      }),
      http.get('/api/auth/me', async () => {
        // the page's data is in before the session is refused
        await dataFetched.opened;
        return HttpResponse.json({ detail: 'Token revoked' }, { status: 401 });
      }),
    );
    const app = renderApp('/c/ctf-spring/challenges/DEMO-001');
    await waitFor(() =>
      expect(loadPage).toHaveBeenCalledWith(
        `/login?next=${encodeURIComponent('/c/ctf-spring/challenges/DEMO-001')}`,
      ),
    );
    expect(screen.queryByText('Cookie Jar Admin')).not.toBeInTheDocument();
    expect(screen.queryByText(/admin/)).not.toBeInTheDocument();
    expect(getToken()).toBeNull();
    // nothing of that session stays in memory
    await waitFor(() => expect(app.client.getQueryCache().getAll()).toHaveLength(0));
    app.stop();
  });
});
