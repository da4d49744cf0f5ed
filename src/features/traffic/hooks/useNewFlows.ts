import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { ROW_HEIGHT } from '../components/columns';
import type { FlowTableHandle } from '../components/FlowTable';
import {
  anchorShift,
  countNewcomers,
  decideOnNewFlows,
  isAtNewest,
  newestEnd,
  type NewestEnd,
} from '../newFlows';
import type { TrafficSnapshot } from '../session';

const SLACK = ROW_HEIGHT / 2;

const metricsOf = (el: HTMLElement) => ({
  scrollTop: el.scrollTop,
  clientHeight: el.clientHeight,
  scrollHeight: el.scrollHeight,
});

/**
 * Flows a live refresh brings: at the newest flows the list follows them;
 * scrolled away, the rows in view stay put and the new flows are counted
 * until the user goes to the newest end (by scrolling or `jump`).
 */
export function useNewFlows(table: RefObject<FlowTableHandle | null>, snapshot: TrafficSnapshot) {
  const [count, setCount] = useState(0);
  const end = newestEnd(snapshot.sort);
  const endRef = useRef<NewestEnd>(end);
  // what the list showed last and where the user was in it (before the DOM changes)
  const last = useRef({
    view: null as Int32Array | null,
    query: '',
    seenRows: 0,
    scrollTop: 0,
    atNewest: true,
  });

  useEffect(() => {
    const el = table.current?.scrollElement();
    if (!el) return;
    // the browser's own scroll anchoring would shift the list a second time
    el.style.overflowAnchor = 'none';
    const onScroll = () => {
      const at = isAtNewest(metricsOf(el), endRef.current, SLACK);
      last.current.scrollTop = el.scrollTop;
      last.current.atNewest = at;
      if (at) setCount(0);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [table]);

  // read when a new view arrives (rows come before their view: only the view decides)
  const latest = useRef(snapshot);
  useLayoutEffect(() => {
    endRef.current = end;
    latest.current = snapshot;
  });
  const { view } = snapshot;
  useLayoutEffect(() => {
    const el = table.current?.scrollElement();
    if (!el || !view) return;
    const s = last.current;
    const { viewFilter, sort, range, liveFrom } = latest.current;
    const rowCount = latest.current.rows.length;
    const query = JSON.stringify([viewFilter, sort, range]);
    const before = s.view;
    const from = Math.max(s.seenRows, liveFrom);
    s.view = view;
    s.seenRows = rowCount;
    if (before === null || s.query !== query) {
      // another filter, sort or range: the user asked for this list, nothing is "new"
      s.query = query;
      setCount(0);
    } else {
      const action = decideOnNewFlows(countNewcomers(view, from), s.atNewest);
      if (action.kind === 'follow') {
        el.scrollTop = endRef.current === 'top' ? 0 : el.scrollHeight;
      } else {
        const shift = anchorShift(before, view, Math.floor(s.scrollTop / ROW_HEIGHT));
        if (shift !== 0) el.scrollTop = s.scrollTop + shift * ROW_HEIGHT;
        if (action.kind === 'count') setCount((n) => n + action.added);
      }
    }
    s.scrollTop = el.scrollTop;
    s.atNewest = isAtNewest(metricsOf(el), endRef.current, SLACK);
  }, [table, view]);

  const jump = () => {
    const el = table.current?.scrollElement();
    if (!el) return;
    el.scrollTop = endRef.current === 'top' ? 0 : el.scrollHeight;
    setCount(0);
    // the button goes away: the keyboard lands in the list
    table.current?.focus();
  };

  return { count, end, jump };
}
