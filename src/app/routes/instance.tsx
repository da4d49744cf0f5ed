import { instanceRoute } from '../instanceRoute';
import { InstanceFrame } from '../../features/instances/frame';
import { instanceQueries } from '../../api';
import type { PagePrefetchContext } from '../RouteError';

/** `/c/:competitionId/instances/:instanceId/*`: header, actions, the status poll and the tabs. */
export const Component = instanceRoute(InstanceFrame);

/** The instance and its status (every tab starts from them). */
export function prefetch({ queryClient, params, scope }: PagePrefetchContext) {
  if (!scope || !params.instanceId) return;
  void queryClient.prefetchQuery(instanceQueries.detail(scope, params.instanceId));
  void queryClient.prefetchQuery(instanceQueries.status(scope, params.instanceId));
}
