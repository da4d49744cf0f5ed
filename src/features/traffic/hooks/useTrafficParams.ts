import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { z } from 'zod';
import { SORT_KEYS, type SortSpec } from '../worker/rows';

const ParamsSchema = z.object({
  q: z.string().max(2000).catch(''),
  sort: z
    .string()
    .regex(new RegExp(`^-?(${SORT_KEYS.join('|')})$`))
    .catch('time'),
  flow: z.string().max(200).optional().catch(undefined),
});

export interface TrafficParams {
  filter: string;
  sort: SortSpec;
  flowId: string | undefined;
  setFilter(filter: string): void;
  setSort(sort: SortSpec): void;
  setFlowId(id: string | undefined): void;
}

/** The filter, sort and selected flow live in the URL (validated, with safe defaults). */
export function useTrafficParams(): TrafficParams {
  const [params, setParams] = useSearchParams();
  const parsed = ParamsSchema.parse({
    q: params.get('q') ?? '',
    sort: params.get('sort') ?? 'time',
    flow: params.get('flow') ?? undefined,
  });
  const sortText = parsed.sort;
  const sort = useMemo<SortSpec>(
    () => ({
      key: sortText.replace(/^-/, '') as SortSpec['key'],
      descending: sortText.startsWith('-'),
    }),
    [sortText],
  );

  // A router update lands asynchronously, and `setParams(prev => …)` reads the
  // last rendered URL: two quick patches (a flow selected, then the filter
  // written after typing paused) would lose the first. So patches build on
  // the newest URL asked for, until the router shows it (or another URL:
  // back/forward, a link).
  const asked = useRef<string[]>([]);
  const shown = useRef('');
  const current = params.toString();
  useEffect(() => {
    shown.current = current;
    const at = asked.current.indexOf(current);
    asked.current = at === -1 ? [] : asked.current.slice(at + 1);
  }, [current]);
  const patch = useCallback(
    (key: string, value: string | undefined) => {
      const base = asked.current.at(-1) ?? shown.current;
      const next = new URLSearchParams(base);
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
      asked.current = [...asked.current, next.toString()];
      setParams(next, { replace: true });
    },
    [setParams],
  );

  return {
    filter: parsed.q,
    sort,
    flowId: parsed.flow,
    setFilter: useCallback((q: string) => patch('q', q), [patch]),
    setSort: useCallback(
      (s: SortSpec) =>
        patch(
          'sort',
          s.key === 'time' && !s.descending ? undefined : `${s.descending ? '-' : ''}${s.key}`,
        ),
      [patch],
    ),
    setFlowId: useCallback((id: string | undefined) => patch('flow', id), [patch]),
  };
}
