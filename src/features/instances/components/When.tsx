import { formatDuration, parseTimestamp } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';

/** An absolute time with its relative distance: "14:02:11 (5m 03s ago)". */
export function When({ ts }: { ts: string | Date }) {
  const now = useNow();
  const d = ts instanceof Date ? ts : parseTimestamp(ts);
  if (!d) return <span>{String(ts)}</span>;
  const delta = d.getTime() - now;
  const rel = delta >= 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
  return (
    <time dateTime={d.toISOString()}>
      {d.toLocaleString()} <span className="text-slate-600 dark:text-slate-400">({rel})</span>
    </time>
  );
}
