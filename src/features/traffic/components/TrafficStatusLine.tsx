import { formatCount, formatNumber } from '@shared/format';
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
  const count = filtered
    ? `Showing ${formatNumber(shown)} of ${formatCount(total, 'flow')}`
    : formatCount(total, 'flow');
  return (
    <div className="space-y-1 text-sm">
      {/* while a big capture streams in, the count changes many times a second:
          the live region says "reading" and announces the count once at the end */}
      <p>
        <span role="status" aria-live="polite" aria-atomic="true">
          {snapshot.loadingMore ? 'Reading the capture…' : count}
        </span>
        {snapshot.loadingMore && <span> {count} so far.</span>}
      </p>
      {snapshot.truncated && (
        <p className="text-amber-900 dark:text-amber-200">
          <span aria-hidden="true">⚠ </span>This capture is incomplete: some flows are missing.
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
