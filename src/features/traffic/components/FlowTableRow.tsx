import { memo, type ReactNode } from 'react';
import { toVisibleString } from '../body/visible';
import type { ColumnId } from '../listColumns/displayColumns';
import { waterfallBar, waterfallLabel } from '../listColumns/waterfall';
import type { FlowRow, TimeRange } from '../worker/rows';
import { formatClock, formatMs, formatSize, GRID_CLASS, ROW_HEIGHT } from './columns';

interface FlowTableRowProps {
  row: FlowRow;
  /** the columns shown, in order */
  columns: readonly ColumnId[];
  /** the columns shown on narrow screens too */
  narrow: ReadonlySet<ColumnId>;
  /** the waterfall's time range (null: no waterfall column) */
  waterfall: TimeRange | null;
  /** 1-based position among all rows of the grid (header is 1) */
  ariaRowIndex: number;
  top: number;
  selected: boolean;
  domId: string;
  onSelect: (index: number, open: boolean) => void;
}

const cellBase = 'truncate px-2 leading-7';

/** 0.025 → "2.5%" (to a thousandth of a percent: finer than a pixel) */
const percent = (fraction: number) => `${Math.round(fraction * 100_000) / 1000}%`;

/** What a cell of column `id` shows, and its own classes. */
function cellContent(
  id: ColumnId,
  row: FlowRow,
  waterfall: TimeRange | null,
): { extra?: string; title?: string; content: ReactNode } {
  const failed = row.error !== null;
  switch (id) {
    case 'time':
      return { extra: 'font-mono text-xs tabular-nums', content: formatClock(row.time) };
    case 'method':
      return { extra: 'font-mono text-xs', content: toVisibleString(row.method) };
    case 'host': {
      const host = toVisibleString(row.host);
      return { title: host, content: host };
    }
    case 'path': {
      const path = toVisibleString(row.path);
      // an upstream failure's text goes beside the path, where there is room for it
      const error = row.error === null ? null : toVisibleString(row.error);
      return {
        extra: 'font-mono text-xs',
        title: error ? `${path} — ${error}` : path,
        content: (
          <>
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
          </>
        ),
      };
    }
    case 'status':
      return {
        extra: 'tabular-nums',
        content:
          failed && row.status === null ? (
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
          ),
      };
    case 'type':
      return { title: row.type, content: toVisibleString(row.type) };
    case 'size':
      return { extra: 'text-right tabular-nums', content: formatSize(row.size) };
    case 'duration':
      return { extra: 'text-right tabular-nums', content: formatMs(row.duration) };
    case 'waterfall': {
      if (!waterfall) return { content: null };
      const bar = waterfallBar(row.time, row.duration, waterfall);
      const label = waterfallLabel(row.time, row.duration, waterfall);
      return {
        extra: 'relative',
        content: (
          <span
            role="img"
            aria-label={label}
            title={label}
            className={`absolute top-2 bottom-2 min-w-0.5 rounded-sm ${failed ? 'bg-red-600 dark:bg-red-400' : 'bg-sky-600 dark:bg-sky-400'}`}
            style={{ left: percent(bar.left), width: percent(bar.width) }}
          />
        ),
      };
    }
  }
}

/** One flow in the table. Memoised: a live refresh re-renders only changed rows. */
export const FlowTableRow = memo(function FlowTableRow({
  row,
  columns,
  narrow,
  waterfall,
  ariaRowIndex,
  top,
  selected,
  domId,
  onSelect,
}: FlowTableRowProps) {
  const failed = row.error !== null;
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
      className={`${GRID_CLASS} absolute top-0 left-0 w-full cursor-default [contain:strict] border-b border-slate-100 text-sm dark:border-slate-800 ${
        selected
          ? 'bg-indigo-100 text-indigo-950 dark:bg-indigo-900 dark:text-white'
          : failed
            ? 'bg-red-50 text-red-950 hover:bg-red-100 dark:bg-red-950/60 dark:text-red-100'
            : 'hover:bg-slate-50 dark:hover:bg-slate-800/60'
      }`}
    >
      {columns.map((id, i) => {
        const { extra = '', title, content } = cellContent(id, row, waterfall);
        return (
          <div
            key={id}
            role="gridcell"
            aria-colindex={i + 1}
            title={title}
            className={`${cellBase} ${narrow.has(id) ? '' : 'hidden sm:block'} ${extra}`.trim()}
          >
            {content}
          </div>
        );
      })}
    </div>
  );
});
