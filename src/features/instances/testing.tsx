/** Test helpers of the instance page (the fake competition itself is src/test/competition.tsx). */
import type { RouteObject } from 'react-router';
import { http, HttpResponse } from 'msw';
import type { InstanceInfo } from '@shared/schemas';
import { server } from '../../test/msw';
import { inCompetition } from '../../test/competition';
import { InstanceFrame } from './components/InstanceFrame';
import { InstanceOverview } from './components/InstanceOverview';

export { inCompetition, instance, me, TEAM as team } from '../../test/competition';

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
