import { useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { instanceQueries, isNotFound } from '../../../api';
import { isTerminalStatus } from '../../../api/schemas';
import { useCompetitionPath, useScope } from '../../../lib/competition';
import { ErrorState } from '../../../components/ui/ErrorState';
import { LoadingRows } from '../../../components/ui/Skeleton';
import { endedWording } from '../terminal';
import { InstanceHeader } from './InstanceHeader';
import { InstanceTabs } from './InstanceTabs';
import { InstanceGone } from './InstanceGone';
import { ExpiryWarning } from './ExpiryWarning';
import { RenewDialog } from './RenewDialog';
import { StopDialog } from './StopDialog';

/** The instance page around its tabs: header, actions, warnings, tab links. */
export function InstanceFrame({
  instanceId,
  children,
}: {
  instanceId: string;
  children: ReactNode;
}) {
  const scope = useScope();
  const to = useCompetitionPath();
  const detail = useQuery(instanceQueries.detail(scope, instanceId));
  const [dialog, setDialog] = useState<'renew' | 'stop' | null>(null);
  const [stoppedHere, setStoppedHere] = useState(false);
  const i = detail.data;

  if (detail.isPending) return <LoadingRows rows={4} label="Loading the instance…" />;
  if (stoppedHere || isNotFound(detail.error)) {
    return (
      <InstanceGone
        challengeId={i?.challenge_id}
        challengeName={i?.challenge_name}
        reason={stoppedHere ? 'stopped-here' : 'vanished'}
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
  const basePath = to(`/instances/${encodeURIComponent(i.id)}`);
  const ended = isTerminalStatus(i.status) ? endedWording(i) : undefined;

  return (
    <div className="space-y-4">
      <InstanceHeader
        instance={i}
        onRenew={() => setDialog('renew')}
        onStop={() => setDialog('stop')}
      />
      {ended ? (
        <div
          role="status"
          className="rounded-md border border-slate-300 bg-slate-50 p-3 dark:border-slate-600 dark:bg-slate-800"
        >
          <p className="font-semibold">{ended.title}</p>
          {ended.detail && <p className="mt-1 text-sm break-words">{ended.detail}</p>}
          <Link
            to={to(`/challenges/${encodeURIComponent(i.challenge_id)}`)}
            className="mt-2 inline-block text-sm font-medium text-indigo-700 underline dark:text-indigo-300"
          >
            Launch {i.challenge_id} again
          </Link>
        </div>
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
      <InstanceTabs basePath={basePath} />
      <div>{children}</div>
      <RenewDialog target={dialog === 'renew' ? i : null} onClose={() => setDialog(null)} />
      <StopDialog
        target={dialog === 'stop' ? i : null}
        onClose={() => setDialog(null)}
        onStopped={() => setStoppedHere(true)}
      />
    </div>
  );
}
