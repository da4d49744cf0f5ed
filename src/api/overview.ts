/**
 * The team overview's two polled requests: the instance list (live and
 * recently ended, with questions and, from the local platform, traffic
 * summaries) and the activity feed (an extension: a server without it
 * answers 404, and the feed is then `supported: false`, never polled again).
 */
import { focusManager, queryOptions } from '@tanstack/react-query';
import { apiRequest, isApiError, isNotFound } from './client';
import { instanceQueries } from './instances';
import { overviewPollInterval } from './polling';
import { competitionParam, type ApiScope } from './scope';
import {
  ActivityResponseSchema,
  InstanceListResponseSchema,
  type ActivityEvent,
} from '@shared/schemas';

/** Events kept on the page. */
export const ACTIVITY_KEEP = 100;

export interface ActivityFeed {
  /** false: the server has no activity endpoint (the page derives a feed) */
  supported: boolean;
  /** newest first */
  items: ActivityEvent[];
  cursor: string | null;
  /** events of the last fetch that were not there before (none on the first) */
  fresh: ActivityEvent[];
}

const hidden = () => !focusManager.isFocused();

export const overviewQueries = {
  /** Every instance of the last 24 h (the list filter `status=all`), newest first. */
  instances: (scope: ApiScope) =>
    queryOptions({
      queryKey: [
        ...instanceQueries.lists(scope.competitionId),
        { status: 'all', limit: 100, view: 'overview' },
        scope,
      ] as const,
      queryFn: ({ signal }) =>
        apiRequest('/instances', InstanceListResponseSchema, {
          signal,
          query: {
            competition_id: competitionParam(scope),
            status: 'all',
            offset: 0,
            limit: 100,
          },
        }),
      refetchIntervalInBackground: true,
      refetchInterval: (query) =>
        overviewPollInterval(
          query.state.data?.items.map((i) => i.status),
          hidden(),
        ),
    }),

  activity: (scope: ApiScope) =>
    queryOptions({
      queryKey: ['activity', scope.competitionId, scope] as const,
      queryFn: async ({ signal, client, queryKey }): Promise<ActivityFeed> => {
        const previous = client.getQueryData<ActivityFeed>(queryKey);
        try {
          const answer = await apiRequest('/activity', ActivityResponseSchema, {
            signal,
            query: {
              competition_id: competitionParam(scope),
              since: previous?.cursor ?? undefined,
            },
          });
          return mergeActivity(previous, answer.items, answer.cursor);
        } catch (e) {
          if (isNotFound(e)) return { supported: false, items: [], cursor: null, fresh: [] };
          throw e;
        }
      },
      // a missing feed (404) or a malformed one is an answer, not something a retry cures
      retry: (count, error) => isApiError(error) && error.isTransient && count < 2,
      refetchIntervalInBackground: true,
      refetchInterval: (query) => {
        if (query.state.data?.supported === false) return false;
        const interval = overviewPollInterval(undefined, hidden());
        // Half an interval out of step with the list: a change is seen by one of the two
        // within half an interval, and a new event refreshes the list at once. That
        // refresh restarts the list's timer, so the step is taken again after it.
        const reStep =
          query.state.dataUpdateCount === 1 || (query.state.data?.fresh.length ?? 0) > 0;
        return reStep ? Math.round(interval / 2) : interval;
      },
    }),
};

/** Adds an answer's events to what the page has (by id, newest first, at most ACTIVITY_KEEP). */
export function mergeActivity(
  previous: ActivityFeed | undefined,
  incoming: ActivityEvent[],
  cursor: string,
): ActivityFeed {
  const known = new Set(previous?.items.map((e) => e.id));
  const fresh = previous ? incoming.filter((e) => !known.has(e.id)) : [];
  const byId = new Map<string, ActivityEvent>();
  for (const e of [...incoming, ...(previous?.items ?? [])]) if (!byId.has(e.id)) byId.set(e.id, e);
  const items = [...byId.values()]
    .sort((a, b) => Number(b.id) - Number(a.id) || b.at.localeCompare(a.at))
    .slice(0, ACTIVITY_KEEP);
  return { supported: true, items, cursor, fresh };
}
