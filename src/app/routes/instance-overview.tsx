import { instanceRoute } from '../instanceRoute';
import { InstanceOverview } from '../../features/instances/overviewTab';

/** Overview tab: the live start-up, then status, times, network, surface and the timeline. */
export const Component = instanceRoute(InstanceOverview);
