import { memo } from 'react';
import { toVisibleString } from '../body/visible';
import type { FlowRow } from '../worker/rows';
import { formatClock, formatMs, formatSize, GRID_COLUMNS, ROW_HEIGHT } from './columns';

interface FlowTableRowProps {
  row: FlowRow;
  /** 1-based position among all rows of the grid (header is 1) */
  ariaRowIndex: number;
  top: number;
  selected: boolean;
  domId: string;
  onSelect(index: number, open: boolean): void;
}

const cell = 'truncate px-2 leading-7';

/** One flow in the table. Memoised: a live refresh re-renders only changed rows. */
export const FlowTableRow = memo(function FlowTableRow({
  row,
  ariaRowIndex,
  top,
  selected,
  domId,
  onSelect,
}: FlowTableRowProps) {
  const failed = row.error !== null;
  const path = toVisibleString(row.path);
  const host = toVisibleString(row.host);
  return (
    // Rows are not tab stops: the grid owns the keyboard (arrows, Enter) and aria-activedescendant.
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/interactive-supports-focus
    <div
      role="row"
      id={domId}
      aria-rowindex={ariaRowIndex}
      aria-selected={selected}
      onClick={() => onSelect(row.index, true)}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      className={`${GRID_COLUMNS} absolute top-0 left-0 w-full cursor-default [contain:strict] border-b border-slate-100 text-sm dark:border-slate-800 ${
        selected
          ? 'bg-indigo-100 text-indigo-950 dark:bg-indigo-900 dark:text-white'
          : failed
            ? 'bg-red-50 text-red-950 hover:bg-red-100 dark:bg-red-950/60 dark:text-red-100'
            : 'hover:bg-slate-50 dark:hover:bg-slate-800/60'
      }`}
    >
      <div role="gridcell" className={`${cell} font-mono text-xs leading-7 tabular-nums`}>
        {formatClock(row.time)}
      </div>
      <div role="gridcell" className={`${cell} font-mono text-xs leading-7`}>
        {toVisibleString(row.method)}
      </div>
      <div role="gridcell" className={cell} title={host}>
        {host}
      </div>
      <div role="gridcell" className={`${cell} font-mono text-xs leading-7`} title={path}>
        {row.websocket && (
          <span className="mr-1 rounded bg-sky-200 px-1 text-sky-950 dark:bg-sky-800 dark:text-sky-50">
            WS
          </span>
        )}
        {path}
      </div>
      <div role="gridcell" className={`${cell} tabular-nums`}>
        {failed && row.status === null ? (
          <span className="font-semibold text-red-800 dark:text-red-300">
            <span aria-hidden="true">⚠ </span>Error
          </span>
        ) : (
          <span
            className={
              row.status !== null && row.status >= 400
                ? 'font-semibold text-red-800 dark:text-red-300'
                : ''
            }
          >
            {row.status}
          </span>
        )}
      </div>
      <div
        role="gridcell"
        className={cell}
        title={failed ? toVisibleString(row.error ?? '') : row.type}
      >
        {failed ? (
          <span className="text-red-800 dark:text-red-300">{toVisibleString(row.error ?? '')}</span>
        ) : (
          toVisibleString(row.type)
        )}
      </div>
      <div role="gridcell" className={`${cell} text-right tabular-nums`}>
        {formatSize(row.size)}
      </div>
      <div role="gridcell" className={`${cell} text-right tabular-nums`}>
        {formatMs(row.duration)}
      </div>
    </div>
  );
});
