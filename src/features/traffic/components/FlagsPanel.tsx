import { lazy, Suspense, useState } from 'react';
import type { FlagsPanelProps } from './FlagsFound';
import { ToolLoading } from './ToolLoading';

const FlagsFound = lazy(() => import('./FlagsFound').then((m) => ({ default: m.FlagsFound })));

/**
 * Each distinct flag in the capture with the flows it appears in. Folded by
 * default: finding flags reads every body, which a big capture should not
 * pay for unasked; its code is loaded on the first opening too.
 */
export function FlagsPanel(props: FlagsPanelProps) {
  const [open, setOpen] = useState(false);
  const [count, setCount] = useState<number | null>(null);
  return (
    <details
      className="rounded-md border border-slate-300 p-2 open:basis-full dark:border-slate-700"
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="cursor-pointer text-sm font-medium">
        Flags
        {open && count !== null && ` (${count})`}
      </summary>
      {open && (
        <Suspense fallback={<ToolLoading name="flags" />}>
          <FlagsFound {...props} onCount={setCount} />
        </Suspense>
      )}
    </details>
  );
}
