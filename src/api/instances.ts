import { focusManager, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch, apiRequest, apiSend, isApiError, isNotFound, retryQuery, seg } from './client';
import { competitionParam, instancePath, type ApiScope } from './scope';
import { isSettling, listPollInterval, statusPollInterval } from './polling';
import {
  AttachmentListSchema,
  InstanceInfoSchema,
  InstanceListResponseSchema,
  InstanceStatusResponseSchema,
  RenewResponseSchema,
  StartResponseSchema,
  isTerminalStatus,
  type InstanceList,
} from '@shared/schemas';

export interface InstanceListFilters {
  challengeId?: string;
  status?: string;
  q?: string;
  offset?: number;
  limit?: number;
}

/**
 * The detail's own refresh: every 5 s while the instance runs (a team-mate's
 * solve, renew or stop shows up); none while it settles, because the
 * instance page's status poll covers that and refreshes the detail once the
 * status settles (one poll for one fact); none once it ended or is gone.
 */
export function detailPollInterval(status: string | undefined, error: unknown): number | false {
  if (isNotFound(error)) return false;
  if (status === undefined || isTerminalStatus(status) || isSettling(status)) return false;
  return DETAIL_POLL_INTERVAL_MS;
}
export const DETAIL_POLL_INTERVAL_MS = 5_000;

export const instanceQueries = {
  all: () => ['instances'] as const,
  competition: (competitionId: string) => [...instanceQueries.all(), competitionId] as const,
  lists: (competitionId: string) =>
    [...instanceQueries.competition(competitionId), 'list'] as const,

  list: (scope: ApiScope, filters: InstanceListFilters) =>
    queryOptions({
      queryKey: [...instanceQueries.lists(scope.competitionId), filters, scope] as const,
      queryFn: ({ signal }) =>
        apiRequest('/instances', InstanceListResponseSchema, {
          signal,
          query: {
            competition_id: competitionParam(scope),
            challenge_id: filters.challengeId,
            status: filters.status,
            q: filters.q,
            offset: filters.offset ?? 0,
            limit: filters.limit ?? 50,
          },
        }),
      refetchInterval: (query) => listPollInterval(query.state.data?.items.map((i) => i.status)),
    }),

  detail: (scope: ApiScope, id: string) =>
    queryOptions({
      queryKey: [...instanceQueries.competition(scope.competitionId), 'detail', id, scope] as const,
      queryFn: ({ signal }) => apiRequest(instancePath(scope, id), InstanceInfoSchema, { signal }),
      // A vanished instance (404) is an answer, not a failure to retry; nor is any 4xx.
      retry: (count, error) => isApiError(error) && retryQuery(count, error),
      refetchInterval: (query) => detailPollInterval(query.state.data?.status, query.state.error),
    }),

  /** The light status payload, polled fast-then-2 s while the instance settles. */
  status: (scope: ApiScope, id: string) =>
    queryOptions({
      queryKey: [...instanceQueries.competition(scope.competitionId), 'status', id, scope] as const,
      queryFn: ({ signal }) =>
        apiRequest(instancePath(scope, id, '/status'), InstanceStatusResponseSchema, { signal }),
      retry: (count, error) => !isNotFound(error) && count < 2 && retryQuery(count, error),
      // Never polled in the background: a hidden tab waits for focus.
      refetchIntervalInBackground: false,
      refetchInterval: (query) => {
        const { state } = query;
        const failing = state.status === 'error';
        return statusPollInterval({
          status: state.data?.status,
          pollsDone: state.dataUpdateCount + state.errorUpdateCount,
          failing,
          // Measured at the last failure, not now: the value must stay put between
          // polls, or every re-render would restart the interval timer.
          outageMs: failing && state.dataUpdatedAt ? state.errorUpdatedAt - state.dataUpdatedAt : 0,
          gone: isNotFound(state.error),
          background: !focusManager.isFocused(),
        });
      },
    }),

  attachments: (scope: ApiScope, id: string) =>
    queryOptions({
      queryKey: [
        ...instanceQueries.competition(scope.competitionId),
        'attachments',
        id,
        scope,
      ] as const,
      queryFn: ({ signal }) =>
        apiRequest(instancePath(scope, id, '/attachments'), AttachmentListSchema, { signal }),
      staleTime: 30_000,
    }),
};

