import { useVirtualizer } from '@tanstack/react-virtual';
import {
  forwardRef,
  memo,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
} from 'react';
import { useColumnPrefs } from '../listColumns/columnPrefs';
import { columnDef, gridLayout, resolveColumns } from '../listColumns/displayColumns';
import type { ColumnFacts } from '../listColumns/displayFacts';
import type { FlowRow, SortSpec, TimeRange } from '../worker/rows';
import { GRID_CLASS, ROW_HEIGHT } from './columns';
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
  /** what the worker knows of the columns as a whole (one-value columns, time range) */
  columnFacts?: ColumnFacts | null;
  /** the timeline's selection (the waterfall's range when set) */
  range?: TimeRange | null;
}

const rowDomId = (index: number) => `flow-row-${index}`;

/**
 * The virtualised flow list (role="grid"): fixed row height, rows memoised,
 * sort by header buttons, keyboard: ↑/↓/PageUp/PageDown/Home/End move, Enter
 * opens the details, Esc closes them. The columns shown, in order, are the
 * user's (`ColumnsBar` changes them) over the worker's one-value columns.
 */
export const FlowTable = memo(
  forwardRef<FlowTableHandle, FlowTableProps>(function FlowTable(
    {
      rows,
      view,
      selectedPosition,
      sort,
      onSort,
      onSelect,
      onOpen,
      onEscape,
      label,
      busy = false,
      columnFacts = null,
      range = null,
    },
    ref,
  ) {
    const [prefs] = useColumnPrefs();
    const resolved = resolveColumns(prefs, columnFacts);
    // the same arrays while the same columns show: rows stay memoised across updates
    const visibleKey = resolved.visible.join(' ');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the ids, not the array
    const visible = useMemo(() => resolved.visible, [visibleKey]);
    const layout = useMemo(() => gridLayout(visible), [visible]);
    const gridStyle = {
      '--flow-cols': layout.narrowTemplate,
      '--flow-cols-sm': layout.wideTemplate,
      '--flow-min': layout.minWidth,
    } as CSSProperties;
    // the waterfall's scale: the timeline's selection, else the whole capture
    const showWaterfall = visible.includes('waterfall');
    const scale = showWaterfall ? (range ?? columnFacts?.span ?? null) : null;
    const scaleFrom = scale?.from;
    const scaleTo = scale?.to;
    const waterfall = useMemo(
      () =>
        scaleFrom === undefined || scaleTo === undefined ? null : { from: scaleFrom, to: scaleTo },
      [scaleFrom, scaleTo],
    );

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
        aria-colcount={visible.length}
        aria-activedescendant={selectedRendered ? rowDomId(selectedIndex) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        className="relative h-[60vh] min-h-64 overflow-auto rounded-md border border-slate-300 bg-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-700 dark:bg-slate-900"
      >
        <div className="sm:min-w-(--flow-min)" style={gridStyle}>
          <div role="rowgroup" className="sticky top-0 z-10">
            <div
              role="row"
              aria-rowindex={1}
              style={{ height: ROW_HEIGHT }}
              className={`${GRID_CLASS} border-b border-slate-300 bg-slate-100 text-left text-xs font-semibold dark:border-slate-700 dark:bg-slate-800`}
            >
              {visible.map((id, i) => {
                const col = columnDef(id);
                const display = layout.narrow.has(id) ? '' : 'hidden sm:block';
                const align = col.numeric && id !== 'status' ? 'text-right' : '';
                if (id === 'waterfall' || !col.sortable)
                  return (
                    <div
                      key={id}
                      role="columnheader"
                      aria-colindex={i + 1}
                      className={`${display} truncate px-2 leading-7`}
                    >
                      {col.label}
                    </div>
                  );
                const active = sort.key === id;
                return (
                  <div
                    key={id}
                    role="columnheader"
                    aria-colindex={i + 1}
                    aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                    className={`${display} ${align}`}
                  >
                    <button
                      type="button"
                      onClick={() =>
                        onSort({ key: id, descending: active ? !sort.descending : false })
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
                  columns={visible}
                  narrow={layout.narrow}
                  waterfall={waterfall}
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
