import type { ComponentProps, ReactNode } from 'react';
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
        <FactsSection id="network-title" title="Network">
          <Fact term="Topology">{topology === 'engagement' ? 'engagement (VPN)' : topology}</Fact>
          {i.network?.subnet && (
            <Fact term="Subnet" className="font-mono break-all">
              {i.network.subnet}
            </Fact>
          )}
          {vpn.state.kind !== 'none' && (
            <Fact term="VPN" data-testid="vpn-state">
              {vpnWords(vpn.state)}
            </Fact>
          )}
        </FactsSection>
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
    <FactsSection id="status-title" title="Status">
      <Fact term="Status">
        <StatusBadge status={i.status} />
      </Fact>
      {i.phase && (
        <Fact term="Phase" className="break-words">
          {i.phase}
        </Fact>
      )}
      {i.message && !isTerminalStatus(i.status) && (
        <Fact term="Message" className="break-words">
          {i.message}
        </Fact>
      )}
      {i.started_by && <Fact term="Started by">{i.started_by}</Fact>}
    </FactsSection>
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
    <FactsSection id="times-title" title="Times">
      <Fact term="Created">
        <When ts={i.created_at} happened />
      </Fact>
      <Fact term="Ready">{i.ready_at ? <When ts={i.ready_at} happened /> : 'not yet'}</Fact>
      {ended ? (
        <Fact term="Ended">
          {end ? <When ts={end} happened /> : 'the platform did not say when'}
        </Fact>
      ) : (
        <>
          <Fact term="Expires">{i.expires_at ? <When ts={i.expires_at} /> : 'no expiry'}</Fact>
          <Fact term="Time left">
            <TtlCountdown expiresAt={i.expires_at} status={i.status} />
          </Fact>
        </>
      )}
    </FactsSection>
  );
}

/** A titled list of facts (term, then its value) as the overview shows them. */
function FactsSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">{children}</dl>
    </section>
  );
}

/** One fact of a `FactsSection`: its term and its value (`dd`'s props pass through). */
function Fact({ term, ...value }: { term: string } & ComponentProps<'dd'>) {
  return (
    <>
      <dt className="font-medium">{term}</dt>
      <dd {...value} />
    </>
  );
}
