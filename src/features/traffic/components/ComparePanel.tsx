import { forwardRef, useEffect, useMemo, useState } from 'react';
import { LoadingRows } from '../../../components/ui/Skeleton';
import { compareFlows, type Comparison, type DiffKind } from '../compare/compare';
import type { FlowDetails, TrafficSession } from '../session';
import type { FlowRow } from '../worker/rows';
import { SidePanel } from './SidePanel';
import { VisibleText } from './VisibleText';

interface ComparePanelProps {
  session: TrafficSession;
  a: FlowRow;
  b: FlowRow;
  onClose: () => void;
}

/** Said in words and a sign, not by colour alone. */
const KIND: Record<DiffKind, { label: string; sign: string; className: string }> = {
  same: { label: 'same', sign: ' ', className: '' },
  changed: {
    label: 'changed',
    sign: '~',
    className: 'bg-amber-50 dark:bg-amber-950',
  },
  removed: { label: 'only in A', sign: '−', className: 'bg-red-50 dark:bg-red-950' },
  added: { label: 'only in B', sign: '+', className: 'bg-emerald-50 dark:bg-emerald-950' },
};

const MAX_ROWS = 2000;

function DiffTable({ title, comparison }: { title: string; comparison: Comparison }) {
  const heading = (
    <h4 className="text-sm font-medium">
      {title}
      {comparison.ok && (
        <span className="font-normal">
          {' '}
          — {comparison.identical ? 'identical' : 'different'}
          {comparison.how !== 'by lines' && ` (${comparison.how})`}
        </span>
      )}
    </h4>
  );
  if (!comparison.ok)
    return (
      <div>
        {heading}
        <p className="text-sm">{comparison.reason}</p>
      </div>
    );
  if (comparison.rows.length === 0) return <div>{heading}</div>;
  const rows = comparison.rows.slice(0, MAX_ROWS);
  return (
    <div>
      {heading}
      <table className="w-full table-fixed border-collapse text-left font-mono text-xs">
        <caption className="sr-only">{title}: flow A and flow B, line by line</caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">Change</th>
            <th scope="col">Flow A</th>
            <th scope="col">Flow B</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const kind = KIND[row.kind];
            return (
              <tr
                key={i}
                data-diff={row.kind}
                className={`border-b border-slate-100 align-top dark:border-slate-800 ${kind.className}`}
              >
                <td className="w-6 text-center" title={kind.label}>
                  <span aria-hidden="true">{kind.sign}</span>
                  <span className="sr-only">{kind.label}</span>
                </td>
                <td className="break-all whitespace-pre-wrap">
                  {row.left !== null && <VisibleText text={row.left} />}
                </td>
                <td className="border-l border-slate-200 pl-1 break-all whitespace-pre-wrap dark:border-slate-700">
                  {row.right !== null && <VisibleText text={row.right} />}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {comparison.rows.length > MAX_ROWS && (
        <p className="text-sm">
          The first {MAX_ROWS} of {comparison.rows.length} lines are shown.
        </p>
      )}
    </div>
  );
}

/** Two flows side by side: request line, headers and bodies; what differs is marked in words. */
export const ComparePanel = forwardRef<HTMLHeadingElement, ComparePanelProps>(function ComparePanel(
  { session, a, b, onClose },
  headingRef,
) {
  const [pair, setPair] = useState<{ key: string; a: FlowDetails; b: FlowDetails } | null>(null);
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const key = `${a.index}:${b.index}`;
  useEffect(() => {
    let cancelled = false;
    // rows listed from summaries: both whole flows are fetched from the platform
    Promise.all([session.details(a.index), session.details(b.index)]).then(
      ([da, db]) => {
        if (cancelled) return;
        setFailure(null);
        if (!da || !db) setMissing(true);
        else setPair({ key, a: da, b: db });
      },
      (e: unknown) => {
        if (!cancelled) setFailure(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [session, a.index, b.index, key]);
  const comparison = useMemo(
    () => (pair && pair.key === key ? compareFlows(pair.a, pair.b) : null),
    [pair, key],
  );

  return (
    <SidePanel
      ref={headingRef}
      title="Compare flows"
      closeLabel="Close the comparison"
      onClose={onClose}
    >
      <dl className="grid grid-cols-[auto_1fr] gap-x-2 font-mono text-xs">
        <dt className="font-sans font-semibold">A</dt>
        <dd className="break-all">
          <VisibleText text={`${a.method} ${a.path}`} />
        </dd>
        <dt className="font-sans font-semibold">B</dt>
        <dd className="break-all">
          <VisibleText text={`${b.method} ${b.path}`} />
        </dd>
      </dl>
      {missing && <p role="alert">One of the flows is no longer in the capture.</p>}
      {failure !== null && (
        <p role="alert">
          The flows could not be loaded: <VisibleText text={failure} />
        </p>
      )}
      {!missing && failure === null && !comparison && <LoadingRows label="Loading both flows…" />}
      {comparison && (
        <>
          <section aria-label="Request comparison" className="space-y-2">
            <h3 className="font-semibold">Request</h3>
            <DiffTable title="Request line" comparison={comparison.requestLine} />
            <DiffTable title="Request headers" comparison={comparison.requestHeaders} />
            <DiffTable title="Request body" comparison={comparison.requestBody} />
          </section>
          <section aria-label="Response comparison" className="space-y-2">
            <h3 className="font-semibold">Response</h3>
            <DiffTable title="Status line" comparison={comparison.statusLine} />
            <DiffTable title="Response headers" comparison={comparison.responseHeaders} />
            <DiffTable title="Response body" comparison={comparison.responseBody} />
          </section>
        </>
      )}
    </SidePanel>
  );
});
