import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { configureApiClient } from '../../../api/client';
import { seenRequests, server, setupMswServer } from '../../../test/msw';
import { renderRoutes } from '../../../test/render';
import { inCompetition, instance, me } from '../../../test/competition';
import { InstanceListPage } from './InstanceListPage';

setupMswServer();
configureApiClient({ baseUrl: '/api', getToken: () => 'tok' });

function commonHandlers() {
  server.use(
    http.get('/api/auth/me', () => HttpResponse.json(me)),
    http.get('/api/challenges', () =>
      HttpResponse.json({ items: [{ id: 'DEMO-001', name: 'Cookie Jar' }] }),
    ),
  );
}

function renderList(path = '/c/ctf-spring/instances') {
  return renderRoutes(inCompetition([{ path: 'instances', element: <InstanceListPage /> }]), path);
}

const listRequests = () =>
  seenRequests
    .filter((r) => new URL(r.url).pathname === '/api/instances')
    .map((r) => new URL(r.url));

// jsdom on a loaded machine is slow: allow more than the 5 s default.
describe('InstanceListPage', { timeout: 30_000 }, () => {
  it('shows each instance with status text, who started it and a live countdown', async () => {
    commonHandlers();
    server.use(
      http.get('/api/instances', () =>
        HttpResponse.json({
          items: [
            instance(),
            instance({
              id: 'i-2',
              challenge_id: 'DEMO-004',
              challenge_name: 'Slow Boot',
              status: 'starting',
              phase: 'waiting for health check',
              started_by: 'alice',
              expires_at: new Date(Date.now() + 5 * 60_000).toISOString(),
            }),
          ],
          total: 2,
        }),
      ),
    );
    renderList();
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('DEMO-001 — Cookie Jar');
    expect(rows[1]).toHaveTextContent('running');
    expect(rows[1]).toHaveTextContent('bob');
    expect(within(rows[1]!).getByRole('link', { name: /DEMO-001/ })).toHaveAttribute(
      'href',
      '/c/ctf-spring/instances/i-1',
    );
    expect(
      within(rows[1]!).getByRole('link', {
        name: 'Open the web service of Cookie Jar in a new tab',
      }),
    ).toHaveAttribute('rel', 'noreferrer noopener');
    // Named for what it opens: the challenge's service, not the instance page.
    expect(within(rows[1]!).getByRole('link', { name: /service of Cookie Jar/ })).toHaveTextContent(
      'Open web ↗',
    );
    expect(rows[2]).toHaveTextContent('waiting for health check');
    expect(rows[2]).toHaveTextContent(/^.*⚠ \d\d:\d\d, expires soon/);
    expect(rows[2]).not.toHaveTextContent(/left, expires soon/);
    expect(
      screen.getByText('Everything your team (team-red) is running, whoever started it.'),
    ).toBeInTheDocument();
    await waitFor(() => expect(rows[2]).toHaveTextContent('alice (you)'));
    expect(screen.getByRole('navigation', { name: 'Pages' })).toHaveTextContent('1–2 of 2');
    // the request carries the paging defaults and no filters
    const url = listRequests()[0]!;
    expect(url.searchParams.get('limit')).toBe('20');
    expect(url.searchParams.get('offset')).toBe('0');
    expect(url.searchParams.has('status')).toBe(false);
  });

  it('debounces the search into the URL and the request', async () => {
    commonHandlers();
    server.use(
      http.get('/api/instances', ({ request }) => {
        const q = new URL(request.url).searchParams.get('q');
        return HttpResponse.json({ items: q ? [] : [instance()], total: q ? 0 : 1 });
      }),
    );
    const user = userEvent.setup();
    const { router } = renderList();
    await screen.findByRole('table');
    await user.type(screen.getByLabelText('Search'), 'nothing');
    await waitFor(() => expect(router.state.location.search).toBe('?q=nothing'));
    expect(
      await screen.findByRole('heading', { name: 'No instance matches these filters' }),
    ).toBeInTheDocument();
    // one request for the typed word, not one per key
    expect(
      listRequests()
        .filter((u) => u.searchParams.has('q'))
        .map((u) => u.searchParams.get('q')),
    ).toEqual(['nothing']);
    await user.click(screen.getAllByRole('button', { name: 'Clear filters' }).at(-1)!);
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(screen.getByLabelText('Search')).toHaveValue('');
    expect(await screen.findByRole('table')).toBeInTheDocument();
  });

  it('puts the challenge and status drop-downs into the URL and the request', async () => {
    commonHandlers();
    server.use(http.get('/api/instances', () => HttpResponse.json({ items: [instance()] })));
    const user = userEvent.setup();
    const { router } = renderList();
    await screen.findByRole('table');
    await screen.findByRole('option', { name: 'DEMO-001 — Cookie Jar' });
    await user.selectOptions(screen.getByLabelText('Challenge'), 'DEMO-001');
    await waitFor(() => expect(router.state.location.search).toBe('?challenge=DEMO-001'));
    await user.selectOptions(screen.getByLabelText('Status'), 'running');
    await waitFor(() =>
      expect(new URLSearchParams(router.state.location.search).get('status')).toBe('running'),
    );
    await waitFor(() =>
      expect(
        listRequests().some(
          (u) =>
            u.searchParams.get('challenge_id') === 'DEMO-001' &&
            u.searchParams.get('status') === 'running',
        ),
      ).toBe(true),
    );
    expect(screen.getByLabelText('Status')).toHaveValue('running');
  });

  it('leads to the catalogue when the team has nothing running', async () => {
    commonHandlers();
    server.use(http.get('/api/instances', () => HttpResponse.json([])));
    renderList();
    expect(
      await screen.findByRole('heading', { name: 'Your team has no instances running' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Browse challenges' })).toHaveAttribute(
      'href',
      '/c/ctf-spring/challenges',
    );
  });

  it('shows an error with a retry for a malformed answer, and recovers', async () => {
    commonHandlers();
    let calls = 0;
    server.use(
      http.get('/api/instances', () =>
        ++calls === 1
          ? HttpResponse.json({ items: [{ id: 42 }] })
          : HttpResponse.json({ items: [instance()], total: 1 }),
      ),
    );
    const user = userEvent.setup();
    renderList();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Cannot load your team's instances");
    expect(alert).toHaveTextContent('does not understand');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('table')).toBeInTheDocument();
  });

  it('falls back to defaults for bad URL params', async () => {
    commonHandlers();
    server.use(http.get('/api/instances', () => HttpResponse.json({ items: [instance()] })));
    renderList('/c/ctf-spring/instances?limit=0&offset=x&status=weird&challenge=DEMO-001');
    await screen.findByRole('table');
    const url = listRequests()[0]!;
    expect(url.searchParams.get('limit')).toBe('20');
    expect(url.searchParams.get('offset')).toBe('0');
    expect(url.searchParams.has('status')).toBe(false);
    expect(url.searchParams.get('challenge_id')).toBe('DEMO-001');
  });
});
