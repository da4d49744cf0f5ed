import { useQuery } from '@tanstack/react-query';
import { errorMessage, instanceQueries, SDK_READY_TIMEOUT_MS } from '../../../api';
import { ErrorState } from '../../../components/ui/ErrorState';
import { useScope } from '../../../lib/competition';
import { formatDuration } from '@shared/format';
import { useNow } from '../../../lib/useNow';
import { endedWording } from '../terminal';
import { announcement } from './announce';
import { NotifyOptIn } from './NotifyOptIn';
import { PhaseTimeline } from './PhaseTimeline';
import { SlowNotice } from './SlowNotice';
import { startupTimeline } from './timeline';
import { useReadinessOfFrame } from './useInstanceReadiness';

const HEADINGS = {
  loading: 'Checking the instance…',
  settling: 'Starting',
  slow: 'Still starting',
  reconnecting: 'Reconnecting…',
  ready: 'Ready',
  failed: 'Start-up',
  ended: 'Start-up',
  gone: 'Instance not found',
  error: 'Status unavailable',
} as const;

/**
 * The live start-up of an instance, from the frame's one status poll: the
 * phases with who named them, the elapsed time (stopped at the moment the
 * platform says the start-up ended), and what to do while waiting. What
 * happened in the end is said once, by the frame's header.
 */
export function StartupView({ instanceId }: { instanceId: string }) {
  const now = useNow();
  const scope = useScope();
  const r = useReadinessOfFrame();
  const { data: detail } = useQuery(instanceQueries.detail(scope, instanceId));
  const timeline = startupTimeline({
    status: r.status,
    phases: r.statusAnswer?.phases ?? detail?.phases,
    tabLog: r.log,
    createdAt: detail?.created_at,
    readyAt: r.statusAnswer?.ready_at ?? detail?.ready_at,
    endedAt: r.statusAnswer?.ended_at ?? detail?.ended_at,
    now,
  });
  const slow =
    (r.view === 'settling' || r.view === 'slow') &&
    timeline.elapsedMs !== undefined &&
    timeline.elapsedMs > SDK_READY_TIMEOUT_MS;
  const view = slow ? 'slow' : r.view === 'slow' ? 'settling' : r.view;
  const waiting = view === 'settling' || view === 'slow' || view === 'reconnecting';
  const phase = waiting ? r.statusAnswer?.phase : undefined;

  return (
    <section
      aria-labelledby={`startup-${instanceId}`}
      className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
    >
      <p aria-live="polite" aria-atomic="true" className="sr-only">
        {announcement(view, phase, detail?.challenge_id, detail && endedWording(detail)?.title)}
      </p>
      <header className="flex flex-wrap items-center gap-3">
        <h2 id={`startup-${instanceId}`} className="text-lg font-semibold">
          {HEADINGS[view]}
        </h2>
        {timeline.elapsedMs !== undefined && (
          <span className="text-sm text-slate-600 dark:text-slate-300">
            {waiting ? 'elapsed ' : timeline.outcome === 'ready' ? 'ready after ' : 'ended after '}
            <time className="font-mono tabular-nums" data-testid="launch-elapsed">
              {formatDuration(timeline.elapsedMs)}
            </time>
          </span>
        )}
      </header>
      {phase && (
        <p>
          Current phase: <strong>{phase}</strong>
        </p>
      )}
      {view === 'reconnecting' && (
        <p className="rounded-md bg-slate-100 p-3 text-sm dark:bg-slate-800">
          The platform is not answering ({errorMessage(r.error)}). Trying again by itself; nothing
          has been started twice.
        </p>
      )}
      {view === 'slow' && <SlowNotice instanceId={instanceId} />}
      {view === 'error' && <ErrorState error={r.error} onRetry={r.retry} />}
      <PhaseTimeline timeline={timeline} />
      {waiting && <NotifyOptIn permission={r.notify.permission} onAsk={r.notify.ask} />}
    </section>
  );
}
