/**
 * The flow list's columns: what each one is, and which the user sees, in
 * which order. Pure functions over `ColumnPrefs` (what the user chose, kept
 * per browser by `columnPrefs.ts`) and `ColumnFacts` (what the worker found:
 * columns with one value for every flow collapse unless the user chose).
 */
import type { ColumnFacts, SoleValue, TrackedKey } from './displayFacts';

/** The list's columns: the worker's sort keys (all but the waterfall sort the list). */
export type ColumnId = TrackedKey | 'path' | 'waterfall';

export interface ColumnDef {
  id: ColumnId;
  label: string;
  /** right-aligned numbers */
  numeric?: boolean;
  /** the header sorts the list by this column */
  sortable: boolean;
  /** shown unless the user hides it (or it collapses: one value for every flow) */
  shownByDefault: boolean;
  /** CSS grid track on wide screens */
  track: string;
  /** CSS grid track on narrow screens (under 640 px); columns without one are hidden there */
  narrowTrack?: string;
  /** the least width it needs, in rem (the list scrolls sideways below the sum) */
  minRem: number;
}

export const COLUMN_DEFS: readonly ColumnDef[] = [
  { id: 'time', label: 'Time', sortable: true, shownByDefault: true, track: '6.5rem', minRem: 6.5 },
  {
    id: 'method',
    label: 'Method',
    sortable: true,
    shownByDefault: true,
    track: '4.5rem',
    narrowTrack: '4rem',
    minRem: 4.5,
  },
  {
    id: 'host',
    label: 'Host',
    sortable: true,
    shownByDefault: true,
    track: 'minmax(6rem,11rem)',
    minRem: 6,
  },
  {
    id: 'path',
    label: 'Path',
    sortable: true,
    shownByDefault: true,
    track: 'minmax(10rem,1fr)',
    narrowTrack: 'minmax(0,1fr)',
    minRem: 10,
  },
  {
    id: 'status',
    label: 'Status',
    numeric: true,
    sortable: true,
    shownByDefault: true,
    track: '4.5rem',
    narrowTrack: '3.5rem',
    minRem: 4.5,
  },
  {
    id: 'type',
    label: 'Type',
    sortable: true,
    shownByDefault: true,
    track: 'minmax(6rem,9rem)',
    minRem: 6,
  },
  {
    id: 'size',
    label: 'Size',
    numeric: true,
    sortable: true,
    shownByDefault: true,
    track: '4.5rem',
    minRem: 4.5,
  },
  {
    id: 'duration',
    label: 'Duration',
    numeric: true,
    sortable: true,
    shownByDefault: true,
    track: '4.5rem',
    minRem: 4.5,
  },
  {
    id: 'waterfall',
    label: 'Waterfall',
    sortable: false,
    shownByDefault: false,
    track: 'minmax(8rem,16rem)',
    minRem: 8,
  },
];

export const COLUMN_IDS: readonly ColumnId[] = COLUMN_DEFS.map((c) => c.id);
const DEFS = new Map(COLUMN_DEFS.map((c) => [c.id, c]));

export function columnDef(id: ColumnId): ColumnDef {
  return DEFS.get(id)!;
}

export function isColumnId(value: unknown): value is ColumnId {
  return typeof value === 'string' && DEFS.has(value as ColumnId);
}

/** What the user chose: an order of all columns, and shown/hidden where they said so. */
export interface ColumnPrefs {
  order: readonly ColumnId[];
  /** an explicit choice; a column without one follows its default */
  shown: Readonly<Partial<Record<ColumnId, boolean>>>;
}

export const DEFAULT_PREFS: ColumnPrefs = { order: COLUMN_IDS, shown: {} };

/**
 * Prefs from storage (anything: an older version, a hand edit): unknown
 * columns are dropped, repeated ones kept once, and columns it does not name
 * (new ones) come back at their default place.
 */
