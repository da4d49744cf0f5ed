import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { FlagHighlight } from '../flags/FlagHighlight';
import { compileFlagPattern } from '@shared/capture/filter/flagPattern';
import { useFlagPattern } from '../hooks/useFlagPattern';
import { useNewFlows } from '../hooks/useNewFlows';
import type { TrafficSession, TrafficSnapshot } from '../session';
import type { SortSpec, TimeRange } from '../worker/rows';
import { ExportHarButton } from './ExportHarButton';
import { Button } from '../../../components/ui/Button';
import { FilterBar } from './FilterBar';
import { FlagsPanel } from './FlagsPanel';
import { SiteMapPanel } from './SiteMapPanel';
import { TimelinePanel } from './TimelinePanel';
import { FlowDetailsPanel } from './FlowDetailsPanel';
import { ColumnsBar } from './ColumnsMenu';
import { FlowTable, type FlowTableHandle } from './FlowTable';
import { NewFlowsMarker } from './NewFlowsMarker';
import { TrafficStatusLine } from './TrafficStatusLine';
import { LoadingRows } from '../../../components/ui/Skeleton';

// loaded on first use: jsdiff and the diff tables are not needed to show a capture
const ComparePanel = lazy(() =>
  import('./ComparePanel').then((m) => ({ default: m.ComparePanel })),
);

