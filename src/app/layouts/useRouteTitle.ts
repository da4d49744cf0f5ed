import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Params } from 'react-router';
import { authQueries } from '../../api/auth';
import { setRouteTitle } from '../../lib/documentTitle';
import { useRouteMatches } from '../routeTable';

/** What a route puts in the document title (see `handle` in `routes.tsx`). */
export interface RouteHandle {
  title?: string | ((params: Params) => string);
}

/** Sets the document title from the deepest route that names one, plus the competition. */
export function useRouteTitle(): void {
  const matches = useRouteMatches();
  const me = useQuery(authQueries.me());
  const deepest = [...matches]
    .reverse()
    .find((m) => (m.route.handle as RouteHandle | undefined)?.title);
  const handle = deepest?.route.handle as RouteHandle | undefined;
  const title =
    typeof handle?.title === 'function' ? handle.title(deepest?.params ?? {}) : handle?.title;
  const competitionId = deepest?.params.competitionId;
  const competition = competitionId
    ? (me.data?.teams.find((t) => t.competition_id === competitionId)?.competition_name ??
      competitionId)
    : undefined;
  useEffect(() => {
    setRouteTitle([title, competition]);
  }, [title, competition]);
}
