/**
 * A fake competition for component tests: one team of one competition
 * ("ctf-spring"), around an element, around routes, or rendered on a memory
 * router; plus an instance and a signed-in user of that team.
 */
import type { ReactElement, ReactNode } from 'react';
import { Outlet, type RouteObject } from 'react-router';
import { configureApiClient } from '../api/client';
import type { InstanceInfo } from '@shared/schemas';
import { CompetitionProvider } from '../lib/competition';
import { renderRoutes } from './render';

export const TEAM = { id: 'team-red', name: 'team-red', competition_id: 'ctf-spring' };
export const SCOPE = { competitionId: 'ctf-spring', scoped: false };
/** What GET /auth/me answers for the signed-in user of TEAM. */
export const me = { user: { id: 'u-alice', name: 'alice' }, teams: [TEAM] };

export function InCompetition({ children }: { children: ReactNode }) {
  return (
    <CompetitionProvider value={{ scope: SCOPE, team: TEAM, teams: [TEAM] }}>
      {children}
    </CompetitionProvider>
  );
}

/** `children` routes under `/c/:competitionId`, and a catch-all that says "elsewhere". */
export function inCompetition(children: RouteObject[]): RouteObject[] {
  return [
    {
      path: '/c/:competitionId',
      element: (
        <InCompetition>
          <Outlet />
        </InCompetition>
      ),
      children,
    },
    { path: '*', element: <p>elsewhere</p> },
  ];
}

export function configureTestApi() {
  configureApiClient({ baseUrl: '/api', getToken: () => 'tok' });
}

/** Renders `element` at `path` (under /c/ctf-spring/...), with the instance page as a target. */
export function renderInCompetition(element: ReactElement, path = '/c/ctf-spring/challenges') {
  return renderRoutes(
    [
      {
        path: '/c/:competitionId/instances/:instanceId',
        element: (
          <InCompetition>
            <p>instance page</p>
          </InCompetition>
        ),
      },
      { path: '*', element: <InCompetition>{element}</InCompetition> },
    ],
    path,
  );
}

/** A running instance of TEAM's competition; `patch` changes what a test needs. */
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
