import { instanceRoute } from '../instanceRoute';
import { InstanceDownloads } from '../../features/downloads';

/** Downloads tab: the instance's files and, for engagement challenges, its VPN profile. */
export const Component = instanceRoute(InstanceDownloads);
