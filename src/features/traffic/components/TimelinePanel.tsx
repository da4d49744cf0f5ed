import { useEffect, useId, useRef, useState, type PointerEvent, type ReactNode } from 'react';
import { Button } from '../../../components/ui/Button';
import type { TrafficSession } from '../session';
import { binAt, binRange, type Timeline } from '../timeline/bins';
import type { TimeRange } from '../worker/rows';
import { formatClock } from './columns';

/** Bins asked of the worker (the canvas is about this many bars wide). */
const BINS = 80;
const WIDTH = 800;
const HEIGHT = 96;
const MARK = 10;

/** Bottom to top; the legend says which is which (and errors get a mark, not only a colour). */
const LAYERS = [
  { key: 'ok', label: '2xx', color: '#16a34a' },
  { key: 'redirect', label: '3xx', color: '#2563eb' },
  { key: 'info', label: '1xx', color: '#64748b' },
  { key: 'clientError', label: '4xx', color: '#d97706' },
  { key: 'serverError', label: '5xx', color: '#dc2626' },
  { key: 'failed', label: 'no response', color: '#7f1d1d' },
] as const;

const total = (b: Timeline['bins'][number]) =>
  b.ok + b.redirect + b.info + b.clientError + b.serverError + b.failed;

function draw(canvas: HTMLCanvasElement, timeline: Timeline, selected: [number, number] | null) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, WIDTH, HEIGHT);
  const n = timeline.bins.length;
  const barWidth = WIDTH / n;
  const max = Math.max(1, ...timeline.bins.map(total));
  const scale = (HEIGHT - MARK - 2) / max;
  if (selected) {
    ctx.fillStyle = 'rgba(99, 102, 241, 0.18)';
    ctx.fillRect(selected[0] * barWidth, 0, (selected[1] - selected[0] + 1) * barWidth, HEIGHT);
  }
  timeline.bins.forEach((bin, i) => {
    let y = HEIGHT;
    const x = i * barWidth + (barWidth > 4 ? 1 : 0);
    const w = Math.max(1, barWidth - (barWidth > 4 ? 2 : 0));
    for (const layer of LAYERS) {
      const h = bin[layer.key] * scale;
      if (h <= 0) continue;
      ctx.fillStyle = layer.color;
      ctx.fillRect(x, y - h, w, h);
      y -= h;
    }
    if (bin.serverError + bin.failed > 0) {
      // errors: a mark above the bar (a shape, not only a colour)
      ctx.fillStyle = '#b91c1c';
      ctx.beginPath();
      const cx = i * barWidth + barWidth / 2;
      ctx.moveTo(cx - 4, 0);
      ctx.lineTo(cx + 4, 0);
      ctx.lineTo(cx, MARK - 2);
      ctx.closePath();
      ctx.fill();
    }
  });
}

interface TimelinePanelProps {
  session: TrafficSession;
  rowsVersion: number;
  loadingMore: boolean;
  range: TimeRange | null;
  onRange: (range: TimeRange | null) => void;
}

/**
 * Requests over time, stacked by status class, errors marked; binned by the
 * worker, drawn on one canvas. Drag across it (or use the two sliders) to
 * keep only the flows started in that range; one click clears it.
 */
