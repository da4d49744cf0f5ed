import type { TrafficSummary } from '@shared/schemas';

const W = 120;
const H = 28;

/** The SVG path data of a sparkline of `values` (one line) and of the error ticks (one path). */
export function sparklinePaths(
  values: readonly number[],
  errors: readonly number[],
): { line: string; errorTicks: string; peak: number } {
  const peak = Math.max(1, ...values);
  const step = values.length > 1 ? W / (values.length - 1) : W;
  const y = (v: number) => (H - 2 - (v / peak) * (H - 4)).toFixed(1);
  const line = values
    .map((v, i) => `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)} ${y(v)}`)
    .join('');
  const errorTicks = errors
    .map((e, i) =>
      e > 0 ? `M${(i * step).toFixed(1)} ${H}V${y(Math.min(e, values[i] ?? e))}` : '',
    )
    .join('');
  return { line, errorTicks, peak: Math.max(0, ...values) };
}

/**
 * Requests per minute over the last 30 minutes, with minutes that had
 * errors marked by red ticks: two SVG paths, whatever the traffic.
 */
export function Sparkline({
  summary,
  large = false,
}: {
  summary: TrafficSummary;
  large?: boolean;
}) {
  const { line, errorTicks, peak } = sparklinePaths(summary.per_minute, summary.errors_per_minute);
  const total = summary.per_minute.reduce((a, b) => a + b, 0);
  const errors = summary.errors_per_minute.reduce((a, b) => a + b, 0);
  const label = `Requests per minute, last 30 minutes: ${total} requests, at most ${peak} a minute, ${errors} with errors`;
  return (
    <svg
      role="img"
      aria-label={label}
      data-total={total}
      viewBox={`0 0 ${W} ${H}`}
      preserveAspectRatio="none"
      className={`${large ? 'h-14' : 'h-8'} w-full text-indigo-600 dark:text-indigo-300`}
    >
      <path
        d={line}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        vectorEffect="non-scaling-stroke"
      />
      {errorTicks && (
        <path
          d={errorTicks}
          fill="none"
          className="stroke-red-600 dark:stroke-red-400"
          strokeWidth="2"
          vectorEffect="non-scaling-stroke"
        />
      )}
    </svg>
  );
}
