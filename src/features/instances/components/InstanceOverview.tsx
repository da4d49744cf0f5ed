import { useQuery } from '@tanstack/react-query';
import { instanceQueries } from '../../../api';
import { isTerminalStatus, type InstanceInfo } from '../../../api/schemas';
import { useCompetitionPath, useScope } from '../../../lib/competition';
import { useNow } from '../../../lib/useNow';
import { formatDuration, parseTimestamp } from '../../../lib/format';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { AttackSurface } from './AttackSurface';
import { TtlCountdown } from './TtlCountdown';

/** Status, times, network and the attack surface of a settled instance. */
export function InstanceOverview({ instanceId }: { instanceId: string }) {
  const scope = useScope();
  const to = useCompetitionPath();
  const { data: i } = useQuery(instanceQueries.detail(scope, instanceId));
  if (!i) return null; // the frame shows loading, gone and error states
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
            {i.network?.vpn_available != null && (
              <>
                <dt className="font-medium">VPN</dt>
                <dd>{i.network.vpn_available ? 'available' : 'not available yet'}</dd>
              </>
            )}
          </dl>
        </section>
      </div>
      <AttackSurface
        entrypoints={i.status === 'running' ? (i.surface?.entrypoints ?? []) : []}
        engagement={topology === 'engagement'}
        challengeId={i.challenge_id}
        instanceId={i.id}
        downloadsPath={to(`/instances/${encodeURIComponent(i.id)}/downloads`)}
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

function TimesSection({ instance: i }: { instance: InstanceInfo }) {
  return (
    <section aria-labelledby="times-title">
      <h2 id="times-title" className="text-lg font-semibold">
        Times
      </h2>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Created</dt>
        <dd>
          <When ts={i.created_at} />
        </dd>
        <dt className="font-medium">Ready</dt>
        <dd>{i.ready_at ? <When ts={i.ready_at} /> : 'not yet'}</dd>
        <dt className="font-medium">Expires</dt>
        <dd>{i.expires_at ? <When ts={i.expires_at} /> : 'no expiry'}</dd>
        <dt className="font-medium">Time left</dt>
        <dd>
          <TtlCountdown expiresAt={i.expires_at} status={i.status} />
        </dd>
      </dl>
    </section>
  );
}

/** An absolute time with its relative distance: "14:02:11 (5m 03s ago)". */
function When({ ts }: { ts: string }) {
  const now = useNow();
  const d = parseTimestamp(ts);
  if (!d) return <span>{ts}</span>;
  const delta = d.getTime() - now;
  const rel = delta >= 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
  return (
    <time dateTime={d.toISOString()}>
      {d.toLocaleString()} <span className="text-slate-600 dark:text-slate-400">({rel})</span>
    </time>
  );
}
