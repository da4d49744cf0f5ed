import { useEffect, useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, Outlet, useLocation, useParams } from 'react-router';
import { authQueries } from '../../api/auth';
import type { Team } from '@shared/schemas';
import {
  CompetitionProvider,
  rememberCompetition,
  rememberedCompetition,
  rememberedScope,
  rememberScoped,
} from '../../lib/competition';
import { getToken } from '../../lib/session';
import { useRouteMatches } from '../routeTable';
import type { RouteHandle } from './useRouteTitle';
import { QueryState } from '../../components/ui/QueryState';
import { paths } from '../../lib/paths';

/** `/c/:competitionId/*`: the competition must be one of the user's teams'. */
export function CompetitionLayout() {
  const { competitionId = '' } = useParams();
  const me = useQuery(authQueries.me());
  const team = me.data?.teams.find((t) => t.competition_id === competitionId);
  const scoped = me.data ? me.data.teams.length > 1 : undefined;
  useEffect(() => {
    if (team) rememberCompetition(team.competition_id);
  }, [team]);
  useEffect(() => {
    if (scoped !== undefined) rememberScoped(scoped);
  }, [scoped]);
  usePrefetchWhileCheckingSession(competitionId, me.data === undefined);
  const value = useMemo(
    () =>
      me.data && team
        ? { scope: { competitionId, scoped: me.data.teams.length > 1 }, team, teams: me.data.teams }
        : null,
    [me.data, team, competitionId],
  );

  if (me.data === undefined) {
    return (
      <QueryState query={me} loading="Loading your teams…" errorTitle="Cannot load your teams" />
    );
  }
  if (!value) return <NotYourCompetition competitionId={competitionId} teams={me.data.teams} />;
  return (
    <CompetitionProvider value={value}>
      <Outlet />
    </CompetitionProvider>
  );
}

/**
 * While the session check (`/auth/me`) is out, the routes of this URL start
 * their page's data queries (`RouteHandle.prefetch`), so the page's data
 * arrives with it rather than one round trip after. Nothing is shown from them
 * until the check answers: a 401 ends the session (and clears the cache)
 * and the user goes to sign-in. The requests carry the token the way every
 * API call does (a header), never in the URL.
 */
function usePrefetchWhileCheckingSession(competitionId: string, checking: boolean): void {
  const queryClient = useQueryClient();
  const matches = useRouteMatches();
  useEffect(() => {
    if (!checking || getToken() === null) return;
    const scope = rememberedScope(competitionId);
    for (const { route, params } of matches)
      (route.handle as RouteHandle | undefined)?.prefetch?.({
        queryClient,
        params,
        competitionId,
        scope,
      });
  }, [checking, competitionId, matches, queryClient]);
}

/** Sends `/`, `/instances/...` and `/challenges/...` to the remembered or first competition. */
export function CompetitionRedirect() {
  const me = useQuery(authQueries.me());
  const location = useLocation();
  if (me.data === undefined) {
    return (
      <QueryState query={me} loading="Loading your teams…" errorTitle="Cannot load your teams" />
    );
  }
  const remembered = rememberedCompetition();
  const team = me.data.teams.find((t) => t.competition_id === remembered) ?? me.data.teams[0];
  if (!team) {
    return (
      <div className="p-4">
        <h1 className="text-lg font-semibold">No team yet</h1>
        <p className="mt-1">Your account is not on any team. Ask an organiser to add you to one.</p>
      </div>
    );
  }
  const to =
    location.pathname === paths.home()
      ? paths.instances(team.competition_id, new URLSearchParams(location.search))
      : paths.withinCompetition(team.competition_id, `${location.pathname}${location.search}`);
  return <Navigate to={to} replace />;
}

function NotYourCompetition({ competitionId, teams }: { competitionId: string; teams: Team[] }) {
  return (
    <section aria-labelledby="not-yours-title" className="py-4">
      <h1 id="not-yours-title" className="text-xl font-semibold">
        Not one of your competitions
      </h1>
      <p className="mt-1">
        You are not on a team in the competition “{competitionId}”. It may not exist, or your team
        may not be registered for it.
      </p>
      {teams.length > 0 && (
        <>
          <p className="mt-3">Your competitions:</p>
          <ul className="mt-1 list-disc pl-6">
            {teams.map((t) => (
              <li key={`${t.competition_id}/${t.id}`}>
                <Link
                  className="text-indigo-700 underline dark:text-indigo-300"
                  to={paths.instances(t.competition_id)}
                >
                  {t.competition_name ?? t.competition_id}
                </Link>{' '}
                (team {t.name})
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
