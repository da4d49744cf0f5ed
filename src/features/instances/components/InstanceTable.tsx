import { memo } from 'react';
import { Link } from 'react-router';
import type { InstanceInfo } from '@shared/schemas';
import { isTerminalStatus } from '@shared/schemas';
import { useNow } from '../../../lib/useNow';
import { formatDateTime, formatRelativeTime, parseTimestamp } from '@shared/format';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { Button } from '../../../components/ui/Button';
import { webEntrypoint } from '../../../lib/entrypoints';
import { TtlCountdown } from './TtlCountdown';

export interface RowActions {
  onRenew: (instance: InstanceInfo) => void;
  onStop: (instance: InstanceInfo) => void;
}

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide';
// Below `sm` every row is a card: the cells flow as lines (challenge; status
// and time left; the actions), so nothing needs sideways scrolling.
const td = 'px-3 py-2 align-top max-sm:block max-sm:px-0 max-sm:py-0';
const optional = 'hidden md:table-cell';

/**
 * The team's instances. A table from `sm` up; on a narrow screen each row is
 * a stacked card with what matters first: challenge, status, time left and
 * the actions (who started it stays under the name; the age column hides).
 */
export function InstanceTable({
  items,
  instancePath,
  currentUser,
  actions,
}: {
  items: InstanceInfo[];
  instancePath: (id: string) => string;
  currentUser: readonly string[];
  actions: RowActions;
}) {
  return (
    <div
      role="region"
      aria-label="Team instances"
      // A scrollable region must be reachable by keyboard (axe: scrollable-region-focusable).
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      className="relative overflow-x-auto rounded-md border border-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-slate-700"
    >
      <table className="w-full text-sm max-sm:block sm:min-w-[36rem]">
        <thead className="bg-slate-50 text-slate-700 max-sm:hidden dark:bg-slate-800 dark:text-slate-200">
          <tr>
            <th scope="col" className={th}>
              Challenge
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            <th scope="col" className={th}>
              Time left
            </th>
            <th scope="col" className={`${th} ${optional}`}>
              Started by
            </th>
            <th scope="col" className={`${th} ${optional}`}>
              Age
            </th>
            <th scope="col" className={th}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 max-sm:block dark:divide-slate-700">
          {items.map((i) => (
            <InstanceRow
              key={i.id}
              instance={i}
              href={instancePath(i.id)}
              currentUser={currentUser}
              actions={actions}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const InstanceRow = memo(function InstanceRow({
  instance: i,
  href,
  currentUser,
  actions,
}: {
  instance: InstanceInfo;
  href: string;
  currentUser: readonly string[];
  actions: RowActions;
}) {
  const name = i.challenge_name ?? i.challenge_id;
  const live = !isTerminalStatus(i.status) && i.status !== 'stopping';
  // "Open" goes to the challenge's own service (not this dashboard's instance page).
  const web = i.status === 'running' ? webEntrypoint(i.surface?.entrypoints) : undefined;
  const startedBy = i.started_by
    ? currentUser.includes(i.started_by)
      ? `${i.started_by} (you)`
      : i.started_by
    : '—';
  return (
    <tr className="max-sm:flex max-sm:flex-wrap max-sm:items-center max-sm:gap-x-3 max-sm:gap-y-1.5 max-sm:p-3">
      <td className={`${td} max-sm:w-full`}>
        <Link
          to={href}
          className="font-medium text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-300"
        >
          <span className="font-mono">{i.challenge_id}</span>
          {i.challenge_name ? <span> — {i.challenge_name}</span> : null}
        </Link>
        <div className="text-xs text-slate-600 md:hidden dark:text-slate-400">by {startedBy}</div>
      </td>
      <td className={td}>
        <StatusBadge status={i.status} />
        {i.phase && live && i.status !== 'running' && (
          <div className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">{i.phase}</div>
        )}
      </td>
      <td className={td}>
        <span className="text-slate-600 sm:hidden dark:text-slate-400">Time left </span>
        <TtlCountdown expiresAt={i.expires_at} status={i.status} />
      </td>
      <td className={`${td} ${optional}`}>{startedBy}</td>
      <td className={`${td} ${optional}`}>
        <Age createdAt={i.created_at} />
      </td>
      <td className={`${td} whitespace-nowrap text-right max-sm:w-full`}>
        <div className="flex justify-end gap-1.5 max-sm:justify-start">
          {web && (
            <a
              href={web.url}
              target="_blank"
              rel="noreferrer noopener"
              aria-label={`Open the ${web.entrypoint.name} service of ${name} in a new tab`}
              title={web.url}
              className="inline-flex items-center rounded-md border border-slate-300 px-2 py-1 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-600 dark:hover:bg-slate-700"
            >
              Open {web.entrypoint.name}
              <span aria-hidden="true"> ↗</span>
            </a>
          )}
          {live && (
            <>
              <Button size="sm" aria-label={`Renew ${name}`} onClick={() => actions.onRenew(i)}>
                Renew
              </Button>
              <Button size="sm" aria-label={`Stop ${name}`} onClick={() => actions.onStop(i)}>
                Stop
              </Button>
            </>
          )}
        </div>
      </td>
    </tr>
  );
});

function Age({ createdAt }: { createdAt: string }) {
  const now = useNow();
  const created = parseTimestamp(createdAt);
  if (!created) return <span>—</span>;
  return (
    <time dateTime={created.toISOString()} title={formatDateTime(created)}>
      {formatRelativeTime(created, now, { happened: true })}
    </time>
  );
}