export function parsePrefs(raw: unknown): ColumnPrefs {
  if (typeof raw !== 'object' || raw === null) return DEFAULT_PREFS;
  const { order, shown } = raw as { order?: unknown; shown?: unknown };
  const listed = Array.isArray(order) ? [...new Set(order.filter(isColumnId))] : [];
  const full = [...listed];
  COLUMN_IDS.forEach((id, i) => {
    if (full.includes(id)) return;
    // after the nearest column that comes before it by default
    const before = COLUMN_IDS.slice(0, i).findLast((b) => full.includes(b));
    full.splice(before === undefined ? 0 : full.indexOf(before) + 1, 0, id);
  });
  const choices: Partial<Record<ColumnId, boolean>> = {};
  if (typeof shown === 'object' && shown !== null)
    for (const [id, value] of Object.entries(shown))
      if (isColumnId(id) && typeof value === 'boolean') choices[id] = value;
  return { order: full, shown: choices };
}

export interface ResolvedColumns {
  /** every column, in the user's order */
  order: readonly ColumnId[];
  /** the columns shown, in order */
  visible: readonly ColumnId[];
  /** columns hidden because they hold one value for every flow (and the user did not choose) */
  collapsed: readonly SoleValue[];
}

/** Which columns show: the user's choice, else hidden when one value fills it, else the default. */
export function resolveColumns(prefs: ColumnPrefs, facts: ColumnFacts | null): ResolvedColumns {
  const sole = new Map<ColumnId, SoleValue>((facts?.sole ?? []).map((s) => [s.key, s]));
  const collapsed: SoleValue[] = [];
  const visible = prefs.order.filter((id) => {
    const choice = prefs.shown[id];
    if (choice !== undefined) return choice;
    const one = sole.get(id);
    if (one) {
      collapsed.push(one);
      return false;
    }
    return columnDef(id).shownByDefault;
  });
  // never an empty list: the path (a flow's name) stays
  return { order: prefs.order, visible: visible.length > 0 ? visible : ['path'], collapsed };
}

/** The user shows or hides a column: an explicit choice, which wins over any default. */
export function setShown(prefs: ColumnPrefs, id: ColumnId, shown: boolean): ColumnPrefs {
  return { ...prefs, shown: { ...prefs.shown, [id]: shown } };
}

/** Moves a column `delta` places (−1: up/left, +1: down/right); at an end, nothing changes. */
export function moveColumn(prefs: ColumnPrefs, id: ColumnId, delta: number): ColumnPrefs {
  const from = prefs.order.indexOf(id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= prefs.order.length) return prefs;
  const order = [...prefs.order];
  order.splice(from, 1);
  order.splice(to, 0, id);
  return { ...prefs, order };
}

export interface GridLayout {
  /** `grid-template-columns` on narrow screens and on wide ones */
  narrowTemplate: string;
  wideTemplate: string;
  /** the least width of the list on wide screens */
  minWidth: string;
  /** columns shown on narrow screens too */
  narrow: ReadonlySet<ColumnId>;
}

/** The CSS grid for the shown columns (every row and the header use it). */
export function gridLayout(visible: readonly ColumnId[]): GridLayout {
  const defs = visible.map(columnDef);
  let narrowDefs = defs.filter((d) => d.narrowTrack);
  // none of the narrow-screen columns shown: the narrow screen shows what is
  if (narrowDefs.length === 0) narrowDefs = defs;
  const minRem = defs.reduce((sum, d) => sum + d.minRem, 0);
  return {
    narrowTemplate: narrowDefs.map((d) => d.narrowTrack ?? d.track).join(' '),
    wideTemplate: defs.map((d) => d.track).join(' '),
    // room between the least widths (the default columns: 56rem)
    minWidth: `${Math.round(minRem * 1.2 * 10) / 10}rem`,
    narrow: new Set(narrowDefs.map((d) => d.id)),
  };
}

export type { TrackedKey };
