import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { TrafficParams } from '../hooks/useTrafficParams';
import type { TrafficSession, TrafficSnapshot } from '../session';
import { ExportHarButton } from './ExportHarButton';
import { FilterBar } from './FilterBar';
import { FlowDetailsPanel } from './FlowDetailsPanel';
import { FlowTable, type FlowTableHandle } from './FlowTable';
import { TrafficStatusLine } from './TrafficStatusLine';

interface TrafficViewerProps {
  session: TrafficSession;
  snapshot: TrafficSnapshot;
  params: TrafficParams;
  /** extra controls beside the filter (live toggle, open file) */
  toolbar?: ReactNode;
  fileStem: string;
  label: string;
}

const URL_DELAY_MS = 300;
const NO_FLOWS = new Int32Array(0);

function isTypingTarget(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** Filter, flow table and the selected flow's details, wired to the worker session. */
export function TrafficViewer({
  session,
  snapshot,
  params,
  toolbar,
  fileStem,
  label,
}: TrafficViewerProps) {
  const { filter, sort, flowId: urlFlowId, setFilter, setSort, setFlowId } = params;
  const filterRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<FlowTableHandle>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [detailsOpen, setDetailsOpen] = useState(urlFlowId !== undefined);

  // Like the filter, the selection answers each key at once and the URL
  // follows (a router update is asynchronous: ↓ then Enter must open the row
  // ↓ selected). A URL value we did not write (back/forward, a link) wins.
  const [selection, setSelection] = useState<{ id: string | undefined; sent: string[] }>({
    id: urlFlowId,
    sent: [],
  });
  const [seenFlowUrl, setSeenFlowUrl] = useState(urlFlowId);
  if (urlFlowId !== seenFlowUrl) {
    setSeenFlowUrl(urlFlowId);
    if (urlFlowId === undefined || !selection.sent.includes(urlFlowId))
      setSelection({ id: urlFlowId, sent: [] });
    else if (urlFlowId === selection.id) setSelection({ id: urlFlowId, sent: [] });
  }
  const flowId = selection.id;
  const focusHeading = useRef(false);

  // The box answers each keystroke at once; the URL follows (router updates are
  // async). A URL value we did not type (back/forward, a link) replaces the text.
  const [typed, setTyped] = useState<{ text: string; sent: string[] }>({ text: filter, sent: [] });
  const [seenUrl, setSeenUrl] = useState(filter);
  if (filter !== seenUrl) {
    setSeenUrl(filter);
    if (!typed.sent.includes(filter)) setTyped({ text: filter, sent: [] });
    else if (filter === typed.text) setTyped({ text: filter, sent: [] });
  }
  const text = typed.text;
  // The URL is written once typing pauses: a router update re-renders the
  // whole page, which would slow down every keystroke on a big capture.
  const urlTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(urlTimer.current), []);
  const onFilterChange = useCallback(
    (value: string) => {
      // asked here, not only from the effect below: the worker starts while React renders
      session.query(value, sort);
      setTyped((t) => ({ text: value, sent: [...t.sent.slice(-50), value] }));
      clearTimeout(urlTimer.current);
      urlTimer.current = setTimeout(() => setFilter(value), URL_DELAY_MS);
    },
    [session, sort, setFilter],
  );

  useEffect(() => {
    session.query(text, sort);
  }, [session, text, sort]);

  // "/" focuses the filter from anywhere on the page
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      e.preventDefault();
      filterRef.current?.focus();
      filterRef.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const { rows, view } = snapshot;
  // rowsVersion: ids are learnt as rows arrive
  const selectedIndex = useMemo(
    () => (flowId === undefined ? undefined : session.indexOf(flowId)),
    [session, flowId, snapshot.rowsVersion], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const selectedPosition = useMemo(
    () => (selectedIndex === undefined || !view ? -1 : view.indexOf(selectedIndex)),
    [selectedIndex, view],
  );
  const selectedRow = selectedIndex !== undefined ? rows[selectedIndex] : undefined;

  const onSelect = useCallback(
    (index: number, open: boolean) => {
      const row = session.getSnapshot().rows[index];
      if (!row) return;
      setSelection((current) => ({ id: row.id, sent: [...current.sent.slice(-50), row.id] }));
      setFlowId(row.id);
      if (open) setDetailsOpen(true);
    },
    [session, setFlowId],
  );

  useEffect(() => {
    if (detailsOpen && focusHeading.current && headingRef.current) {
      focusHeading.current = false;
      headingRef.current.focus();
    }
  });

  const openDetails = useCallback(() => {
    focusHeading.current = true;
    setDetailsOpen(true);
  }, []);
  const hideDetails = useCallback(() => setDetailsOpen(false), []);

  const closeDetails = useCallback(() => {
    setDetailsOpen(false);
    tableRef.current?.focus();
  }, []);

  const showDetails = detailsOpen && selectedRow !== undefined;
  // what the list shows, not what is typed: the box runs ahead of the worker's answer
  const filtered = snapshot.filter.trim() !== '';
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-start gap-3">
        <FilterBar
          ref={filterRef}
          value={text}
          error={snapshot.filterError}
          onChange={onFilterChange}
          onLeave={() => tableRef.current?.focus()}
        />
        <div className="flex flex-wrap items-center gap-2 pt-6">
          {toolbar}
          <ExportHarButton session={session} view={view} filtered={filtered} fileStem={fileStem} />
        </div>
      </div>
      <TrafficStatusLine snapshot={snapshot} filtered={filtered} />
      <div className={showDetails ? 'grid gap-3 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]' : ''}>
        <FlowTable
          ref={tableRef}
          label={label}
          busy={snapshot.loadingMore}
          rows={rows}
          view={view ?? NO_FLOWS}
          selectedPosition={selectedPosition}
          sort={sort}
          onSort={setSort}
          onSelect={onSelect}
          onOpen={openDetails}
          onEscape={hideDetails}
        />
        {showDetails && (
          <FlowDetailsPanel
            ref={headingRef}
            session={session}
            row={selectedRow}
            onClose={closeDetails}
          />
        )}
      </div>
    </div>
  );
}
