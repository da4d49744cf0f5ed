import { instanceRoute } from '../instanceRoute';
import { InstanceFrame } from '../../features/instances/frame';

/** `/c/:competitionId/instances/:instanceId/*`: header, actions, the status poll and the tabs. */
export const Component = instanceRoute(InstanceFrame);
