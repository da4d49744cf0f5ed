import { useQuery } from '@tanstack/react-query';
import { instanceQueries, isTerminalStatus, type InstanceInfo } from '../../../api';
import { useScope } from '../../../lib/competition';

/** The team's live instances, by challenge id (from the live instance list). */
export function useRunningByChallenge(): Map<string, InstanceInfo> {
  const scope = useScope();
  const list = useQuery(instanceQueries.list(scope, { limit: 100 }));
  const byChallenge = new Map<string, InstanceInfo>();
  for (const i of list.data?.items ?? []) {
    if (!isTerminalStatus(i.status) && !byChallenge.has(i.challenge_id)) {
      byChallenge.set(i.challenge_id, i);
    }
  }
  return byChallenge;
}
