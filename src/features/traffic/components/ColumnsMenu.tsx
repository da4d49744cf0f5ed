import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { toVisibleString } from '../body/visible';
import { useColumnPrefs } from '../listColumns/columnPrefs';
import {
  columnDef,
  moveColumn,
  resolveColumns,
  setShown,
  type ColumnId,
} from '../listColumns/displayColumns';
import type { ColumnFacts, SoleValue } from '../listColumns/displayFacts';
import { formatClock, formatMs, formatSize } from './columns';

/** A column's one value as its cells show it: "127.0.0.1", "GET", "200". */
export function soleValueText({ key, value }: SoleValue): string {
  if (value === null) return key === 'status' ? 'no response' : '—';
  switch (key) {
    case 'time':
      return formatClock(value as number);
    case 'size':
      return formatSize(value as number);
    case 'duration':
      return formatMs(value as number);
    default:
      return toVisibleString(String(value)) || '(empty)';
  }
}

/** "Host: 127.0.0.1 for every flow" */
export function collapsedNote(sole: SoleValue): string {
  return `${columnDef(sole.key).label}: ${soleValueText(sole)} for every flow`;
}

interface ColumnsMenuProps {
  /** every column, in the user's order */
  order: readonly ColumnId[];
  visible: readonly ColumnId[];
  /** columns hidden because one value fills them */
  collapsed: readonly SoleValue[];
  onShow: (id: ColumnId, shown: boolean) => void;
  onMove: (id: ColumnId, delta: number) => void;
}

const smallButton =
  'rounded border border-slate-300 px-1.5 text-xs leading-5 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 disabled:opacity-40 dark:border-slate-600 dark:hover:bg-slate-700';

/**
 * The "Columns" button and its popover: a checkbox per column (shown or
 * hidden) and buttons moving it up or down. Escape (focus goes back to the
 * button), a click outside or tabbing out closes it.
 */
export function ColumnsMenu({ order, visible, collapsed, onShow, onMove }: ColumnsMenuProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  /** after a move, focus stays on the button pressed (or its twin at an end) */
  const [moved, setMoved] = useState<{ id: ColumnId; delta: number } | null>(null);

  useEffect(() => {
    if (!open) return;
    panelRef.current?.querySelector<HTMLInputElement>('input')?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!wrapRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  useEffect(() => {
    if (!moved || !panelRef.current) return;
    const find = (delta: number) =>
      panelRef.current?.querySelector<HTMLButtonElement>(
        `button[data-move="${moved.id}:${delta}"]:not(:disabled)`,
      );
    (find(moved.delta) ?? find(-moved.delta))?.focus();
  }, [moved, order]);

  const shown = new Set(visible);
  const sole = new Map(collapsed.map((c) => [c.key as ColumnId, c]));
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !open) return;
    e.preventDefault();
    e.stopPropagation();
    setOpen(false);
    buttonRef.current?.focus();
  };

  return (
    // eslint-disable-next-line jsx-a11y/no-static-element-interactions -- Escape from anywhere inside closes the popover
    <div
      ref={wrapRef}
      className="relative"
      onKeyDown={onKeyDown}
      // Tab past the last button closes it (focus moved on, the popover would cover the list)
      onBlur={(e) => {
        const next = e.relatedTarget;
        if (next instanceof Node && !e.currentTarget.contains(next)) setOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-600 dark:bg-slate-900 dark:hover:bg-slate-800"
      >
        Columns <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <div
        ref={panelRef}
        id={panelId}
        hidden={!open}
        className="absolute left-0 z-30 mt-1 w-80 max-w-[calc(100vw-6rem)] rounded-md border border-slate-300 bg-white p-2 text-sm shadow-lg dark:border-slate-600 dark:bg-slate-900"
      >
        <fieldset>
          <legend className="px-1 pb-1 text-xs font-semibold">Columns shown, in order</legend>
          <ul className="space-y-0.5">
            {order.map((id, i) => {
              const label = columnDef(id).label;
              const checked = shown.has(id);
              const one = sole.get(id);
              const noteId = `${panelId}-${id}-note`;
              return (
                <li key={id} className="flex items-center gap-2 rounded px-1 py-0.5">
                  <label className={`flex items-center gap-2 ${one ? 'shrink-0' : 'flex-1'}`}>
                    <input
                      type="checkbox"
                      checked={checked}
                      // the last column shown stays: an empty list helps nobody
                      disabled={checked && visible.length === 1}
                      onChange={(e) => onShow(id, e.target.checked)}
                      aria-describedby={one ? noteId : undefined}
                      className="focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
                    />
                    <span className="shrink-0">{label}</span>
                  </label>
                  {one && (
                    <span
                      id={noteId}
                      className="min-w-0 flex-1 truncate text-xs text-slate-600 dark:text-slate-300"
                      title={collapsedNote(one)}
                    >
                      {soleValueText(one)} for every flow
                    </span>
                  )}
                  <button
                    type="button"
                    data-move={`${id}:-1`}
                    aria-label={`Move ${label} up`}
                    disabled={i === 0}
                    onClick={() => {
                      onMove(id, -1);
                      setMoved({ id, delta: -1 });
                    }}
                    className={smallButton}
                  >
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button
                    type="button"
                    data-move={`${id}:1`}
                    aria-label={`Move ${label} down`}
                    disabled={i === order.length - 1}
                    onClick={() => {
                      onMove(id, 1);
                      setMoved({ id, delta: 1 });
                    }}
                    className={smallButton}
                  >
                    <span aria-hidden="true">↓</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </fieldset>
      </div>
    </div>
  );
}

/**
 * Above the flow list: the "Columns" menu, and a note per column hidden
 * because one value fills it ("Host: 127.0.0.1 for every flow") with a
 * button showing it again. It and the list read the same prefs.
 */
export function ColumnsBar({ columnFacts }: { columnFacts: ColumnFacts | null }) {
  const [prefs, setPrefs] = useColumnPrefs();
  const resolved = resolveColumns(prefs, columnFacts);
  const onShow = (id: ColumnId, shown: boolean) => setPrefs(setShown(prefs, id, shown));
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
      <ColumnsMenu
        order={resolved.order}
        visible={resolved.visible}
        collapsed={resolved.collapsed}
        onShow={onShow}
        onMove={(id, delta) => setPrefs(moveColumn(prefs, id, delta))}
      />
      {resolved.collapsed.map((sole) => (
        // narrow screens show method, path and status only: the menu tells it there
        <p
          key={sole.key}
          className="hidden items-center gap-1 text-slate-700 sm:flex dark:text-slate-300"
        >
          <span>{collapsedNote(sole)}</span>
          <button
            type="button"
            onClick={() => onShow(sole.key, true)}
            aria-label={`Show the ${columnDef(sole.key).label} column`}
            className="rounded px-1 text-indigo-700 underline hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-300 dark:hover:bg-slate-800"
          >
            Show
          </button>
        </p>
      ))}
    </div>
  );
}
