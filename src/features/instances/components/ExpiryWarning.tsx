import { useNow } from '../../../lib/useNow';
import { formatCountdown, formatDuration } from '@shared/format';
import { Button } from '../../../components/ui/Button';
import { URGENT_MS, WARN_MS, expiryLevel, remainingMs } from '../countdown';
import { useExpiryNotification } from '../useExpiryNotification';

/**
 * The warning under 10 minutes (and again under 2) with a renew button, and
 * the opt-in for a browser notification before expiry.
 */
export function ExpiryWarning({
  instanceId,
  name,
  expiresAt,
  onRenew,
}: {
  instanceId: string;
  name: string;
  expiresAt: string | null | undefined;
  onRenew: () => void;
}) {
  const now = useNow();
  const remaining = remainingMs(expiresAt, now);
  const level = expiryLevel(remaining);
  const notify = useExpiryNotification({ instanceId, name, level, expiresAt });

  const optIn =
    notify.support === 'off' ? (
      <Button size="sm" variant="ghost" onClick={() => void notify.enable()}>
        Notify me before it expires
      </Button>
    ) : notify.support === 'on' ? (
      <span className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-300">
        You will get a browser notification 10 and 2 minutes before expiry.
        <Button size="sm" variant="ghost" onClick={notify.disable}>
          Turn off
        </Button>
      </span>
    ) : notify.support === 'denied' ? (
      <span className="text-sm text-slate-600 dark:text-slate-300">
        Notifications are blocked for this site in your browser.
      </span>
    ) : null;

  if (remaining === undefined || level === 'none' || level === 'expired') {
    return optIn && level === 'none' ? <div className="flex justify-end">{optIn}</div> : null;
  }
  const urgent = level === 'urgent';
  return (
    <section
      aria-label="Expiry warning"
      className={`flex flex-wrap items-center gap-3 rounded-md border p-3 ${
        urgent
          ? 'border-red-400 bg-red-50 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-50'
          : 'border-amber-400 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50'
      }`}
    >
      <p role="alert" className="font-semibold">
        <span aria-hidden="true">⚠ </span>
        {urgent
          ? `Less than ${formatDuration(URGENT_MS)} left: this instance is about to expire.`
          : `Less than ${formatDuration(WARN_MS)} left before this instance expires.`}
      </p>
      <span className="tabular-nums">{formatCountdown(remaining)} left</span>
      <Button variant="primary" size="sm" onClick={onRenew}>
        Renew now
      </Button>
      {optIn}
    </section>
  );
}
