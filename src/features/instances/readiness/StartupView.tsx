import { errorMessage } from '../../../api';
import { ErrorState } from '../../../components/ui/ErrorState';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { formatDuration } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';
import { announcement } from './announce';
import { AttackSurface } from './AttackSurface';
import { FailedPanel, SlowNotice } from './EndStates';
import { NotifyOptIn, useNotificationPermission } from './NotifyOptIn';
import { PhaseTimeline } from './PhaseTimeline';
import { useReadiness } from './useReadiness';
import { useReadyAlerts } from './useReadyAlerts';

const HEADINGS = {
  loading: 'Checking the instance…',
  settling: 'Starting',
  slow: 'Still starting',
  reconnecting: 'Reconnecting…',
  ready: 'Ready',
  failed: 'Failed',
  ended: 'Not running',
  gone: 'Instance not found',
  error: 'Status unavailable',
} as const;

/**
 * The live start-up of an instance: polls its status while it settles and
 * shows the phases, the elapsed time, and then the surface or the failure.
 */
export function LaunchProgress({ instanceId }: { instanceId: string }) {
  const now = useNow();
  const notify = useNotificationPermission();
  const r = useReadiness(instanceId, now, { pollInBackground: notify.permission === 'granted' });
  useReadyAlerts(r.view, r.challengeId);
  const waiting = r.view === 'settling' || r.view === 'slow' || r.view === 'reconnecting';

  return (
    <section
      aria-labelledby={`launch-${instanceId}`}
      className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
    >
      <p aria-live="polite" aria-atomic="true" className="sr-only">
        {announcement(r.view, r.status?.phase, r.challengeId)}
      </p>
      <header className="flex flex-wrap items-center gap-3">
        <h2 id={`launch-${instanceId}`} className="text-lg font-semibold">
          {HEADINGS[r.view]}
        </h2>
        {r.status && <StatusBadge status={r.status.status} />}
        {r.elapsedMs !== undefined && (
          <span className="text-sm text-slate-600 dark:text-slate-300">
            {r.view === 'ready' ? 'ready after ' : 'elapsed '}
            <time className="font-mono tabular-nums" data-testid="launch-elapsed">
              {formatDuration(r.elapsedMs)}
            </time>
          </span>
        )}
      </header>
      {waiting && r.status?.phase && (
        <p>
          Current phase: <strong>{r.status.phase}</strong>
        </p>
      )}
      {r.view === 'reconnecting' && (
        <p className="rounded-md bg-slate-100 p-3 text-sm dark:bg-slate-800">
          The platform is not answering ({errorMessage(r.error)}). Trying again by itself; nothing
          has been started twice.
        </p>
      )}
      {r.view === 'slow' && <SlowNotice instanceId={instanceId} />}
      {r.view === 'error' && <ErrorState error={r.error} onRetry={r.retry} />}
      {r.view === 'gone' && <p>This instance no longer exists (stopped, expired or removed).</p>}
      <PhaseTimeline log={r.log} createdAt={r.createdAt} now={now} endedAt={r.endedAt} />
      {r.view === 'ready' && (
        <AttackSurface
          entrypoints={r.status?.surface?.entrypoints ?? []}
          network={r.status?.network}
        />
      )}
      {r.view === 'failed' && (
        <FailedPanel message={r.status?.message} challengeId={r.challengeId} />
      )}
      {waiting && <NotifyOptIn permission={notify.permission} onAsk={notify.ask} />}
    </section>
  );
}
