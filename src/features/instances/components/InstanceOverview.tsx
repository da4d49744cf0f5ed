import { useQuery } from '@tanstack/react-query';
import { instanceQueries, isSettling, useVpnState, type VpnState } from '../../../api';
import { isTerminalStatus, type InstanceInfo } from '@shared/schemas';
import { useScope } from '../../../lib/competition';
import { paths } from '../../../lib/paths';
import { useNow } from '../../../lib/useNow';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { PhaseTimeline } from '../readiness/PhaseTimeline';
import { StartupView } from '../readiness/StartupView';
import { startupTimeline } from '../readiness/timeline';
import { useReadinessOfFrame } from '../readiness/useInstanceReadiness';
import { endedAt } from '../terminal';
import { AttackSurface } from './AttackSurface';
import { TtlCountdown } from './TtlCountdown';
import { When } from './When';

/**
 * The Overview tab. While the instance starts (or when its start-up failed)
 * the live start-up view; once it was ready, its status, times, network and
 * attack surface, with the start-up timeline kept below, collapsed.
 */
export function InstanceOverview({ instanceId }: { instanceId: string }) {
  const scope = useScope();
  const readiness = useReadinessOfFrame();
  const { data: i } = useQuery(instanceQueries.detail(scope, instanceId));
  if (!i) return null; // the frame shows loading, gone and error states
  const status = readiness.status ?? i.status;
  const starting = isSettling(status) && status !== 'stopping';
  if (
    starting ||
    (isTerminalStatus(status) && !i.ready_at) ||
    (status === 'running' && i.status !== 'running')
  ) {
    return <StartupView instanceId={instanceId} />;
  }
  return <SettledOverview instance={i} />;
}

function SettledOverview({ instance: i }: { instance: InstanceInfo }) {
  const scope = useScope();
  const vpn = useVpnState(scope, i);
  const topology = i.network?.topology ?? i.network_topology ?? 'simple';
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
      <div className="space-y-6">
        <StatusSection instance={i} />
        <TimesSection instance={i} />
        <section aria-labelledby="network-title">
          <h2 id="network-title" className="text-lg font-semibold">
            Network
          </h2>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="font-medium">Topology</dt>
            <dd>{topology === 'engagement' ? 'engagement (VPN)' : topology}</dd>
            {i.network?.subnet && (
              <>
                <dt className="font-medium">Subnet</dt>
                <dd className="font-mono break-all">{i.network.subnet}</dd>
              </>
            )}
            {vpn.state.kind !== 'none' && (
              <>
                <dt className="font-medium">VPN</dt>
                <dd data-testid="vpn-state">{vpnWords(vpn.state)}</dd>
              </>
            )}
          </dl>
        </section>
        <StartupTimeline instance={i} />
      </div>
      <AttackSurface
        entrypoints={i.status === 'running' ? (i.surface?.entrypoints ?? []) : []}
        engagement={topology === 'engagement'}
        challengeId={i.challenge_id}
        instanceId={i.id}
        downloadsPath={paths.instance(scope.competitionId, i.id).downloads}
        ended={isTerminalStatus(i.status) || i.status === 'stopping'}
      />
    </div>
  );
}

function StatusSection({ instance: i }: { instance: InstanceInfo }) {
  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title" className="text-lg font-semibold">
        Status
      </h2>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Status</dt>
        <dd>
          <StatusBadge status={i.status} />
        </dd>
        {i.phase && (
          <>
            <dt className="font-medium">Phase</dt>
            <dd className="break-words">{i.phase}</dd>
          </>
        )}
        {i.message && !isTerminalStatus(i.status) && (
          <>
            <dt className="font-medium">Message</dt>
            <dd className="break-words">{i.message}</dd>
          </>
        )}
        {i.started_by && (
          <>
            <dt className="font-medium">Started by</dt>
            <dd>{i.started_by}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** The same words for the VPN state as the Downloads tab (one source: `useVpnState`). */
function vpnWords(state: VpnState): string {
  switch (state.kind) {
    case 'ready':
      return 'profile ready (Downloads tab)';
    case 'preparing':
      return 'the VPN keys for this instance are still being made';
    case 'not-running':
      return `no VPN: the instance is ${state.status}`;
    case 'error':
      return 'the VPN profile could not be fetched (see the Downloads tab)';
    case 'none':
      return '';
  }
}

/** How the start-up went, kept after it (collapsed): phases, sources, durations. */
function StartupTimeline({ instance: i }: { instance: InstanceInfo }) {
  const now = useNow();
  const readiness = useReadinessOfFrame();
  const timeline = startupTimeline({
    status: i.status,
    phases: i.phases,
    tabLog: readiness.log,
    createdAt: i.created_at,
    readyAt: i.ready_at,
    endedAt: i.ended_at,
    now,
  });
  if (timeline.steps.length === 0) return null;
  return (
    <details className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <summary className="cursor-pointer font-semibold focus-visible:outline-2 focus-visible:outline-indigo-500">
        Start-up timeline
      </summary>
      <div className="mt-2">
        <PhaseTimeline timeline={timeline} />
      </div>
    </details>
  );
}

function TimesSection({ instance: i }: { instance: InstanceInfo }) {
  const ended = isTerminalStatus(i.status);
  const end = endedAt(i);
  return (
    <section aria-labelledby="times-title">
      <h2 id="times-title" className="text-lg font-semibold">
        Times
      </h2>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Created</dt>
        <dd>
          <When ts={i.created_at} happened />
        </dd>
        <dt className="font-medium">Ready</dt>
        <dd>{i.ready_at ? <When ts={i.ready_at} happened /> : 'not yet'}</dd>
        {ended ? (
          <>
            <dt className="font-medium">Ended</dt>
            <dd>{end ? <When ts={end} happened /> : 'the platform did not say when'}</dd>
          </>
        ) : (
          <>
            <dt className="font-medium">Expires</dt>
            <dd>{i.expires_at ? <When ts={i.expires_at} /> : 'no expiry'}</dd>
            <dt className="font-medium">Time left</dt>
            <dd>
              <TtlCountdown expiresAt={i.expires_at} status={i.status} />
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
