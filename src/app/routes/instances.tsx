import { InstanceListPage } from '../../features/instances';

/** `/c/:competitionId/instances`: the team's instances. */
export function Component() {
  return <InstanceListPage />;
}
