import type { TrafficSnapshot } from '../session';

/** "Showing 12 of 340 flows", still-loading and warning notes. */
export function TrafficStatusLine({
  snapshot,
  filtered,
}: {
  snapshot: TrafficSnapshot;
  filtered: boolean;
}) {
  const shown = snapshot.view?.length ?? 0;
  const total = snapshot.rows.length;
  return (
    <div className="space-y-1 text-sm">
      <p role="status" aria-live="polite" aria-atomic="true">
        {filtered ? `Showing ${shown} of ${total} flows` : `${total} flow${total === 1 ? '' : 's'}`}
        {snapshot.loadingMore && ' (reading the rest of the capture…)'}
      </p>
      {snapshot.truncated && (
        <p className="text-amber-900 dark:text-amber-200">
          <span aria-hidden="true">⚠ </span>The platform truncated this capture: older or later
          flows are missing.
        </p>
      )}
      {snapshot.warnings.length > 0 && (
        <ul
          className="list-disc pl-5 text-amber-900 dark:text-amber-200"
          aria-label="Capture warnings"
        >
          {snapshot.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
