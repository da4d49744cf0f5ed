import { useQuery } from '@tanstack/react-query';
import { instanceQueries, isTerminalStatus, type ApiScope, type InstanceInfo } from '../../../api';
import { useScope } from '../../../lib/competition';

/** The instance list the catalogue and a challenge page read what runs from. */
export const runningInstancesQuery = (scope: ApiScope) =>
  instanceQueries.list(scope, { limit: 100 });

/** The team's live instances, by challenge id (from the live instance list). */
export function useRunningByChallenge(): Map<string, InstanceInfo> {
  const scope = useScope();
  const list = useQuery(runningInstancesQuery(scope));
  const byChallenge = new Map<string, InstanceInfo>();
  for (const i of list.data?.items ?? []) {
    if (!isTerminalStatus(i.status) && !byChallenge.has(i.challenge_id)) {
      byChallenge.set(i.challenge_id, i);
    }
  }
  return byChallenge;
}
