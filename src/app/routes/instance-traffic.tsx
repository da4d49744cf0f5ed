import { useParams } from 'react-router';
import { InstanceTrafficPage, prestartTrafficWorker } from '../../features/traffic';
import { useScope } from '../../lib/competition';

/** The capture's worker starts while the page waits for its data. */
export function loader() {
  prestartTrafficWorker();
  return null;
}
/** …once: the filter in the URL changes often, and needs no new worker. */
export function shouldRevalidate() {
  return false;
}

/** `/c/:competitionId/instances/:instanceId/traffic` */
export function Component() {
  const { instanceId = '' } = useParams();
  const scope = useScope();
  return <InstanceTrafficPage key={instanceId} scope={scope} instanceId={instanceId} />;
}