interface TrafficViewerProps {
  session: TrafficSession;
  snapshot: TrafficSnapshot;
  /** extra controls beside the filter (live toggle, open file) */
  toolbar?: ReactNode;
  fileStem: string;
  label: string;
  /** the competition the capture belongs to (its settings may say what a flag looks like) */
  competitionId?: string;
}

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
  toolbar,
  fileStem,
  label,
  competitionId,
}: TrafficViewerProps) {
  const { filter, sort, selectedId } = snapshot;
  const filterRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<FlowTableHandle>(null);
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const [detailsOpen, setDetailsOpen] = useState(selectedId !== undefined);
  const focusHeading = useRef(false);
  // a panel whose code loads later mounts its heading after our effects ran: focus it then
  const setHeading = useCallback((heading: HTMLHeadingElement | null) => {
    headingRef.current = heading;
    if (heading && focusHeading.current) {
      focusHeading.current = false;
      heading.focus();
    }
  }, []);

  // the session owns filter, sort and selection; the URL follows them (useViewStateInUrl)
  const onFilterChange = useCallback((next: string) => session.setFilter(next), [session]);
  const onSort = useCallback((next: SortSpec) => session.setSort(next), [session]);
  const onRange = useCallback((next: TimeRange | null) => session.setRange(next), [session]);

  const flagChoice = useFlagPattern(competitionId);
  useEffect(
    () => session.setFlagPattern(flagChoice.source, flagChoice.from === 'platform'),
    [session, flagChoice.source, flagChoice.from],
  );
  const flagHighlight = useMemo(() => {
    const compiled = compileFlagPattern(flagChoice.source);
    return compiled.ok ? compiled.pattern : null;
  }, [flagChoice.source]);

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
    () => (selectedId === undefined ? undefined : session.indexOf(selectedId)),
    [session, selectedId, snapshot.rowsVersion], // eslint-disable-line react-hooks/exhaustive-deps
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
      session.select(row.id);
      if (open) setDetailsOpen(true);
    },
    [session],
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

  const showFlow = useCallback(
    (index: number) => {
      const row = session.getSnapshot().rows[index];
      if (!row) return;
      session.select(row.id);
      focusHeading.current = true;
      setDetailsOpen(true);
    },
    [session],
  );
  const filterFlags = useCallback(() => session.setFilter('~flag'), [session]);

  const closeDetails = useCallback(() => {
    setDetailsOpen(false);
    tableRef.current?.focus();
  }, []);

  // Compare: the flow chosen as A, then the selected flow is B
  const [compareBaseId, setCompareBaseId] = useState<string | undefined>(undefined);
  const [comparing, setComparing] = useState<{ a: number; b: number } | null>(null);
  const compareBase = useMemo(
    () => (compareBaseId === undefined ? undefined : session.indexOf(compareBaseId)),
    [session, compareBaseId, snapshot.rowsVersion], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const compareBaseRow = compareBase !== undefined ? rows[compareBase] : undefined;
  const closeCompare = useCallback(() => {
    setComparing(null);
    focusHeading.current = true;
  }, []);
  const compareActions =
    selectedRow === undefined ? null : (
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {compareBaseRow === undefined ? (
          <Button size="sm" onClick={() => setCompareBaseId(selectedRow.id)}>
            Compare with another flow…
          </Button>
        ) : compareBaseRow.index === selectedRow.index ? (
          <p role="status">Chosen as A for Compare: select another flow.</p>
        ) : (
          <Button
            size="sm"
            onClick={() => {
              focusHeading.current = true;
              setComparing({ a: compareBaseRow.index, b: selectedRow.index });
            }}
          >
            Compare with A ({compareBaseRow.method} {compareBaseRow.path})
          </Button>
        )}
        {compareBaseRow !== undefined && (
          <Button size="sm" variant="ghost" onClick={() => setCompareBaseId(undefined)}>
            Cancel compare
          </Button>
        )}
      </div>
    );
  const compareRows =
    comparing && rows[comparing.a] && rows[comparing.b]
      ? { a: rows[comparing.a]!, b: rows[comparing.b]! }
      : null;

  const newFlows = useNewFlows(tableRef, snapshot);

  const showDetails = detailsOpen && selectedRow !== undefined;
  // what the list shows, not what is typed: the box runs ahead of the worker's answer
  const filtered = snapshot.viewFilter.trim() !== '' || snapshot.range !== null;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-start gap-3">
        <FilterBar
          ref={filterRef}
          filter={filter}
          error={snapshot.filterError}
          onChange={onFilterChange}
          onLeave={() => tableRef.current?.focus()}
        />
        <div className="flex flex-wrap items-center gap-2 pt-6">
          {toolbar}
          <ExportHarButton session={session} view={view} filtered={filtered} fileStem={fileStem} />
        </div>
      </div>
      {/* the tools fold to one line; an open one takes the whole width */}
      <div className="flex flex-wrap items-start gap-2">
        <TimelinePanel
          session={session}
          rowsVersion={snapshot.rowsVersion}
          loadingMore={snapshot.loadingMore}
          range={snapshot.range}
          onRange={onRange}
        />
        <SiteMapPanel
          session={session}
          rowsVersion={snapshot.rowsVersion}
          onPick={onFilterChange}
        />
        <FlagsPanel
          session={session}
          rows={rows}
          rowsVersion={snapshot.rowsVersion}
          choice={flagChoice}
          onSelectFlow={showFlow}
          onFilterFlags={filterFlags}
        />
      </div>
      {/* the count and the columns menu share a line: the list starts higher on a phone */}
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <TrafficStatusLine
          snapshot={snapshot}
          filtered={filtered}
          onRetryWholeFlows={session.retryWholeFlows}
          onStopFilter={() => session.stopFilter()}
        />
        <ColumnsBar columnFacts={snapshot.columnFacts} />
      </div>
      <div
        className={
          showDetails || compareRows ? 'grid gap-3 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]' : ''
        }
      >
        <div className="relative min-w-0">
          {/* before the list: one Shift+Tab from it (the list's header buttons follow it) */}
          <NewFlowsMarker count={newFlows.count} end={newFlows.end} onJump={newFlows.jump} />
          <FlowTable
            ref={tableRef}
            label={label}
            busy={snapshot.loadingMore}
            columnFacts={snapshot.columnFacts}
            range={snapshot.range}
            rows={rows}
            view={view ?? NO_FLOWS}
            selectedPosition={selectedPosition}
            sort={sort}
            onSort={onSort}
            onSelect={onSelect}
            onOpen={openDetails}
            onEscape={hideDetails}
          />
        </div>
        {compareRows ? (
          <FlagHighlight.Provider value={flagHighlight}>
            <Suspense fallback={<LoadingRows label="Loading Compare…" />}>
              <ComparePanel
                key={`${compareRows.a.index}:${compareRows.b.index}`}
                ref={setHeading}
                session={session}
                a={compareRows.a}
                b={compareRows.b}
                onClose={closeCompare}
              />
            </Suspense>
          </FlagHighlight.Provider>
        ) : (
          showDetails && (
            <FlagHighlight.Provider value={flagHighlight}>
              <FlowDetailsPanel
                ref={setHeading}
                session={session}
                row={selectedRow}
                onClose={closeDetails}
                extraActions={compareActions}
              />
            </FlagHighlight.Provider>
          )
        )}
      </div>
    </div>
  );
}
