import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { server, setupMswServer } from '../../../test/msw';
import { configureTestApi, renderInCompetition } from '../../../test/competition';
import { ChallengeCatalogue } from './ChallengeCatalogue';
import { filterChallenges, parseCatalogueSearch } from './searchParams';

setupMswServer();
configureTestApi();

const challenges = [
  {
    id: 'DEMO-001',
    name: 'Cookie Jar Admin',
    category: 'web',
    difficulty: 'easy',
    network_topology: 'simple',
    questions_count: 3,
  },
  {
    id: 'DEMO-002',
    name: 'Perimeter Walk',
    category: 'network',
    difficulty: 'medium',
    network_topology: 'engagement',
    questions_count: 2,
  },
  {
    id: 'DEMO-004',
    name: 'Slow Boot',
    category: 'misc',
    network_topology: 'simple',
    tags: ['patience'],
  },
];

function platform(opts: { failChallenges?: () => boolean } = {}) {
  server.use(
    http.get('/api/challenges', () =>
      opts.failChallenges?.()
        ? HttpResponse.json({ detail: 'Database is locked' }, { status: 500 })
        : HttpResponse.json({ items: challenges }),
    ),
    http.get('/api/instances', () =>
      HttpResponse.json({
        items: [
          {
            id: 'run-1',
            challenge_id: 'DEMO-002',
            competition_id: 'ctf-spring',
            status: 'starting',
            created_at: '2026-11-28T12:00:00Z',
            questions: [],
          },
          {
            id: 'old-1',
            challenge_id: 'DEMO-001',
            competition_id: 'ctf-spring',
            status: 'stopped',
            created_at: '2026-11-28T11:00:00Z',
            questions: [],
          },
        ],
      }),
    ),
  );
}

describe('search params', () => {
  it('falls back to no filter for malformed values', () => {
    expect(parseCatalogueSearch(new URLSearchParams(`q=${'x'.repeat(500)}&category=web`))).toEqual({
      q: '',
      category: 'web',
    });
    expect(parseCatalogueSearch(new URLSearchParams(''))).toEqual({ q: '', category: '' });
  });

  it('matches every word against name, id, category and tags', () => {
    const parsed = challenges.map((c) => ({ ...c, network_topology: c.network_topology }));
    expect(filterChallenges(parsed, { q: 'slow patience', category: '' }).map((c) => c.id)).toEqual(
      ['DEMO-004'],
    );
    expect(filterChallenges(parsed, { q: 'demo', category: 'web' }).map((c) => c.id)).toEqual([
      'DEMO-001',
    ]);
  });
});

describe('ChallengeCatalogue', () => {
  it('lists the challenges with their facts and links the team’s running instance', async () => {
    platform();
    renderInCompetition(<ChallengeCatalogue />);
    const list = await screen.findByRole('list', { name: 'Challenges' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
    expect(within(list).getByText('Engagement mode (VPN)')).toBeInTheDocument();
    expect(within(list).getAllByText('Simple network')).toHaveLength(2);
    const link = await screen.findByRole('link', {
      name: /^Your team's instance\s*of Perimeter Walk$/,
    });
    expect(link).toHaveAttribute('href', '/c/ctf-spring/instances/run-1');
    // A stopped instance is not "running": DEMO-001 can be launched.
    expect(screen.getByRole('button', { name: 'Launch Cookie Jar Admin' })).toBeInTheDocument();
  });

  it('keeps search and category in the URL', async () => {
    platform();
    const { router } = renderInCompetition(
      <ChallengeCatalogue />,
      '/c/ctf-spring/challenges?category=misc',
    );
    const list = await screen.findByRole('list', { name: 'Challenges' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByLabelText('Category')).toHaveValue('misc');
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Category'), '');
    await user.type(screen.getByLabelText('Search challenges'), 'cookie');
    await waitFor(() => expect(router.state.location.search).toBe('?q=cookie'));
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    await user.clear(screen.getByLabelText('Search challenges'));
    await user.type(screen.getByLabelText('Search challenges'), 'nothing-like-this');
    expect(await screen.findByText('No challenge matches these filters.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findAllByRole('listitem')).toHaveLength(3);
  });

  it('shows an error with a retry that works', async () => {
    let fail = true;
    platform({ failChallenges: () => fail });
    renderInCompetition(<ChallengeCatalogue />);
    expect(await screen.findByText('Could not load the challenges')).toBeInTheDocument();
    expect(screen.getByText('Database is locked')).toBeInTheDocument();
    fail = false;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('list', { name: 'Challenges' })).toBeInTheDocument();
  });
});
