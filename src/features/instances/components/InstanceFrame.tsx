import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Outlet } from 'react-router';
import { instanceQueries, isNotFound, isSettling } from '../../../api';
import { isTerminalStatus } from '@shared/schemas';
import { useScope } from '../../../lib/competition';
import { paths } from '../../../lib/paths';
import { ErrorState } from '../../../components/ui/ErrorState';
import { LoadingRows } from '../../../components/ui/Skeleton';
import { ReadinessContext, useInstanceReadiness } from '../readiness/useInstanceReadiness';
import { useReadyAlerts } from '../readiness/useReadyAlerts';
import { EndedHeader } from './EndedHeader';
import { InstanceHeader } from './InstanceHeader';
import { InstanceTabs } from './InstanceTabs';
import { InstanceGone } from './InstanceGone';
import { ExpiryWarning } from './ExpiryWarning';
import { RenewDialog, StopDialog } from './lazyDialogs';

/**
 * The instance page around its tabs: header, actions, warnings, tab links,
 * and the page's one status poll (its readiness is handed to the tabs). An
 * ended instance keeps its tabs, read-only, under a header that says what
 * happened.
 */
export function InstanceFrame({ instanceId }: { instanceId: string }) {
  const scope = useScope();
  const detail = useQuery(instanceQueries.detail(scope, instanceId));
  const readiness = useInstanceReadiness(instanceId);
  const [dialog, setDialog] = useState<'renew' | 'stop' | null>(null);
  const [stoppedHere, setStoppedHere] = useState(false);
  const i = detail.data;
  // The title and the notification follow a start-up this page watched (on
  // any tab); an instance that was already running when opened is just a page.
  const watchedStart = readiness.log.some((e) => isSettling(e.status) && e.status !== 'stopping');
  useReadyAlerts(
    i && (watchedStart || readiness.view !== 'ready') ? readiness.view : 'loading',
    i?.challenge_id,
  );

  if (detail.isPending) return <LoadingRows rows={4} label="Loading the instance…" />;
  if (isNotFound(detail.error)) {
    return (
      <InstanceGone
        instanceId={instanceId}
        challengeId={i?.challenge_id}
        challengeName={i?.challenge_name}
        // Never seen here: the id is not one of this team's in this competition.
        reason={!i ? 'not-ours' : stoppedHere ? 'stopped-here' : 'vanished'}
      />
    );
  }
  if (!i) {
    return (
      <ErrorState
        title="Cannot load this instance"
        error={detail.error}
        onRetry={() => void detail.refetch()}
      />
    );
  }
  const name = i.challenge_name ?? i.challenge_id;
  const ended = isTerminalStatus(i.status);

  return (
    <ReadinessContext.Provider value={readiness}>
      <div className="space-y-4">
        <InstanceHeader
          instance={i}
          onRenew={() => setDialog('renew')}
          onStop={() => setDialog('stop')}
        />
        {ended ? (
          <EndedHeader instance={i} />
        ) : (
          i.status !== 'stopping' && (
            <ExpiryWarning
              instanceId={i.id}
              name={name}
              expiresAt={i.expires_at}
              onRenew={() => setDialog('renew')}
            />
          )
        )}
        <InstanceTabs paths={paths.instance(scope.competitionId, i.id)} />
        <div>
          <Outlet />
        </div>
        <RenewDialog target={dialog === 'renew' ? i : null} onClose={() => setDialog(null)} />
        <StopDialog
          target={dialog === 'stop' ? i : null}
          onClose={() => setDialog(null)}
          onStopped={() => setStoppedHere(true)}
        />
      </div>
    </ReadinessContext.Provider>
  );
}
