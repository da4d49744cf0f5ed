import { useParams } from 'react-router';
import { InstanceDownloads } from '../../features/downloads';

/** Downloads tab: the instance's files and, for engagement challenges, its VPN profile. */
export function Component() {
  const { instanceId = '' } = useParams();
  return <InstanceDownloads instanceId={instanceId} />;
}
