import { useParams } from 'react-router';
import { InstanceTrafficPage, prestartTrafficWorker } from '../../features/traffic';
import { useScope } from '../../lib/competition';

// This module loads when the Traffic tab is opened: the capture's worker
// starts now, while the page still waits for its data. (Not from a route
// loader: a loader makes every URL change of the tab, such as the selected
// flow, an asynchronous navigation, and keyboard selection would lag.)
prestartTrafficWorker();

/** `/c/:competitionId/instances/:instanceId/traffic` */
export function Component() {
  const { instanceId = '' } = useParams();
  const scope = useScope();
  return <InstanceTrafficPage key={instanceId} scope={scope} instanceId={instanceId} />;
}
