import { useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { z } from '@shared/zod';
import { DEFAULT_SORT, sameRange, type TrafficSession, type ViewState } from '../session';
import { SORT_KEYS, type SortSpec, type TimeRange } from '../worker/rows';

/**
 * The URL is written once changes pause: a router update re-renders the
 * whole page, which would slow down every keystroke on a big capture.
 */
export const URL_DELAY_MS = 300;

// `q` is the name every list of the app gives its search text in the URL
const ParamsSchema = z.object({
  q: z.catch(z.string().check(z.maxLength(2000)), ''),
  sort: z.catch(z.string().check(z.regex(new RegExp(`^-?(${SORT_KEYS.join('|')})$`))), 'time'),
  flow: z.catch(z.optional(z.string().check(z.maxLength(200))), undefined),
  // the timeline's brush: `from~to`, seconds since the epoch (to the millisecond)
  range: z.catch(
    z.optional(z.string().check(z.regex(/^\d{1,12}(\.\d{1,6})?~\d{1,12}(\.\d{1,6})?$/))),
    undefined,
  ),
});

function parseRange(text: string | undefined): TimeRange | null {
  if (!text) return null;
  const [from, to] = text.split('~').map(Number) as [number, number];
  return to > from ? { from, to } : null;
}

const rangeText = (r: TimeRange) => `${+r.from.toFixed(3)}~${+r.to.toFixed(3)}`;

/** The view state a URL holds (validated, with safe defaults). */
export function readViewState(params: URLSearchParams): ViewState {
  const parsed = ParamsSchema.parse({
    q: params.get('q') ?? '',
    sort: params.get('sort') ?? 'time',
    flow: params.get('flow') ?? undefined,
    range: params.get('range') ?? undefined,
  });
  return {
    filter: parsed.q,
    sort: {
      key: parsed.sort.replace(/^-/, '') as SortSpec['key'],
      descending: parsed.sort.startsWith('-'),
    },
    selectedId: parsed.flow,
    range: parseRange(parsed.range),
  };
}

/** `params` with the view state written into it (defaults are left out); other keys stay. */
export function writeViewState(params: URLSearchParams, state: ViewState): URLSearchParams {
  const next = new URLSearchParams(params);
  const put = (key: string, value: string | undefined) =>
    value === undefined || value === '' ? next.delete(key) : next.set(key, value);
  const { sort } = state;
  put('q', state.filter);
  put(
    'sort',
    sort.key === DEFAULT_SORT.key && sort.descending === DEFAULT_SORT.descending
      ? undefined
      : `${sort.descending ? '-' : ''}${sort.key}`,
  );
  put('flow', state.selectedId);
  put('range', state.range ? rangeText(state.range) : undefined);
  return next;
}

export function sameViewState(a: ViewState, b: ViewState): boolean {
  return (
    a.filter === b.filter &&
    a.sort.key === b.sort.key &&
    a.sort.descending === b.sort.descending &&
    a.selectedId === b.selectedId &&
    sameRange(a.range, b.range)
  );
}

/**
 * Mirrors the session's view state into the URL after a pause (replacing the
 * history entry), and reads it back when the URL changes to one the session
 * did not write (back/forward, a link).
 */
export function useViewStateInUrl(session: TrafficSession): void {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  /** the last URL search the session wrote, or adopted */
  const known = useRef(search);
  const router = useRef({ params, setParams });
  useEffect(() => {
    router.current = { params, setParams };
  });

  useEffect(() => {
    if (search === known.current) return;
    known.current = search;
    session.setViewState(readViewState(new URLSearchParams(search)));
  }, [session, search]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const write = () => {
      const { params: current, setParams: set } = router.current;
      const state = session.getSnapshot();
      if (sameViewState(readViewState(current), state)) return;
      const next = writeViewState(current, state);
      known.current = next.toString();
      set(next, { replace: true });
    };
    let last: ViewState = session.getSnapshot();
    const unsubscribe = session.subscribe(() => {
      const now = session.getSnapshot();
      if (
        now.filter === last.filter &&
        now.sort === last.sort &&
        now.selectedId === last.selectedId &&
        now.range === last.range
      )
        return; // rows or the view changed, not what was asked
      last = now;
      clearTimeout(timer);
      timer = setTimeout(write, URL_DELAY_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [session]);
}
