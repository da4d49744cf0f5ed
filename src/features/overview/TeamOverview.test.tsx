/** The overview against a fake server (MSW): with and without the platform's extensions. */
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { configureApiClient } from '../../api/client';
import { CompetitionProvider } from '../../lib/competition';
import { seenRequests, server, setupMswServer } from '../../test/msw';
import { renderRoutes } from '../../test/render';
import { instance, question } from './testing';
import { TeamOverview } from './TeamOverview';

setupMswServer();

const TEAM = { id: 'team-red', name: 'Red', competition_id: 'ctf-spring' };
const SCOPE = { competitionId: 'ctf-spring', scoped: false };
const soon = (ms: number) => new Date(Date.now() + ms).toISOString();

function renderOverview() {
  return renderRoutes(
    [
      {
        path: '*',
        element: (
          <CompetitionProvider value={{ scope: SCOPE, team: TEAM, teams: [TEAM] }}>
            <TeamOverview wallHref="/c/ctf-spring?view=wall" pageHref="/c/ctf-spring" />
          </CompetitionProvider>
        ),
      },
    ],
    '/c/ctf-spring',
  );
}

const list = [
  instance('run', {
    challenge_name: 'Running one',
    created_at: soon(-60_000),
    expires_at: soon(3600_000),
  }),
  instance('exp', { challenge_name: 'Expiring one', expires_at: soon(5 * 60_000) }),
  instance('old', { challenge_name: 'Stopped one', status: 'stopped' }),
  instance('dead', {
    challenge_name: 'Failed one',
    status: 'failed',
    message: 'probe never passed',
    created_at: soon(-60_000),
    questions: [question('q1', { answered_correctly: true })],
  }),
];
const challenges = [
  { id: 'C-run', name: 'Running one', network_topology: 'simple', questions_count: 2 },
  { id: 'C-old', name: 'Stopped one', network_topology: 'simple', questions_count: 2 },
  { id: 'C-new', name: 'Never run', network_topology: 'simple', questions_count: 1 },
];

beforeEach(() => {
  configureApiClient({ baseUrl: '/api', getToken: () => 'tok' });
  server.use(
    http.get('/api/instances', () => HttpResponse.json({ items: list })),
    http.get('/api/challenges', () => HttpResponse.json({ items: challenges })),
  );
});

describe('team overview', () => {
  it('shows live cards most urgent first, and derives the feed and progress without extensions', async () => {
    server.use(
      http.get('/api/activity', () => HttpResponse.json({ detail: 'Not Found' }, { status: 404 })),
    );
    renderOverview();
    const cards = await screen.findByRole('list', { name: /Live instances/ });
    expect(
      within(cards)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['Failed one', 'Expiring one', 'Running one']);
    expect(await screen.findByTestId('derived-feed-note')).toBeInTheDocument();
    expect(screen.getByText(/Worked out from your team/)).toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: 'Running one: running' })).toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: 'Never run: not started' })).toBeInTheDocument();
    // the missing feed was asked for once, and is not an error
    expect(seenRequests.filter((r) => r.url.includes('/api/activity'))).toHaveLength(1);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the platform feed, newest first, naming who did what', async () => {
    server.use(
      http.get('/api/activity', () =>
        HttpResponse.json({
          items: [
            {
              id: '2',
              kind: 'question_answered',
              at: soon(-1000),
              challenge_name: 'Running one',
              actor: 'bob',
              question_title: 'First',
              points: 50,
            },
            {
              id: '1',
              kind: 'instance_started',
              at: soon(-5000),
              challenge_name: 'Running one',
              actor: 'bob',
            },
          ],
          cursor: '2',
        }),
      ),
    );
    renderOverview();
    const feed = await screen.findByRole('list', { name: /Team activity/ });
    expect(
      within(feed)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      expect.stringContaining('bob answered First of Running one (+50 pts)'),
      expect.stringContaining('bob started Running one'),
    ]);
    expect(screen.queryByTestId('derived-feed-note')).toBeNull();
  });

  it('says when the feed cannot be read, keeping the page', async () => {
    server.use(http.get('/api/activity', () => HttpResponse.json({ items: 'nope' })));
    renderOverview();
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load the activity');
    expect(screen.getByRole('list', { name: /Live instances/ })).toBeInTheDocument();
  });
});
