import { formatBytes, formatCount, formatNumber } from '@shared/format';
import { Button } from '../../../components/ui/Button';
import type { TrafficSnapshot, WholeFlowsState } from '../session';
import { VisibleText } from './VisibleText';

/**
 * Rows listed from summaries: a body or header filter is searched by the
 * platform, or (without it) it, the Flags panel or an export reads the whole
 * flows first; says how far that is, or why it failed.
 */
function WholeFlowsStatus({ state, onRetry }: { state: WholeFlowsState; onRetry: () => void }) {
  if (state.state === 'idle') return null;
  if (state.state === 'error')
    return (
      <div role="alert" className="flex flex-wrap items-center gap-2">
        <p>
          The bodies could not be read: <VisibleText text={state.message} />
        </p>
        <Button size="sm" onClick={onRetry}>
          Retry
        </Button>
      </div>
    );
  // the live region says what is read; the figure changing under it is not announced
  if (state.where === 'platform')
    return (
      <p>
        <span role="status" aria-live="polite">
          Searching headers and bodies on the platform…
        </span>{' '}
        {state.flows &&
          `${formatNumber(state.flows.done)} of ${formatCount(state.flows.total, 'flow')}.`}
      </p>
    );
  return (
    <p>
      <span role="status" aria-live="polite">
        Reading the bodies and headers…
      </span>{' '}
      {state.flows
        ? `${formatNumber(state.flows.done)} of ${formatCount(state.flows.total, 'flow')} so far.`
        : `${formatBytes(state.bytes)} so far.`}
    </p>
  );
}

/** "Showing 12 of 340 flows", still-loading and warning notes. */
export function TrafficStatusLine({
  snapshot,
  filtered,
  onRetryWholeFlows,
  onStopFilter,
}: {
  snapshot: TrafficSnapshot;
  filtered: boolean;
  onRetryWholeFlows: () => void;
  onStopFilter: () => void;
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
      <WholeFlowsStatus state={snapshot.wholeFlows} onRetry={onRetryWholeFlows} />
      {snapshot.filterStuck && (
        <div role="alert" className="flex flex-wrap items-center gap-2">
          <p>
            The filter has held the capture reader for seconds without an answer: its pattern may
            backtrack without end.
          </p>
          <Button size="sm" onClick={onStopFilter}>
            Stop the filter
          </Button>
        </div>
      )}
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
