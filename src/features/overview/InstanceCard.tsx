import { memo, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { InstanceInfo } from '@shared/schemas';
import { isEngagement } from '../../api/vpn';
import { StatusBadge } from '../../components/ui/StatusBadge';
import { formatCountdown, formatDuration, parseTimestamp } from '@shared/format';
import { questionProgressText } from '../../lib/teamProgress';
import { Sparkline } from './Sparkline';
import { msLeft, timeLeftLevel, type Urgency } from './urgency';

const URGENCY_TEXT: Record<Urgency, string> = {
  failing: 'Needs attention',
  expiring: 'Expiring soon',
  starting: 'Starting',
  running: 'Running',
  stopping: 'Stopping',
};

const BAR: Record<'ok' | 'warn' | 'critical', string> = {
  ok: 'bg-emerald-600 dark:bg-emerald-400',
  warn: 'bg-amber-500 dark:bg-amber-300',
  critical: 'bg-red-600 dark:bg-red-400',
};

function TimeLeft({ instance, now }: { instance: InstanceInfo; now: number }) {
  const left = msLeft(instance, now);
  if (left === null) return <p className="text-sm">No expiry</p>;
  const level = timeLeftLevel(left);
  const ttlMs = (instance.ttl ?? 0) * 1000;
  const share = ttlMs > 0 ? Math.max(0, Math.min(1, left / ttlMs)) : 1;
  return (
    <div>
      <p className="flex justify-between text-sm">
        <span>Time left</span>
        <span className="font-mono" data-level={level}>
          {formatCountdown(left)}
          {level !== 'ok' && <span className="sr-only"> (almost out of time)</span>}
        </span>
      </p>
      <div
        className="mt-1 h-1.5 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
        aria-hidden="true"
      >
        <div className={`h-full ${BAR[level]}`} style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </div>
    </div>
  );
}

function vpnState(i: InstanceInfo): string | null {
  if (!isEngagement(i)) return null;
  if (i.status !== 'running') return 'VPN: once it runs';
  return i.network?.vpn_available === false ? 'VPN: not available' : 'VPN: profile available';
}

function LastActivity({ instance, now }: { instance: InstanceInfo; now: number }) {
  const s = instance.traffic_summary;
  if (!s) return null;
  const last = parseTimestamp(s.last_flow_at)?.getTime();
  return (
    <p className="text-sm">
      {last === undefined
        ? 'No requests yet'
        : `Last request ${formatDuration(Math.max(0, now - last))} ago`}
      {' · '}
      <span data-testid="flow-count">{s.flows}</span> requests
      {s.errors > 0 ? `, ${s.errors} errors` : ''}
    </p>
  );
}

/** One live instance at a glance. `actions` is the route's slot for open/renew/stop/VPN. */
export const InstanceCard = memo(function InstanceCard({
  instance: i,
  urgency,
  now,
  href,
  actions,
  large = false,
}: {
  instance: InstanceInfo;
  urgency: Urgency;
  now: number;
  href: string;
  actions?: ReactNode;
  large?: boolean;
}) {
  const name = i.challenge_name ?? i.challenge_id;
  const vpn = vpnState(i);
  const titleId = `card-${i.id}`;
  return (
    <li
      aria-labelledby={titleId}
      data-urgency={urgency}
      className={`flex flex-col gap-2 rounded-lg border p-3 ${
        urgency === 'failing'
          ? 'border-red-500 dark:border-red-400'
          : urgency === 'expiring'
            ? 'border-amber-500 dark:border-amber-300'
            : 'border-slate-200 dark:border-slate-700'
      } ${large ? 'text-lg' : ''}`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3
          id={titleId}
          className={`${large ? 'text-2xl' : 'text-base'} font-semibold break-words`}
        >
          <Link to={href} className="underline-offset-2 hover:underline">
            {name}
          </Link>
        </h3>
        <span className="text-xs font-semibold tracking-wide uppercase">
          {URGENCY_TEXT[urgency]}
        </span>
      </div>
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <StatusBadge status={i.status} />
        {i.phase && i.status !== 'running' && <span>{i.phase}</span>}
        {i.status === 'failed' && i.message && <span className="break-words">{i.message}</span>}
      </p>
      {i.status !== 'failed' && <TimeLeft instance={i} now={now} />}
      <p className="text-sm">
        Started by <span className="font-medium">{i.started_by ?? 'someone'}</span>
      </p>
      <p className="text-sm">
        Questions: <span data-testid="question-progress">{questionProgressText(i.questions)}</span>
      </p>
      {vpn && <p className="text-sm">{vpn}</p>}
      <LastActivity instance={i} now={now} />
      {i.traffic_summary && <Sparkline summary={i.traffic_summary} large={large} />}
      {actions && <div className="mt-auto flex flex-wrap gap-1.5 pt-1">{actions}</div>}
    </li>
  );
});
