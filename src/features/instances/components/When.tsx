import { formatDateTime, formatRelativeTime, parseTimestamp } from '@shared/format';
import { useNow } from '../../../lib/useNow';

/**
 * An absolute time with its distance from now: "Nov 29, 2026, 3:30:22 PM
 * (5 minutes ago)". `happened`: the moment is past by definition (created,
 * ready, ended), so a server clock a little ahead never makes it "in 52 ms".
 */
export function When({ ts, happened = false }: { ts: string | Date; happened?: boolean }) {
  const now = useNow();
  const d = ts instanceof Date ? ts : parseTimestamp(ts);
  if (!d) return <span>{String(ts)}</span>;
  return (
    <time dateTime={d.toISOString()}>
      {formatDateTime(d)}{' '}
      <span className="text-slate-600 dark:text-slate-400">
        ({formatRelativeTime(d, now, { happened })})
      </span>
    </time>
  );
}
