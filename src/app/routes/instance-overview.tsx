import { instanceRoute } from '../instanceRoute';
import { InstanceOverview } from '../../features/instances';

/** Overview tab: the live start-up, then status, times, network, surface and the timeline. */
export const Component = instanceRoute(InstanceOverview);
