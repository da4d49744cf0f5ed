import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { authQueries, instanceQueries } from '../../../api';
import type { InstanceInfo, InstanceList } from '@shared/schemas';
import { useCompetition } from '../../../lib/competition';
import { paths } from '../../../lib/paths';
import { QueryState } from '../../../components/ui/QueryState';
import { Button } from '../../../components/ui/Button';
import {
  hasFilters,
  parseListSearch,
  toListFilters,
  toSearchParams,
  type ListSearch,
} from '../params';
import { ListFilters } from './ListFilters';
import { Pagination } from './Pagination';
import { InstanceTable } from './InstanceTable';
import { RenewDialog, StopDialog } from './lazyDialogs';

/** `/c/:cid/instances`: every instance of the team, filtered from the URL. */
export function InstanceListPage() {
  const { scope, team } = useCompetition();
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseListSearch(params), [params]);
  const list = useQuery({
    ...instanceQueries.list(scope, toListFilters(search)),
    placeholderData: keepPreviousData,
  });
  const me = useQuery(authQueries.me());
  const currentUser = useMemo(
    () => (me.data ? [me.data.user.id, me.data.user.name] : []),
    [me.data],
  );
  const [renewing, setRenewing] = useState<InstanceInfo | null>(null);
  const [stopping, setStopping] = useState<InstanceInfo | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusAfterStop = useRef(false);
  // After a stop the row (and its Stop button) is gone: once the dialog has
  // closed, put the keyboard focus back at the top of the list.
  useEffect(() => {
    if (stopping === null && focusAfterStop.current) {
      focusAfterStop.current = false;
      headingRef.current?.focus();
    }
  }, [stopping]);
  const actions = useMemo(() => ({ onRenew: setRenewing, onStop: setStopping }), []);

  const update = useCallback(
    (patch: Partial<ListSearch>) => {
      setParams(
        (prev) => {
          const current = parseListSearch(prev);
          const paging = 'offset' in patch || 'limit' in patch;
          return toSearchParams({ ...current, ...patch, offset: paging ? (patch.offset ?? 0) : 0 });
        },
        { replace: !('offset' in patch) },
      );
    },
    [setParams],
  );
  const clear = useCallback(
    () =>
      setParams((prev) =>
        toSearchParams({
          ...parseListSearch(prev),
          challenge: undefined,
          status: undefined,
          q: undefined,
          offset: 0,
        }),
      ),
    [setParams],
  );
  const instancePath = useCallback(
    (id: string) => paths.instance(scope.competitionId, id).overview,
    [scope.competitionId],
  );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-x-3">
        <h1 ref={headingRef} tabIndex={-1} className="text-xl font-semibold focus:outline-none">
          Team instances
        </h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Everything your team ({team.name}) is running, whoever started it.
        </p>
      </div>
      <ListFilters search={search} onChange={update} onClear={clear} />
      <ListBody
        list={list}
        search={search}
        catalogue={paths.challenges(scope.competitionId)}
        onClear={clear}
        table={(items) => (
          <InstanceTable
            items={items}
            instancePath={instancePath}
            currentUser={currentUser}
            actions={actions}
          />
        )}
      />
      {list.data && (list.data.items.length > 0 || search.offset > 0) && (
        <Pagination
          offset={search.offset}
          limit={search.limit}
          shown={list.data.items.length}
          total={list.data.total}
          onChange={update}
        />
      )}
      <RenewDialog target={renewing} onClose={() => setRenewing(null)} />
      <StopDialog
        target={stopping}
        onClose={() => setStopping(null)}
        onStopped={() => {
          const name = stopping
            ? (stopping.challenge_name ?? stopping.challenge_id)
            : 'The instance';
          setAnnouncement(`${name} stopped.`);
          focusAfterStop.current = true;
        }}
      />
      <p role="status" className="sr-only">
        {announcement}
      </p>
    </div>
  );
}

function ListBody({
  list,
  search,
  catalogue,
  onClear,
  table,
}: {
  list: UseQueryResult<InstanceList>;
  search: ListSearch;
  catalogue: string;
  onClear: () => void;
  table: (items: InstanceInfo[]) => React.ReactNode;
}) {
  return (
    <QueryState
      query={list}
      loading="Loading instances…"
      rows={4}
      errorTitle="Cannot load your team's instances"
      isEmpty={(data) => data.items.length === 0}
      empty={<ListEmpty search={search} catalogue={catalogue} onClear={onClear} />}
    >
      {(data) => table(data.items)}
    </QueryState>
  );
}

function ListEmpty({
  search,
  catalogue,
  onClear,
}: {
  search: ListSearch;
  catalogue: string;
  onClear: () => void;
}) {
  if (hasFilters(search)) {
    return (
      <Empty title="No instance matches these filters">
        <Button onClick={onClear}>Clear filters</Button>
      </Empty>
    );
  }
  if (search.offset > 0) {
    return <Empty title="This page is empty">Use “Previous page” to go back.</Empty>;
  }
  return (
    <Empty title="Your team has no instances running">
      <p>Start one from a challenge&apos;s page.</p>
      <Link
        to={catalogue}
        className="mt-2 inline-block rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
      >
        Browse challenges
      </Link>
    </Empty>
  );
}

function Empty({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="rounded-md border border-dashed border-slate-300 p-8 text-center dark:border-slate-600">
      <h2 className="text-lg font-semibold">{title}</h2>
      <div className="mt-2 space-y-2 text-sm">{children}</div>
    </div>
  );
}
