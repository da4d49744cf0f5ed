import { formatBytes } from '@shared/format';
import { Button } from '../../components/ui/Button';
import type { DownloadState } from './useDownload';

function progressText(received: number, total: number | undefined): string {
  if (total === undefined || total === 0) return `${formatBytes(received)} received`;
  const percent = Math.floor((received / total) * 100);
  return `${formatBytes(received)} of ${formatBytes(total)} (${percent}%)`;
}

/** A download's button, progress, Cancel and outcome (announced to screen readers). */
export function DownloadControl({
  label,
  accessibleLabel,
  state,
  onStart,
  onCancel,
  disabled = false,
}: {
  label: string;
  accessibleLabel: string;
  state: DownloadState;
  onStart: () => void;
  onCancel: () => void;
  disabled?: boolean;
}) {
  const busy = state.phase === 'downloading';
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant="primary"
        size="sm"
        aria-label={accessibleLabel}
        disabled={disabled || busy}
        onClick={onStart}
      >
        {busy ? 'Downloading…' : label}
      </Button>
      {busy && (
        <>
          <progress
            aria-label={`${accessibleLabel}: progress`}
            className="h-2 w-28"
            max={state.progress.total || undefined}
            value={state.progress.total ? state.progress.received : undefined}
          />
          <span className="text-xs tabular-nums">
            {progressText(state.progress.received, state.progress.total)}
          </span>
          <Button size="sm" onClick={onCancel}>
            Cancel
          </Button>
        </>
      )}
      <span aria-live="polite" className="text-sm">
        {state.phase === 'saved' && (
          <span className="text-emerald-800 dark:text-emerald-200">
            <span aria-hidden="true">✓ </span>Saved ({formatBytes(state.bytes)}).
          </span>
        )}
        {state.phase === 'cancelled' && <span>Cancelled: nothing was saved.</span>}
      </span>
      {state.phase === 'failed' && (
        <p role="alert" className="w-full text-sm break-words text-red-800 dark:text-red-200">
          <span aria-hidden="true">✕ </span>
          {state.message}
        </p>
      )}
    </div>
  );
}
