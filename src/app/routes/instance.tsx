import { Outlet, useParams } from 'react-router';
import { InstanceFrame } from '../../features/instances';

/** `/c/:competitionId/instances/:instanceId/*`: header, actions and tabs around each tab. */
export function Component() {
  const { instanceId = '' } = useParams();
  return (
    <InstanceFrame key={instanceId} instanceId={instanceId}>
      <Outlet />
    </InstanceFrame>
  );
}
