import { instanceRoute } from '../instanceRoute';
import { InstanceTrafficPage, prestartTrafficWorker } from '../../features/traffic';

/**
 * Traffic tab. The capture's worker starts when this module loads, while the
 * page still waits for its data (not from a route loader: a loader makes every
 * URL change of the tab, such as the selected flow, an asynchronous navigation).
 */
export const Component = instanceRoute(InstanceTrafficPage, prestartTrafficWorker);
