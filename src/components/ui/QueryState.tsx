import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorState } from './ErrorState';
import { LoadingRows } from './Skeleton';

/** What QueryState reads of a query (a `useQuery` result fits). */
export type QueryLike<T> = Pick<UseQueryResult<T>, 'data' | 'error' | 'refetch'>;

/**
 * A query's states in one place: skeleton rows while nothing has arrived, the
 * error with a retry when it failed with nothing on screen, `empty` when
 * `isEmpty` says so, else `children(data)`. Data already on screen stays when
 * a refetch fails (the query client toasts that once).
 *
 * Without children it renders only the waiting and failed states, for a
 * component that returns early: `if (!q.data) return <QueryState query={q} … />`.
 */
export function QueryState<T>({
  query,
  loading,
  rows = 3,
  errorTitle,
  isEmpty,
  empty = null,
  children,
}: {
  query: QueryLike<T>;
  /** what screen readers hear while it loads, e.g. "Loading the files…" */
  loading: string;
  rows?: number;
  /** the error's heading, e.g. "Cannot list the files" */
  errorTitle: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children?: (data: T) => ReactNode;
}) {
  const { data, error } = query;
  if (data === undefined) {
    if (error) {
      return <ErrorState title={errorTitle} error={error} onRetry={() => void query.refetch()} />;
    }
    return <LoadingRows rows={rows} label={loading} />;
  }
  if (isEmpty?.(data)) return <>{empty}</>;
  return <>{children?.(data)}</>;
}
