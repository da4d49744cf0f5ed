import { lazy, Suspense, useState } from 'react';
import type { SiteMapPanelProps } from './SiteMapTree';
import { ToolLoading } from './ToolLoading';

const SiteMapTree = lazy(() => import('./SiteMapTree').then((m) => ({ default: m.SiteMapTree })));

/**
 * Hosts and path segments with counts and status mixes; picking a node
 * filters the list. Built by the worker when the panel is opened; its code is
 * loaded then too.
 */
export function SiteMapPanel(props: SiteMapPanelProps) {
  const [open, setOpen] = useState(false);
  return (
    <details
      className="rounded-md border border-slate-300 p-2 open:basis-full dark:border-slate-700"
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="cursor-pointer text-sm font-medium">Site map</summary>
      {open && (
        <Suspense fallback={<ToolLoading name="site map" />}>
          <SiteMapTree {...props} />
        </Suspense>
      )}
    </details>
  );
}
