/** Test helpers for this feature: a competition scope around routes. */
import { Outlet, type RouteObject } from 'react-router';
import { CompetitionProvider } from '../../lib/competition';
import type { InstanceInfo } from '../../api/schemas';

export const team = { id: 't-red', name: 'team-red', competition_id: 'ctf-spring' };

export function inCompetition(children: RouteObject[]): RouteObject[] {
  return [
    {
      path: '/c/:competitionId',
      element: (
        <CompetitionProvider
          value={{ scope: { competitionId: 'ctf-spring', scoped: false }, team, teams: [team] }}
        >
          <Outlet />
        </CompetitionProvider>
      ),
      children,
    },
    { path: '*', element: <p>elsewhere</p> },
  ];
}

export function instance(patch: Partial<InstanceInfo> = {}): InstanceInfo {
  const now = Date.now();
  return {
    id: 'i-1',
    challenge_id: 'DEMO-001',
    challenge_name: 'Cookie Jar',
    competition_id: 'ctf-spring',
    started_by: 'bob',
    status: 'running',
    created_at: new Date(now - 5 * 60_000).toISOString(),
    ready_at: new Date(now - 4 * 60_000).toISOString(),
    expires_at: new Date(now + 3 * 3600_000).toISOString(),
    surface: {
      entrypoints: [{ name: 'web', protocol: 'http', host: '127.0.0.1', port: 8080 }],
    },
    network: { topology: 'simple' },
    questions: [],
    ...patch,
  };
}

export const me = { user: { id: 'u-alice', name: 'alice' }, teams: [team] };
