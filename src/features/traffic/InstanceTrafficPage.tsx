import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { instanceQueries } from '../../api/instances';
import { Button } from '../../components/ui/Button';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingRows } from '../../components/ui/Skeleton';
import { isTcpOnly } from '../../lib/entrypoints';
import { useScope } from '../../lib/competition';
import { paths } from '../../lib/paths';
import { NoCapture } from './components/NoCapture';
import { TrafficViewer } from './components/TrafficViewer';
import { useInstanceCapture } from './hooks/useInstanceCapture';
import { useLiveChoice } from './hooks/useLiveChoice';
import { useTrafficSession } from './hooks/useTrafficSession';
import { formatTimeOfDay } from '@shared/format';

/**
 * The Traffic tab of an instance: its capture, filterable, Live (on by
 * default while the instance runs, unless the user turned it off).
 */
export function InstanceTrafficPage({ instanceId }: { instanceId: string }) {
  const scope = useScope();
  const { session, snapshot } = useTrafficSession();
  const instance = useQuery(instanceQueries.detail(scope, instanceId));
  const running = instance.data?.status === 'running';
  // Only HTTP goes through the capture proxy: a TCP-only instance has none to show.
  const tcpOnly = isTcpOnly(instance.data?.surface?.entrypoints);
  const { live, toggle } = useLiveChoice(running && !tcpOnly);
  const { liveError, lastUpdated, retry } = useInstanceCapture(session, scope, instanceId, live);

  const liveToggle = (
    <div className="flex items-center gap-2">
      <Button
        size="sm"
        aria-pressed={live}
        disabled={!running}
        title={
          running ? 'Refetch the capture every 3 seconds' : 'Live updates need a running instance'
        }
        onClick={toggle}
      >
        <span aria-hidden="true">{live ? '● ' : '○ '}</span>
        Live
      </Button>
      <Link
        to={paths.trafficOpen()}
        className="text-sm text-indigo-800 underline underline-offset-2 dark:text-indigo-300"
      >
        Open a local capture file…
      </Link>
    </div>
  );

  return (
    <div className="space-y-3">
      <h2 className="text-lg font-semibold">Traffic</h2>
      {(live || liveError) && (
        <p className="text-sm">
          {/* the status is announced when it changes, not at every refresh (Live is on by default) */}
          <span role="status">
            {liveError
              ? `Live update failed (${liveError}); still trying every 3 s.`
              : 'Live updates on.'}
          </span>
          {!liveError && lastUpdated && (
            <span> Updated at {formatTimeOfDay(new Date(lastUpdated))}.</span>
          )}
        </p>
      )}
      {!running && instance.data && (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          The instance is {instance.data.status}: live updates are off.
        </p>
      )}
      {snapshot.capture.kind === 'idle' || snapshot.capture.kind === 'loading' ? (
        <LoadingRows label="Loading the capture…" />
      ) : snapshot.capture.kind === 'error' ? (
        <ErrorState
          title="Cannot show the capture"
          error={new Error(snapshot.capture.message)}
          onRetry={retry}
        />
      ) : snapshot.capture.kind === 'empty' ? (
        tcpOnly ? (
          <NoCapture tcpOnly />
        ) : (
          <>
            {liveToggle}
            <NoCapture />
          </>
        )
      ) : (
        <TrafficViewer
          session={session}
          snapshot={snapshot}
          toolbar={liveToggle}
          fileStem={`traffic-${instanceId}`}
          competitionId={scope.competitionId}
          label={`Flows of instance ${instanceId}`}
        />
      )}
    </div>
  );
}
