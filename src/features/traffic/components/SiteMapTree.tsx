import { useEffect, useId, useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { siteFilter, type SiteNode } from '../sitemap/siteTree';
import type { StatusMix } from '../statusMix';
import type { TrafficSession } from '../session';
import { VisibleText } from './VisibleText';

export interface SiteMapPanelProps {
  session: TrafficSession;
  /** bumps when rows change: the map is asked again while the panel is open */
  rowsVersion: number;
  /** the filter expression that selects a node's flows */
  onPick: (filter: string) => void;
}

const MIX: [keyof StatusMix, string][] = [
  ['ok', '2xx'],
  ['redirect', '3xx'],
  ['clientError', '4xx'],
  ['serverError', '5xx'],
  ['info', '1xx'],
  ['failed', 'no response'],
];

/** "3 2xx · 1 4xx": the status mix in words. */
export function mixText(mix: StatusMix): string {
  return MIX.filter(([key]) => mix[key] > 0)
    .map(([key, label]) => `${mix[key]} ${label}`)
    .join(' · ');
}

const keyOf = (node: SiteNode) => JSON.stringify([node.host, ...node.segments]);

function SiteNodeItem({
  node,
  expanded,
  toggle,
  onPick,
}: {
  node: SiteNode;
  expanded: Set<string>;
  toggle: (key: string) => void;
  onPick: (filter: string) => void;
}) {
  const key = keyOf(node);
  const open = expanded.has(key);
  const label = node.segments.length === 0 ? node.name : `/${node.name}`;
  return (
    <li>
      <div className="flex flex-wrap items-center gap-1">
        {node.children.length > 0 ? (
          <Button
            size="sm"
            variant="ghost"
            aria-expanded={open}
            aria-label={`${open ? 'Fold' : 'Unfold'} ${label}`}
            onClick={() => toggle(key)}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </Button>
        ) : (
          <span className="inline-block w-7" aria-hidden="true" />
        )}
        <Button
          size="sm"
          variant="ghost"
          className="font-mono"
          onClick={() => onPick(siteFilter(node.host, node.segments))}
        >
          <span className="sr-only">Show only </span>
          <VisibleText text={label} />
          <span className="font-sans font-normal">
            {' '}
            ({node.count} flow{node.count === 1 ? '' : 's'})
          </span>
        </Button>
        <span className="text-xs text-slate-700 dark:text-slate-300">{mixText(node.mix)}</span>
      </div>
      {open && (
        <ul className="ml-5 border-l border-slate-200 pl-1 dark:border-slate-700">
          {node.children.map((c) => (
            <SiteNodeItem
              key={keyOf(c)}
              node={c}
              expanded={expanded}
              toggle={toggle}
              onPick={onPick}
            />
          ))}
          {node.more > 0 && <li className="text-xs">…and {node.more} more</li>}
        </ul>
      )}
    </li>
  );
}

/**
 * The site map's content, loaded on the panel's first opening (SiteMapPanel):
 * hosts and path segments with counts and status mixes, built by the worker.
 */
export function SiteMapTree({ session, rowsVersion, onPick }: SiteMapPanelProps) {
  const id = useId();
  const [hosts, setHosts] = useState<SiteNode[] | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  useEffect(() => {
    let cancelled = false;
    void session.siteMap().then((answer) => {
      if (cancelled) return;
      setHosts(answer);
      // hosts start unfolded: with one host (the usual instance) the paths show at once
      setExpanded((now) => (now.size > 0 ? now : new Set(answer.map(keyOf))));
    });
    return () => {
      cancelled = true;
    };
  }, [session, rowsVersion]);
  const toggle = (key: string) =>
    setExpanded((now) => {
      const next = new Set(now);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <section aria-labelledby={`${id}-title`} className="mt-2 text-sm">
      <h2 id={`${id}-title`} className="sr-only">
        Site map
      </h2>
      {hosts === null ? (
        <p role="status">Building the site map…</p>
      ) : hosts.length === 0 ? (
        <p>No flows.</p>
      ) : (
        <ul aria-label="Hosts and paths">
          {hosts.map((h) => (
            <SiteNodeItem
              key={keyOf(h)}
              node={h}
              expanded={expanded}
              toggle={toggle}
              onPick={onPick}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
