/** Test helpers for this feature: a competition scope around routes. */
import { Outlet, type RouteObject } from 'react-router';
import { CompetitionProvider } from '../../lib/competition';
import { http, HttpResponse } from 'msw';
import type { InstanceInfo } from '../../api/schemas';
import { server } from '../../test/msw';
import { InstanceFrame } from './components/InstanceFrame';
import { InstanceOverview } from './components/InstanceOverview';

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

/** The instance page as the app routes it: the frame, its Overview tab and a stub Questions tab. */
export function instancePageRoutes(id = 'i-1'): RouteObject[] {
  return inCompetition([
    {
      path: 'instances/:instanceId',
      element: <InstanceFrame instanceId={id} />,
      children: [
        { index: true, element: <InstanceOverview instanceId={id} /> },
        { path: 'questions', element: <p>questions tab</p> },
      ],
    },
    { path: 'challenges/:challengeId', element: <p>challenge page</p> },
  ]);
}

/**
 * A fake platform for one instance: the detail and the status answer from
 * the same state, which a test changes with `set` (as the platform would).
 */
export function serveInstance(initial: InstanceInfo) {
  let current = initial;
  const path = `/api/instances/${initial.id}`;
  server.use(
    http.get(path, () => HttpResponse.json(current)),
    http.get(`${path}/status`, () =>
      HttpResponse.json({
        id: current.id,
        status: current.status,
        ready: current.status === 'running',
        phase: current.phase,
        message: current.message,
        surface: current.surface,
        network: current.network,
        expires_at: current.expires_at,
        ready_at: current.ready_at,
        ended_at: current.ended_at,
        end_reason: current.end_reason,
        ended_by: current.ended_by,
        phases: current.phases,
      }),
    ),
  );
  return {
    set(patch: Partial<InstanceInfo>) {
      current = { ...current, ...patch };
    },
  };
}
