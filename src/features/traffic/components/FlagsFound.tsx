import { useEffect, useId, useState } from 'react';
import { Button } from '../../../components/ui/Button';
import { CopyButton } from '../../../components/ui/CopyButton';
import type { FlagMatch } from '../flags/collect';
import type { FlagPatternChoice } from '@shared/capture/filter/flagPattern';
import type { TrafficSession } from '../session';
import type { FlowRow } from '../worker/rows';
import { VisibleText } from './VisibleText';

export interface FlagsPanelProps {
  session: TrafficSession;
  rows: readonly FlowRow[];
  /** bumps when rows change: the flags are asked again while the panel is open */
  rowsVersion: number;
  choice: FlagPatternChoice;
  onSelectFlow: (index: number) => void;
  onFilterFlags: () => void;
}

type FlagsState =
  | { state: 'loading' }
  | { state: 'ready'; flags: FlagMatch[]; truncated: boolean }
  | { state: 'error'; message: string };

const FROM = {
  platform: "the platform's settings",
  config: 'the runtime config',
  default: 'the default',
} as const;

/**
 * The Flags panel's content, loaded on its first opening (FlagsPanel): each
 * distinct flag in the capture, found by the worker (URL, headers, decoded
 * bodies), with the flows it appears in.
 */
export function FlagsFound({
  session,
  rows,
  rowsVersion,
  choice,
  onSelectFlow,
  onFilterFlags,
  onCount,
}: FlagsPanelProps & { onCount: (count: number | null) => void }) {
  const id = useId();
  const [result, setResult] = useState<FlagsState>({ state: 'loading' });
  useEffect(() => {
    let cancelled = false;
    session.flags().then(
      (answer) => {
        if (!cancelled) setResult({ state: 'ready', ...answer });
      },
      (e: unknown) => {
        if (!cancelled)
          setResult({ state: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [session, rowsVersion, choice.source]);
  useEffect(
    () => onCount(result.state === 'ready' ? result.flags.length : null),
    [result, onCount],
  );

  return (
    <section aria-labelledby={`${id}-title`} className="mt-2 space-y-2 text-sm">
      <h2 id={`${id}-title`} className="sr-only">
        Flags found in the capture
      </h2>
      <p>
        Pattern (from {FROM[choice.from]}): <code className="break-all">{choice.source}</code>
      </p>
      {choice.refused.map((r) => (
        <p key={r.from} className="text-amber-900 dark:text-amber-200">
          <span aria-hidden="true">⚠ </span>The pattern from {FROM[r.from]} is not used: {r.error}.
        </p>
      ))}
      {result.state === 'loading' && <p role="status">Looking for flags…</p>}
      {result.state === 'error' && <p role="alert">Cannot look for flags: {result.message}</p>}
      {result.state === 'ready' &&
        (result.flags.length === 0 ? (
          <p role="status">No flag in this capture.</p>
        ) : (
          <>
            <Button size="sm" onClick={onFilterFlags}>
              Show only flows with a flag (~flag)
            </Button>
            {result.truncated && (
              <p>Only the first {result.flags.length} distinct flags are listed.</p>
            )}
            <ul aria-label="Flags found" className="space-y-2">
              {result.flags.map((flag) => (
                <li
                  key={flag.value}
                  className="rounded-md border border-slate-200 p-2 dark:border-slate-700"
                >
                  <div className="flex items-start gap-2">
                    <code className="min-w-0 flex-1 font-semibold break-all">
                      <VisibleText text={flag.value} />
                    </code>
                    <CopyButton value={flag.value} label="Copy flag" />
                  </div>
                  <p className="mt-1">
                    In {flag.flowCount} flow{flag.flowCount === 1 ? '' : 's'}
                    {flag.flowCount > flag.flows.length &&
                      ` (the first ${flag.flows.length} listed)`}
                    :
                  </p>
                  <ul className="flex flex-wrap gap-1">
                    {flag.flows.map((index) => {
                      const row = rows[index];
                      if (!row) return null;
                      return (
                        <li key={index}>
                          <Button
                            size="sm"
                            variant="ghost"
                            className="font-mono"
                            onClick={() => onSelectFlow(index)}
                          >
                            <span className="sr-only">Show flow </span>
                            <VisibleText text={`${row.method} ${row.path}`} />
                          </Button>
                        </li>
                      );
                    })}
                  </ul>
                </li>
              ))}
            </ul>
          </>
        ))}
    </section>
  );
}
