const styles: Record<string, string> = {
  running: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-100',
  pending: 'bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100',
  starting: 'bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100',
  stopping: 'bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100',
  stopped: 'bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100',
  expired: 'bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100',
  failed: 'bg-red-100 text-red-900 dark:bg-red-900/60 dark:text-red-100',
};

const icons: Record<string, string> = {
  running: '●',
  pending: '◌',
  starting: '◐',
  stopping: '◑',
  stopped: '■',
  expired: '⌛',
  failed: '✕',
};

/** An instance status as a badge with a text label (never colour alone). */
export function StatusBadge({ status }: { status: string }) {
  const style =
    styles[status] ?? 'bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-slate-100';
  return (
    <span
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-semibold ${style}`}
      data-status={status}
    >
      <span aria-hidden="true">{icons[status] ?? '?'}</span>
      {status}
    </span>
  );
}
