import { useVirtualizer } from '@tanstack/react-virtual';
import {
  forwardRef,
  memo,
  useEffect,
  useImperativeHandle,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import type { FlowRow, SortSpec } from '../worker/rows';
import { COLUMN_CELL, COLUMNS, GRID_COLUMNS, GRID_MIN_WIDTH, ROW_HEIGHT } from './columns';
import { FlowTableRow } from './FlowTableRow';
import { RecycledKeys } from './recycledKeys';

export interface FlowTableHandle {
  focus: () => void;
  /** the scrolling box (live updates keep the user's place in it) */
  scrollElement: () => HTMLDivElement | null;
}

interface FlowTableProps {
  rows: readonly FlowRow[];
  view: Int32Array;
  /** position in `view` of the selected flow, or -1 */
  selectedPosition: number;
  sort: SortSpec;
  onSort: (sort: SortSpec) => void;
  /** select a flow; `open` also opens its details */
  onSelect: (index: number, open: boolean) => void;
  onOpen: () => void;
  onEscape: () => void;
  label: string;
  /** the capture is still being read: more rows will come */
  busy?: boolean;
}

const rowDomId = (index: number) => `flow-row-${index}`;

/**
 * The virtualised flow list (role="grid"): fixed row height, rows memoised,
 * sort by header buttons, keyboard: ↑/↓/PageUp/PageDown/Home/End move, Enter
 * opens the details, Esc closes them.
 */
export const FlowTable = memo(
  forwardRef<FlowTableHandle, FlowTableProps>(function FlowTable(
    { rows, view, selectedPosition, sort, onSort, onSelect, onOpen, onEscape, label, busy = false },
    ref,
  ) {
    const scrollRef = useRef<HTMLDivElement>(null);
    useImperativeHandle(
      ref,
      () => ({ focus: () => scrollRef.current?.focus(), scrollElement: () => scrollRef.current }),
      [],
    );

    const virtualizer = useVirtualizer({
      count: view.length,
      getScrollElement: () => scrollRef.current,
      estimateSize: () => ROW_HEIGHT,
      overscan: 2,
      scrollMargin: ROW_HEIGHT,
      scrollPaddingStart: ROW_HEIGHT,
      // render the first screen of rows before the scroll box is measured
      initialRect: { width: 1024, height: 640 },
    });

    // scroll the selected row into view when the selection moves; a live refresh
    // that appends rows (same selection) keeps the user's scroll position
    const selectedFlow = selectedPosition >= 0 ? view[selectedPosition] : undefined;
    const positionRef = useRef(selectedPosition);
    positionRef.current = selectedPosition;
    useEffect(() => {
      if (selectedFlow !== undefined && positionRef.current >= 0) {
        virtualizer.scrollToIndex(positionRef.current, { align: 'auto' });
      }
    }, [selectedFlow, virtualizer]);

    const move = (to: number) => {
      if (view.length === 0) return;
      const clamped = Math.max(0, Math.min(view.length - 1, to));
      const index = view[clamped];
      if (index !== undefined) onSelect(index, false);
    };

    const pageSize = Math.max(
      1,
      Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 2,
    );
    const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
      if (e.target !== e.currentTarget) return;
      const here = selectedPosition;
      const handlers: Record<string, () => void> = {
        ArrowDown: () => move(here < 0 ? 0 : here + 1),
        ArrowUp: () => move(here < 0 ? 0 : here - 1),
        PageDown: () => move(here + pageSize),
        PageUp: () => move(here - pageSize),
        Home: () => move(0),
        End: () => move(view.length - 1),
        Enter: () => (here >= 0 ? onOpen() : move(0)),
        Escape: onEscape,
      };
      const handler = handlers[e.key];
      if (handler) {
        e.preventDefault();
        handler();
      }
    };

    const items = virtualizer.getVirtualItems();
    // rows that scroll in reuse the DOM of rows that scrolled out (see RecycledKeys)
    const [recycledKeys] = useState(() => new RecycledKeys());
    const keys = recycledKeys.assign(items.map((item) => view[item.index] ?? -1 - item.index));
    const selectedIndex = selectedPosition >= 0 ? view[selectedPosition] : undefined;
    const selectedRendered =
      selectedIndex !== undefined && items.some((item) => item.index === selectedPosition);

    return (
      <div
        ref={scrollRef}
        role="grid"
        aria-label={label}
        aria-rowcount={view.length + 1}
        aria-busy={busy}
        aria-colcount={COLUMNS.length}
        aria-activedescendant={selectedRendered ? rowDomId(selectedIndex) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        className="relative h-[60vh] min-h-64 overflow-auto rounded-md border border-slate-300 bg-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-700 dark:bg-slate-900"
      >
        <div className={GRID_MIN_WIDTH}>
          <div role="rowgroup" className="sticky top-0 z-10">
            <div
              role="row"
              aria-rowindex={1}
              style={{ height: ROW_HEIGHT }}
              className={`${GRID_COLUMNS} border-b border-slate-300 bg-slate-100 text-left text-xs font-semibold dark:border-slate-700 dark:bg-slate-800`}
            >
              {COLUMNS.map((col) => {
                const active = sort.key === col.key;
                return (
                  <div
                    key={col.key}
                    role="columnheader"
                    aria-colindex={COLUMN_CELL[col.key].colIndex}
                    aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                    className={`${COLUMN_CELL[col.key].display} ${col.numeric && col.key !== 'status' ? 'text-right' : ''}`}
                  >
                    <button
                      type="button"
                      onClick={() =>
                        onSort({ key: col.key, descending: active ? !sort.descending : false })
                      }
                      className="h-full w-full truncate px-2 text-inherit hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-slate-700"
                      style={{ textAlign: 'inherit' }}
                      title={`Sort by ${col.label.toLowerCase()}`}
                    >
                      {col.label}
                      {active && <span aria-hidden="true">{sort.descending ? ' ▼' : ' ▲'}</span>}
                    </button>
                  </div>
                );
              })}
            </div>
          </div>
          <div role="rowgroup" className="relative" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item, i) => {
              const index = view[item.index];
              const row = index !== undefined ? rows[index] : undefined;
              if (!row) return null;
              return (
                <FlowTableRow
                  key={keys[i]}
                  row={row}
                  domId={rowDomId(row.index)}
                  ariaRowIndex={item.index + 2}
                  top={item.start - ROW_HEIGHT}
                  selected={item.index === selectedPosition}
                  onSelect={onSelect}
                />
              );
            })}
          </div>
        </div>
      </div>
    );
  }),
);
