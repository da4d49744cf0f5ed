/** Chromium trace events as the profiling scripts read them (`browser.stopTracing()`). */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  tid: number;
  pid?: number;
  dur?: number;
  args?: {
    name?: string;
    beginData?: Record<string, unknown>;
    elementCount?: number;
    data?: { functionName?: string; url?: string; lineNumber?: number; columnNumber?: number };
  };
}

/** A task of a thread's loop (named RunTask in older Chromiums). */
export const isTask = (e: TraceEvent) =>
  e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');

/** Each thread's name by `pid:tid`, from the trace's metadata events. */
export function threadNames(events: TraceEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name')
      names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  return names;
}
