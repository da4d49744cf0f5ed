import { useId } from 'react';
import type { ActivityEvent } from '@shared/schemas';
import { ACTIVITY_KINDS } from '@shared/schemas';
import { Button } from '../../components/ui/Button';
import { activityText, KIND_LABELS } from './activityText';

function time(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : d.toLocaleTimeString();
}

/** The team's activity, newest first. */
export function ActivityFeed({
  events,
  derived,
  limit,
  error,
  onRetry,
}: {
  events: ActivityEvent[];
  /** events inferred from changes seen on this page (no platform feed) */
  derived: boolean;
  limit?: number | undefined;
  /** the last fetch failed (the events shown, if any, are from before) */
  error?: string | null | undefined;
  onRetry?: () => void;
}) {
  const shown = limit ? events.slice(0, limit) : events;
  return (
    <section aria-labelledby="activity-title" className="space-y-2">
      <h2 id="activity-title" className="text-lg font-semibold">
        Activity
      </h2>
      {derived && (
        <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="derived-feed-note">
          Seen while this page is open: this platform has no activity feed, so changes are noticed
          when the list refreshes, and earlier ones are not shown.
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          Could not load the activity: {error}{' '}
          {onRetry && (
            <Button size="sm" onClick={onRetry}>
              Retry
            </Button>
          )}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="text-sm">Nothing yet.</p>
      ) : (
        <ol
          aria-label="Team activity, newest first"
          className="space-y-1 text-sm"
          aria-live="polite"
        >
          {shown.map((e) => (
            <li key={e.id} data-kind={e.kind} className="flex gap-2">
              <time dateTime={e.at} className="shrink-0 font-mono text-xs leading-5">
                {time(e.at)}
              </time>
              <span className="break-words">{activityText(e)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Which kinds of events raise a browser notification. */
export function NotificationSettings({
  kinds,
  permission,
  onToggle,
}: {
  kinds: string[];
  permission: string;
  onToggle: (kind: string, on: boolean) => void;
}) {
  const id = useId();
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-medium focus-visible:outline-2 focus-visible:outline-indigo-500">
        Browser notifications
      </summary>
      <fieldset className="mt-2 space-y-1" aria-describedby={`${id}-note`}>
        <legend className="sr-only">Notify me of</legend>
        {ACTIVITY_KINDS.map((k) => (
          <label key={k} className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={kinds.includes(k)}
              onChange={(e) => onToggle(k, e.currentTarget.checked)}
            />
            {KIND_LABELS[k] ?? k}
          </label>
        ))}
        <p id={`${id}-note`} className="text-xs text-slate-600 dark:text-slate-400">
          {permission === 'unsupported'
            ? 'This browser cannot show notifications.'
            : permission === 'denied'
              ? 'Notifications are blocked for this site in your browser settings.'
              : 'Shown while this page is open, for the kinds you tick.'}
        </p>
      </fieldset>
    </details>
  );
}
