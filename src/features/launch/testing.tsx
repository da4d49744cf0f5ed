/** Test helpers of the launch feature: a page inside one competition, on a memory router. */
import type { ReactElement } from 'react';
import { configureApiClient } from '../../api/client';
import { CompetitionProvider } from '../../lib/competition';
import { renderRoutes } from '../../test/render';

export const TEAM = { id: 'team-red', name: 'Red', competition_id: 'ctf-spring' };
export const SCOPE = { competitionId: 'ctf-spring', scoped: false };

export function configureTestApi() {
  configureApiClient({ baseUrl: '/api', getToken: () => 'tok' });
}

/** Renders `element` at `path` (under /c/ctf-spring/...), with the instance page as a target. */
export function renderInCompetition(element: ReactElement, path = '/c/ctf-spring/challenges') {
  const wrap = (el: ReactElement) => (
    <CompetitionProvider value={{ scope: SCOPE, team: TEAM, teams: [TEAM] }}>
      {el}
    </CompetitionProvider>
  );
  return renderRoutes(
    [
      { path: '/c/:competitionId/instances/:instanceId', element: wrap(<p>instance page</p>) },
      { path: '*', element: wrap(element) },
    ],
    path,
  );
}
