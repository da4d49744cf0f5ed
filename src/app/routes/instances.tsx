import { InstanceListPage } from '../../features/instances/list';

/** `/c/:competitionId/instances`: the team's instances. */
export function Component() {
  return <InstanceListPage />;
}