// ---------------------------------------------------------------- raw calls

export function startInstance(
  scope: ApiScope,
  body: { challengeId: string; ttl?: number | undefined },
) {
  return apiRequest('/instances', StartResponseSchema, {
    method: 'POST',
    body: {
      challenge_id: body.challengeId,
      competition_id: scope.competitionId,
      ...(body.ttl !== undefined ? { ttl: body.ttl } : {}),
    },
  });
}

/** Idempotent, as in the SDK: 404 means "already gone" and is success. */
export async function stopInstance(scope: ApiScope, id: string): Promise<{ alreadyGone: boolean }> {
  try {
    await apiSend(instancePath(scope, id), { method: 'DELETE' });
    return { alreadyGone: false };
  } catch (e) {
    if (isNotFound(e)) return { alreadyGone: true };
    throw e;
  }
}

export function renewInstance(scope: ApiScope, id: string, ttl?: number) {
  return apiRequest(instancePath(scope, id, '/renew'), RenewResponseSchema, {
    method: 'POST',
    query: { ttl },
  });
}

export function fetchInstanceAttachment(
  scope: ApiScope,
  id: string,
  name: string,
  signal?: AbortSignal,
) {
  return apiFetch(instancePath(scope, id, `/attachments/${seg(name)}`), {
    signal,
    timeoutMs: 0,
    headers: { Accept: '*/*' },
  });
}

export function fetchOpenVpnConfig(scope: ApiScope, id: string, signal?: AbortSignal) {
  return apiFetch(instancePath(scope, id, '/openvpn-config'), {
    signal,
    headers: { Accept: '*/*' },
  });
}

/** The traffic capture as raw text; parsing and validation happen in a worker. */
export async function fetchTrafficText(scope: ApiScope, id: string, signal?: AbortSignal) {
  const res = await apiFetch(instancePath(scope, id, '/traffic'), {
    signal,
    timeoutMs: 120_000,
    query: { competition_id: competitionParam(scope) },
  });
  return res.text();
}

// ---------------------------------------------------------------- mutations

export function useStartInstance(scope: ApiScope) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (vars: { challengeId: string; ttl?: number | undefined }) =>
      startInstance(scope, vars),
    // Not awaited: the launch has succeeded once the POST answers; the lists
    // catch up in the background (awaiting them kept the launch dialog open).
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: instanceQueries.lists(scope.competitionId) });
    },
  });
}

export function useStopInstance(scope: ApiScope) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => stopInstance(scope, id),
    // The row leaves every cached list at once; the refetch below confirms it.
    onSuccess: (_result, id) => {
      qc.setQueriesData<InstanceList>(
        { queryKey: instanceQueries.lists(scope.competitionId) },
        (page) =>
          page && {
            ...page,
            items: page.items.filter((i) => i.id !== id),
            total:
              page.total != null && page.items.some((i) => i.id === id)
                ? page.total - 1
                : page.total,
          },
      );
    },
    onSettled: () =>
      qc.invalidateQueries({ queryKey: instanceQueries.competition(scope.competitionId) }),
  });
}

export function useRenewInstance(scope: ApiScope) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (vars: { id: string; ttl?: number | undefined }) =>
      renewInstance(scope, vars.id, vars.ttl),
    // The new expiry shows at once, everywhere the instance is cached.
    onSuccess: (renewed) => {
      const patch = <T extends { id: string; expires_at?: string | null; ttl?: number | null }>(
        i: T,
      ): T =>
        i.id === renewed.id
          ? {
              ...i,
              expires_at: renewed.expires_at,
              ...(renewed.ttl != null ? { ttl: renewed.ttl } : {}),
            }
          : i;
      qc.setQueryData(instanceQueries.detail(scope, renewed.id).queryKey, (i) => i && patch(i));
      qc.setQueryData(instanceQueries.status(scope, renewed.id).queryKey, (i) => i && patch(i));
      qc.setQueriesData<InstanceList>(
        { queryKey: instanceQueries.lists(scope.competitionId) },
        (page) => page && { ...page, items: page.items.map(patch) },
      );
    },
    onSettled: () =>
      qc.invalidateQueries({ queryKey: instanceQueries.competition(scope.competitionId) }),
  });
}
