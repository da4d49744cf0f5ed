import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { Params, RouteMatch } from 'react-router';
import type { ApiScope } from '../../api/scope';
import { authQueries } from '../../api/auth';
import { setRouteTitle } from '../../lib/documentTitle';
import { useRouteMatches } from '../routeTable';

/** What a route's `prefetch` gets: where it is, and the cache its queries go to. */
export interface PrefetchContext {
  queryClient: QueryClient;
  /** the URL's params */
  params: Params;
  competitionId: string;
  /** the scope of instance calls as last seen; null when not known yet */
  scope: ApiScope | null;
}

/** What a route declares beside its element (see `handle` in `routes.tsx`). */
export interface RouteHandle {
  /** what it puts in the document title */
  title?: string | ((params: Params) => string);
  /**
   * Starts the page's data queries (the query options its components use)
   * while the app still waits for the session check (`/auth/me`), without
   * waiting for the page's code: a first visit then waits for one round trip,
   * not two. Nothing is rendered from them before the session is confirmed.
   */
  prefetch?: (context: PrefetchContext) => void;
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
