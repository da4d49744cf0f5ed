import { formatDuration } from '../../../lib/format';
import { phaseDurations, type PhaseEntry } from './phaseLog';

/** The phases this tab has seen, each with how long it took (the last one still counting). */
export function PhaseTimeline({
  log,
  createdAt,
  now,
  endedAt,
}: {
  log: readonly PhaseEntry[];
  createdAt: number | undefined;
  now: number;
  endedAt: number | undefined;
}) {
  if (log.length === 0) return null;
  const entries = phaseDurations(log, now, endedAt);
  const first = log[0];
  const joinedLate =
    first !== undefined && createdAt !== undefined && first.since - createdAt > 3_000;
  return (
    <div>
      <h3 className="sr-only">Phases</h3>
      <ol
        className="space-y-1 border-l-2 border-slate-300 pl-4 dark:border-slate-600"
        aria-label="Phases seen"
      >
        {entries.map((e) => (
          <li key={`${e.since}-${e.label}`} className="flex flex-wrap items-baseline gap-x-2">
            <span aria-hidden="true">{e.current && endedAt === undefined ? '◐' : '✓'}</span>
            <span className={e.current ? 'font-semibold' : ''}>{e.label}</span>
            <span className="font-mono text-sm text-slate-600 tabular-nums dark:text-slate-300">
              {formatDuration(e.durationMs)}
            </span>
            {e.current && endedAt === undefined && <span className="sr-only">(current phase)</span>}
          </li>
        ))}
      </ol>
      {joinedLate && (
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          Phases before {formatDuration(first.since - createdAt)} happened before this tab was
          watching.
        </p>
      )}
    </div>
  );
}
