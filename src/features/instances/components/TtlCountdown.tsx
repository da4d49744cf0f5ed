import { useNow } from '../../../lib/useNow';
import { formatCountdown, formatDateTime, parseTimestamp } from '@shared/format';
import { isTerminalStatus } from '@shared/schemas';
import { expiryLevel, remainingMs } from '../countdown';

const levelStyle = {
  none: '',
  warning: 'font-semibold text-amber-800 dark:text-amber-300',
  urgent: 'font-semibold text-red-700 dark:text-red-300',
  expired: 'text-slate-600 dark:text-slate-400',
} as const;

/**
 * The live time left before an instance expires, ticking every second on
 * the shared ticker. Under 10 minutes it says so in words, not colour only.
 */
export function TtlCountdown({
  expiresAt,
  status,
}: {
  expiresAt: string | null | undefined;
  status: string;
}) {
  const now = useNow();
  if (isTerminalStatus(status))
    return <span className="text-slate-600 dark:text-slate-400">—</span>;
  const remaining = remainingMs(expiresAt, now);
  const expires = parseTimestamp(expiresAt);
  if (remaining === undefined || !expires) {
    return <span className="text-slate-600 dark:text-slate-400">no expiry</span>;
  }
  const level = expiryLevel(remaining);
  return (
    <time
      dateTime={expires.toISOString()}
      title={`Expires ${formatDateTime(expires)}`}
      className={`tabular-nums ${levelStyle[level]}`}
      data-testid="ttl-countdown"
    >
      {level === 'expired' ? (
        'expiring now'
      ) : (
        <>
          {level !== 'none' && <span aria-hidden="true">⚠ </span>}
          {formatCountdown(remaining)}
          {level !== 'none' && <span>, expires soon</span>}
        </>
      )}
    </time>
  );
}
