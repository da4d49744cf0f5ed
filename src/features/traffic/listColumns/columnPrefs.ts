/**
 * The user's columns of the flow list (order, shown/hidden), kept in
 * localStorage: per browser, the same for every capture, followed across tabs.
 */
import { useCallback, useSyncExternalStore } from 'react';
import { DEFAULT_PREFS, parsePrefs, type ColumnPrefs } from './displayColumns';

export const COLUMN_PREFS_KEY = 'ctfy.traffic.columns';

const listeners = new Set<() => void>();
let cached: { raw: string | null; prefs: ColumnPrefs } | null = null;

function stored(): string | null {
  try {
    return localStorage.getItem(COLUMN_PREFS_KEY);
  } catch {
    return null;
  }
}

export function readColumnPrefs(): ColumnPrefs {
  const raw = stored();
  if (cached && cached.raw === raw) return cached.prefs;
  let prefs = DEFAULT_PREFS;
  try {
    prefs = raw === null ? DEFAULT_PREFS : parsePrefs(JSON.parse(raw));
  } catch {
    // not JSON: the defaults (the next choice overwrites it)
  }
  cached = { raw, prefs };
  return prefs;
}

export function writeColumnPrefs(prefs: ColumnPrefs): void {
  const raw = JSON.stringify({ order: prefs.order, shown: prefs.shown });
  try {
    localStorage.setItem(COLUMN_PREFS_KEY, raw);
    cached = { raw, prefs };
  } catch {
    // storage full or off: kept for this page only
    cached = { raw: stored(), prefs };
  }
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === COLUMN_PREFS_KEY || e.key === null) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The user's column prefs and the function that changes (and keeps) them. */
export function useColumnPrefs(): [ColumnPrefs, (prefs: ColumnPrefs) => void] {
  const prefs = useSyncExternalStore(subscribe, readColumnPrefs, readColumnPrefs);
  return [prefs, useCallback((next: ColumnPrefs) => writeColumnPrefs(next), [])];
}
