import { useSlowPending } from '../../lib/useSlowPending';

/** A grey placeholder block while data loads. */
export function Skeleton({ className = 'h-4 w-full' }: { className?: string }) {
  return (
    <div
      aria-hidden="true"
      className={`animate-pulse rounded bg-slate-200 dark:bg-slate-700 ${className}`}
    />
  );
}

/**
 * Announces loading to screen readers, with skeleton rows for the eye. A
 * wait for the platform that lasts says so after a few seconds (the error
 * with its Retry follows when the request gives up); `fromPlatform={false}`
 * for local work such as reading a file.
 */
export function LoadingRows({
  rows = 3,
  label = 'Loading…',
  fromPlatform = true,
}: {
  rows?: number;
  label?: string;
  fromPlatform?: boolean;
}) {
  const slow = useSlowPending(fromPlatform);
  return (
    <div role="status" aria-live="polite" className="space-y-2">
      {slow ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {label} Still waiting for the platform…
        </p>
      ) : (
        <span className="sr-only">{label}</span>
      )}
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-8 w-full" />
      ))}
    </div>
  );
}
