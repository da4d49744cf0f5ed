import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Params, RouteMatch } from 'react-router';
import { authQueries } from '../../api/auth';
import { setRouteTitle } from '../../lib/documentTitle';
import { useRouteMatches } from '../routeTable';

/** What a route puts in the document title (see `handle` in `routes.tsx`). */
export interface RouteHandle {
  title?: string | ((params: Params) => string);
}

/** The title the deepest matched route that names one gives, and the competition in the URL. */
export function titleOfMatches(matches: readonly RouteMatch[]): {
  title: string | undefined;
  competitionId: string | undefined;
} {
  const deepest = matches.findLast((m) => (m.route.handle as RouteHandle | undefined)?.title);
  const handle = deepest?.route.handle as RouteHandle | undefined;
  const title =
    typeof handle?.title === 'function' ? handle.title(deepest?.params ?? {}) : handle?.title;
  return { title, competitionId: deepest?.params.competitionId };
}

/** Sets the document title from the deepest route that names one, plus the competition. */
export function useRouteTitle(): void {
  const matches = useRouteMatches();
  const me = useQuery(authQueries.me());
  const { title, competitionId } = titleOfMatches(matches);
  const competition = competitionId
    ? (me.data?.teams.find((t) => t.competition_id === competitionId)?.competition_name ??
      competitionId)
    : undefined;
  useEffect(() => {
    setRouteTitle([title, competition]);
  }, [title, competition]);
}
