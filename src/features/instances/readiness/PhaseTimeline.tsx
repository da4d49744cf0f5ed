import { formatDuration } from '@shared/format';
import type { Timeline, TimelineStep } from './timeline';

const MARKS = {
  done: { icon: '✓', text: 'done' },
  current: { icon: '◐', text: 'current phase' },
  failed: { icon: '✕', text: 'did not finish' },
} as const;

const SOURCES = {
  platform: 'platform',
  service: 'reported by the service',
} as const;

function Step({ step }: { step: TimelineStep }) {
  const mark = MARKS[step.mark];
  return (
    <li className="flex flex-wrap items-baseline gap-x-2" data-mark={step.mark}>
      <span aria-hidden="true">{mark.icon}</span>
      <span className={step.mark === 'done' ? '' : 'font-semibold'}>{step.label}</span>
      {step.source && (
        <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-200">
          {SOURCES[step.source]}
        </span>
      )}
      {step.durationMs !== undefined && (
        <span className="font-mono text-sm text-slate-600 tabular-nums dark:text-slate-300">
          {formatDuration(step.durationMs)}
        </span>
      )}
      <span className="sr-only">({mark.text})</span>
    </li>
  );
}

/**
 * The start-up phases, each with how long it took and who named it (the
 * platform's own steps, or the service's); the last one still counting,
 * finished, or marked as the one the start-up died in.
 */
export function PhaseTimeline({ timeline }: { timeline: Timeline }) {
  const { steps, outcome, note } = timeline;
  if (steps.length === 0 && !note) return null;
  return (
    <div>
      {steps.length > 0 && (
        <ol
          className="space-y-1 border-l-2 border-slate-300 pl-4 dark:border-slate-600"
          aria-label="Start-up phases"
        >
          {steps.map((s) => (
            <Step key={`${s.since}-${s.label}`} step={s} />
          ))}
          {outcome === 'ready' && (
            <li className="flex items-baseline gap-x-2 font-semibold" data-mark="ready">
              <span aria-hidden="true">✓</span> ready
            </li>
          )}
          {(outcome === 'failed' || outcome === 'ended') && (
            <li
              className="flex items-baseline gap-x-2 font-semibold text-red-800 dark:text-red-300"
              data-mark="failed"
            >
              <span aria-hidden="true">✕</span>
              {outcome === 'failed' ? 'failed: never became ready' : 'ended before it was ready'}
            </li>
          )}
        </ol>
      )}
      {note && <p className="mt-1 text-xs text-slate-600 dark:text-slate-300">{note}</p>}
    </div>
  );
}
