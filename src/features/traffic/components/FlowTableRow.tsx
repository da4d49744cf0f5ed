import { memo } from 'react';
import { toVisibleString } from '../body/visible';
import type { FlowRow, SortKey } from '../worker/rows';
import {
  COLUMN_CELL,
  formatClock,
  formatMs,
  formatSize,
  GRID_COLUMNS,
  ROW_HEIGHT,
} from './columns';

interface FlowTableRowProps {
  row: FlowRow;
  /** 1-based position among all rows of the grid (header is 1) */
  ariaRowIndex: number;
  top: number;
  selected: boolean;
  domId: string;
  onSelect: (index: number, open: boolean) => void;
}

const cellBase = 'truncate px-2 leading-7';

/** A cell's attributes: its column index, and hidden on narrow screens unless it matters there. */
function cellOf(key: SortKey, extra = '') {
  const { colIndex, display } = COLUMN_CELL[key];
  return {
    role: 'gridcell',
    'aria-colindex': colIndex,
    className: `${cellBase} ${display} ${extra}`.trim(),
  } as const;
}

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
  // an upstream failure's text goes beside the path, where there is room for it
  const error = row.error === null ? null : toVisibleString(row.error);
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
      <div {...cellOf('time', 'font-mono text-xs tabular-nums')}>{formatClock(row.time)}</div>
      <div {...cellOf('method', 'font-mono text-xs')}>{toVisibleString(row.method)}</div>
      <div {...cellOf('host')} title={host}>
        {host}
      </div>
      <div {...cellOf('path', 'font-mono text-xs')} title={error ? `${path} — ${error}` : path}>
        {row.websocket && (
          <span className="mr-1 rounded bg-sky-200 px-1 text-sky-950 dark:bg-sky-800 dark:text-sky-50">
            WS
          </span>
        )}
        {path}
        {error && (
          <span className="ml-2 font-sans text-red-800 dark:text-red-300">
            <span aria-hidden="true">⚠ </span>
            {error}
          </span>
        )}
      </div>
      <div {...cellOf('status', 'tabular-nums')}>
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
      <div {...cellOf('type')} title={row.type}>
        {toVisibleString(row.type)}
      </div>
      <div {...cellOf('size', 'text-right tabular-nums')}>{formatSize(row.size)}</div>
      <div {...cellOf('duration', 'text-right tabular-nums')}>{formatMs(row.duration)}</div>
    </div>
  );
});
