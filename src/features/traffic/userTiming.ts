/** User Timing marks of the page (DevTools' Performance panel and the benchmarks read them). */
export function mark(name: string) {
  if (typeof performance.mark === 'function') performance.mark(name);
}

export function clearMark(name: string) {
  if (typeof performance.clearMarks === 'function') performance.clearMarks(name);
}

/** Measures from `markName` to now as `label`, once (the mark is cleared). */
export function measureSince(label: string, markName: string, detail: unknown) {
  if (typeof performance.measure !== 'function') return;
  if (performance.getEntriesByName(markName, 'mark').length === 0) return;
  performance.measure(label, { start: markName, detail });
  clearMark(markName);
}
