import { useParams } from 'react-router';
import { InstanceTrafficPage } from '../../features/traffic';
import { useScope } from '../../lib/competition';

/** `/c/:competitionId/instances/:instanceId/traffic` */
export function Component() {
  const { instanceId = '' } = useParams();
  const scope = useScope();
  return <InstanceTrafficPage key={instanceId} scope={scope} instanceId={instanceId} />;
}
