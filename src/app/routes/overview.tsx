import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { InstanceInfo } from '@shared/schemas';
import { isEngagement } from '../../api/vpn';
import { Button } from '../../components/ui/Button';
import { VpnDownloadButton } from '../../features/downloads';
import { RenewDialog, StopDialog } from '../../features/instances';
import { TeamOverview } from '../../features/overview';
import { useScope } from '../../lib/competition';
import { paths, searchKeys } from '../../lib/paths';
import { isLiveInstance } from '../../lib/teamProgress';

/**
 * `/c/:competitionId`: the team overview; `?view=wall` is its full-screen
 * wall view. The card actions come from the instances (renew, stop) and
 * downloads (VPN profile) features, composed here.
 */
export function Component() {
  const [params] = useSearchParams();
  const wall = params.get(searchKeys.view) === 'wall';
  const { competitionId } = useScope();
  const [renewing, setRenewing] = useState<InstanceInfo | null>(null);
  const [stopping, setStopping] = useState<InstanceInfo | null>(null);

  const actions = (i: InstanceInfo) => {
    const name = i.challenge_name ?? i.challenge_id;
    const live = isLiveInstance(i);
    return (
      <>
        <Link
          to={paths.instance(competitionId, i.id).overview}
          aria-label={`Open ${name}`}
          className="inline-flex items-center rounded-md border border-slate-300 px-2 py-1 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-600 dark:hover:bg-slate-700"
        >
          Open
        </Link>
        {live && (
          <>
            <Button size="sm" aria-label={`Renew ${name}`} onClick={() => setRenewing(i)}>
              Renew
            </Button>
            <Button size="sm" aria-label={`Stop ${name}`} onClick={() => setStopping(i)}>
              Stop
            </Button>
          </>
        )}
        {live && isEngagement(i) && <VpnDownloadButton instance={i} />}
      </>
    );
  };

  return (
    <>
      <TeamOverview
        wall={wall}
        cardActions={actions}
        wallHref={paths.overview(competitionId, { wall: true })}
        pageHref={paths.overview(competitionId)}
      />
      <RenewDialog target={renewing} onClose={() => setRenewing(null)} />
      <StopDialog target={stopping} onClose={() => setStopping(null)} />
    </>
  );
}
