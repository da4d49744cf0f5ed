import type { FlowDetails } from '../session';
import { flowDuration } from '../worker/rows';
import { formatClock, formatMs, formatSize } from './columns';

function when(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  return `${new Date(seconds * 1000).toISOString().slice(0, 10)} ${formatClock(seconds)}`;
}

/** Start, end and duration, and sizes on the wire and decoded. */
export function FlowTimings({ details }: { details: FlowDetails }) {
  const { flow, request, response } = details;
  const start = flow.request.timestamp_start;
  const items: [string, string][] = [
    ['Request started', when(start)],
    ['Request sent', when(flow.request.timestamp_end)],
    ['Response started', when(flow.response?.timestamp_start)],
    ['Response ended', when(flow.response?.timestamp_end)],
    ['Duration', formatMs(flowDuration(flow))],
    [
      'Request body',
      `${formatSize(request.wireSize)} on the wire, ${formatSize(request.decoded.length)} decoded${request.truncated ? ' (truncated)' : ''}`,
    ],
    [
      'Response body',
      response
        ? `${formatSize(response.wireSize)} on the wire, ${formatSize(response.decoded.length)} decoded${response.truncated ? ' (truncated)' : ''}`
        : '—',
    ],
  ];
  return (
    <section aria-labelledby="flow-timing-title">
      <h3 id="flow-timing-title" className="mb-1 font-semibold">
        Timing and size
      </h3>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 text-sm">
        {items.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-700 dark:text-slate-300">{k}</dt>
            <dd className="font-mono text-xs leading-5">{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
