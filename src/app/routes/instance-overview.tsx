import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { instanceQueries, isSettling } from '../../api';
import { useScope } from '../../lib/competition';
import { InstanceOverview } from '../../features/instances';
import { LaunchProgress } from '../../features/launch';

/**
 * Overview tab. While the instance settles (pending, starting, unknown) or
 * when it failed, the live readiness view of the launch feature shows instead.
 */
export function Component() {
  const { instanceId = '' } = useParams();
  const scope = useScope();
  const { data } = useQuery(instanceQueries.detail(scope, instanceId));
  if (!data) return null; // the layout shows loading, gone and error states
  if ((isSettling(data.status) && data.status !== 'stopping') || data.status === 'failed') {
    return <LaunchProgress instanceId={instanceId} />;
  }
  return <InstanceOverview instanceId={instanceId} />;
}
