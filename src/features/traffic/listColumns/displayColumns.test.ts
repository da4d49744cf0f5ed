import { describe, expect, it } from 'vitest';
import { COLUMN_PREFS_KEY, readColumnPrefs, writeColumnPrefs } from './columnPrefs';
import {
  COLUMN_IDS,
  DEFAULT_PREFS,
  gridLayout,
  moveColumn,
  parsePrefs,
  resolveColumns,
  setShown,
} from './displayColumns';
import type { ColumnFacts } from './displayFacts';

const hostEverywhere: ColumnFacts = {
  count: 5,
  sole: [{ key: 'host', value: '127.0.0.1' }],
  span: { from: 0, to: 1 },
};

describe('column model', () => {
  it('shows every column but the waterfall by default, in the default order', () => {
    const r = resolveColumns(DEFAULT_PREFS, null);
    expect(r.visible).toEqual([
      'time',
      'method',
      'host',
      'path',
      'status',
      'type',
      'size',
      'duration',
    ]);
    expect(r.order).toEqual(COLUMN_IDS);
    expect(r.collapsed).toEqual([]);
  });

  it('a column with one value for every flow collapses, with its value for the note', () => {
    const r = resolveColumns(DEFAULT_PREFS, hostEverywhere);
    expect(r.visible).not.toContain('host');
    expect(r.collapsed).toEqual([{ key: 'host', value: '127.0.0.1' }]);
  });

  it("the user's choice beats the default, both ways", () => {
    const shown = resolveColumns(setShown(DEFAULT_PREFS, 'host', true), hostEverywhere);
    expect(shown.visible).toContain('host');
    expect(shown.collapsed).toEqual([]); // no note: the user chose
    const waterfall = resolveColumns(setShown(DEFAULT_PREFS, 'waterfall', true), null);
    expect(waterfall.visible.at(-1)).toBe('waterfall');
    const hidden = resolveColumns(setShown(DEFAULT_PREFS, 'size', false), null);
    expect(hidden.visible).not.toContain('size');
  });

  it('never shows an empty list', () => {
    let prefs = DEFAULT_PREFS;
    for (const id of COLUMN_IDS) prefs = setShown(prefs, id, false);
    expect(resolveColumns(prefs, null).visible).toEqual(['path']);
  });

  it('moves a column up and down, and not past the ends', () => {
    const up = moveColumn(DEFAULT_PREFS, 'status', -1);
    expect(up.order.slice(0, 5)).toEqual(['time', 'method', 'host', 'status', 'path']);
    expect(moveColumn(up, 'status', 1).order).toEqual(COLUMN_IDS);
    expect(moveColumn(DEFAULT_PREFS, 'time', -1)).toBe(DEFAULT_PREFS);
    expect(moveColumn(DEFAULT_PREFS, 'waterfall', 1)).toBe(DEFAULT_PREFS);
    expect(resolveColumns(up, null).visible.slice(0, 5)).toEqual([
      'time',
      'method',
      'host',
      'status',
      'path',
    ]);
  });

  it('reads stored prefs defensively: unknown and repeated columns dropped, missing ones back in place', () => {
    expect(parsePrefs(null)).toBe(DEFAULT_PREFS);
    expect(parsePrefs('x')).toBe(DEFAULT_PREFS);
    const p = parsePrefs({
      order: ['path', 'evil', 'time', 'path', 3],
      shown: { host: false, nope: true, size: 'yes', waterfall: true },
    });
    expect(p.order).toEqual([
      'path',
      'status',
      'type',
      'size',
      'duration',
      'waterfall',
      'time',
      'method',
      'host',
    ]);
    expect(p.shown).toEqual({ host: false, waterfall: true });
  });

  it('keeps the prefs in localStorage: what is written is read back after a reload', () => {
    expect(readColumnPrefs()).toEqual(DEFAULT_PREFS);
    const prefs = setShown(moveColumn(DEFAULT_PREFS, 'size', -1), 'type', false);
    writeColumnPrefs(prefs);
    const stored = JSON.parse(localStorage.getItem(COLUMN_PREFS_KEY)!) as unknown;
    expect(parsePrefs(stored)).toEqual(prefs);
    expect(readColumnPrefs()).toEqual(prefs);
    localStorage.setItem(COLUMN_PREFS_KEY, '{not json');
    expect(readColumnPrefs()).toEqual(DEFAULT_PREFS);
  });

  it('lays out the grid from the shown columns; narrow screens keep method, path and status', () => {
    const layout = gridLayout(resolveColumns(DEFAULT_PREFS, null).visible);
    expect(layout.wideTemplate.split(' ')).toHaveLength(8);
    expect(layout.narrowTemplate).toBe('4rem minmax(0,1fr) 3.5rem');
    expect([...layout.narrow]).toEqual(['method', 'path', 'status']);
    expect(layout.minWidth).toBe('55.8rem');
    const onlyHost = gridLayout(['host']);
    expect(onlyHost.narrowTemplate).toBe('minmax(6rem,11rem)');
  });
});