export function TimelinePanel({
  session,
  rowsVersion,
  loadingMore,
  range,
  onRange,
}: TimelinePanelProps) {
  const id = useId();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [drag, setDrag] = useState<[number, number] | null>(null);
  // open from the start where there is room for it (a phone shows the list first)
  const [open, setOpen] = useState(
    () =>
      typeof window === 'undefined' ||
      !window.matchMedia ||
      window.matchMedia('(min-width: 640px)').matches,
  );

  useEffect(() => {
    // while a big capture streams in, wait for the end (binning reads every row)
    if (loadingMore || !open) return;
    let cancelled = false;
    void session.timeline(BINS).then((answer) => {
      if (!cancelled) setTimeline(answer);
    });
    return () => {
      cancelled = true;
    };
  }, [session, rowsVersion, loadingMore, open]);

  const selected: [number, number] | null = drag
    ? [Math.min(...drag), Math.max(...drag)]
    : timeline && range
      ? [binAt(timeline, range.from), binAt(timeline, range.to - 1e-6)]
      : null;

  useEffect(() => {
    if (canvasRef.current && timeline) draw(canvasRef.current, timeline, selected);
  });

  const summary = (
    <summary className="cursor-pointer text-sm font-medium">
      Timeline{range && <span className="font-normal"> (a time range is set)</span>}
    </summary>
  );
  const fold = (body: ReactNode) => (
    <details
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
      className="rounded-md border border-slate-300 p-2 open:basis-full dark:border-slate-700"
    >
      {summary}
      {body}
    </details>
  );
  if (!open) return fold(null);
  if (!timeline) return fold(<p className="text-sm">Binning the flows…</p>);
  const n = timeline.bins.length;
  const binOf = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return Math.min(n - 1, Math.max(0, Math.floor(((e.clientX - rect.left) / rect.width) * n)));
  };
  const flows = timeline.bins.reduce((sum, b) => sum + total(b), 0);
  const errorBins = timeline.bins.filter((b) => b.serverError + b.failed > 0).length;
  const end = timeline.start + n * timeline.binSeconds;
  const [first, last] = selected ?? [0, n - 1];

  return fold(
    <section aria-labelledby={`${id}-title`} className="mt-1 space-y-1 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={`${id}-title`} className="sr-only">
          Timeline
        </h2>
        <ul className="flex flex-wrap gap-x-3 text-xs" aria-label="Timeline legend">
          {LAYERS.map((l) => (
            <li key={l.key} className="flex items-center gap-1">
              <span
                aria-hidden="true"
                className={`inline-block size-2.5 rounded-sm ${LEGEND_CLASS[l.key]}`}
              />
              {l.label}
            </li>
          ))}
          <li>
            <span aria-hidden="true" className="text-red-700 dark:text-red-400">
              ▼{' '}
            </span>
            errors (5xx, no response)
          </li>
        </ul>
      </div>
      <canvas
        ref={canvasRef}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={`Requests over time: ${flows} flows from ${formatClock(timeline.start)} to ${formatClock(end)}, in ${n} intervals of ${timeline.binSeconds} s; errors in ${errorBins} of them. Drag to keep a time range, or use the sliders below.`}
        className="h-24 w-full cursor-crosshair touch-none rounded-md border border-slate-300 bg-white dark:border-slate-700 dark:bg-slate-950"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          const b = binOf(e);
          setDrag([b, b]);
        }}
        onPointerMove={(e) => {
          if (drag) setDrag([drag[0], binOf(e)]);
        }}
        onPointerUp={(e) => {
          if (!drag) return;
          const b = binOf(e);
          setDrag(null);
          onRange(binRange(timeline, drag[0], b));
        }}
        onPointerCancel={() => setDrag(null)}
      />
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-1">
          Range start
          <input
            type="range"
            min={0}
            max={n - 1}
            value={first}
            aria-valuetext={formatClock(timeline.start + first * timeline.binSeconds)}
            onChange={(e) =>
              onRange(
                binRange(timeline, Number(e.target.value), Math.max(last, Number(e.target.value))),
              )
            }
          />
        </label>
        <label className="flex items-center gap-1">
          Range end
          <input
            type="range"
            min={0}
            max={n - 1}
            value={last}
            aria-valuetext={formatClock(timeline.start + (last + 1) * timeline.binSeconds)}
            onChange={(e) =>
              onRange(
                binRange(timeline, Math.min(first, Number(e.target.value)), Number(e.target.value)),
              )
            }
          />
        </label>
        {range ? (
          <>
            {/* the status line announces the new count */}
            <p>
              Only flows started {formatClock(range.from)} – {formatClock(range.to)}.
            </p>
            <Button size="sm" onClick={() => onRange(null)}>
              Clear time range
            </Button>
          </>
        ) : (
          <p className="text-slate-700 dark:text-slate-300">All times.</p>
        )}
      </div>
    </section>,
  );
}

const LEGEND_CLASS: Record<(typeof LAYERS)[number]['key'], string> = {
  ok: 'bg-green-600',
  redirect: 'bg-blue-600',
  info: 'bg-slate-500',
  clientError: 'bg-amber-600',
  serverError: 'bg-red-600',
  failed: 'bg-red-900',
};
