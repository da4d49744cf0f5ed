import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  instanceQueries,
  isApiError,
  isNotFound,
  isSettling,
  SDK_READY_TIMEOUT_MS,
} from '../../../api';
import { useScope } from '../../../lib/competition';
import { parseTimestamp } from '../../../lib/format';
import { phaseLogOf, recordPhase, savePhaseLog } from './phaseLog';

export type ReadinessView =
  | 'loading'
  | 'settling'
  | 'slow'
  | 'reconnecting'
  | 'ready'
  | 'failed'
  | 'ended'
  | 'gone'
  | 'error';

/** Which view an instance's start-up is in, from what the polls said. */
export function readinessView(input: {
  status: string | undefined;
  error: unknown;
  elapsedMs: number | undefined;
}): ReadinessView {
  const { status, error, elapsedMs } = input;
  if (isNotFound(error)) return 'gone';
  if (error && status === undefined) {
    return isApiError(error) && !error.isTransient ? 'error' : 'reconnecting';
  }
  if (error && (status === undefined || isSettling(status))) return 'reconnecting';
  if (status === undefined) return 'loading';
  if (status === 'running') return 'ready';
  if (status === 'failed') return 'failed';
  if (status === 'stopping') return 'ended';
  if (!isSettling(status)) return 'ended';
  return elapsedMs !== undefined && elapsedMs > SDK_READY_TIMEOUT_MS ? 'slow' : 'settling';
}

/**
 * The live readiness of one instance: the polled status, the instance's
 * facts (created_at, challenge), and the phases this tab has seen.
 */
export function useReadiness(
  instanceId: string,
  now: number,
  opts: { pollInBackground?: boolean } = {},
) {
  const scope = useScope();
  // A hidden tab does not poll, unless the player asked to be notified: then
  // it polls gently (see statusPollInterval) so the notification can come.
  const status = useQuery({
    ...instanceQueries.status(scope, instanceId),
    refetchIntervalInBackground: opts.pollInBackground ?? false,
  });
  // The detail is polled by the Overview already; here it only supplies
  // created_at and the challenge, so this observer adds no polling.
  const detail = useQuery({ ...instanceQueries.detail(scope, instanceId), refetchInterval: false });
  const data = status.data;
  const seenAt = status.dataUpdatedAt;
  // A new answer extends the timeline (state adjusted while rendering, as
  // React recommends for state derived from changing input); another
  // instance id starts from what this tab saw of that one.
  const [tracked, setTracked] = useState(() => ({
    instanceId,
    log: phaseLogOf(instanceId),
    recordedAt: 0,
  }));
  let current = tracked;
  if (current.instanceId !== instanceId) {
    current = { instanceId, log: phaseLogOf(instanceId), recordedAt: 0 };
  }
  if (data && seenAt !== current.recordedAt) {
    current = {
      ...current,
      log: recordPhase(current.log, data, seenAt || now),
      recordedAt: seenAt,
    };
  }
  if (current !== tracked) setTracked(current);
  const log = current.log;
  useEffect(() => savePhaseLog(instanceId, log), [instanceId, log]);

  // Once the poll says it settled, the rest of the page (which reads the
  // detail) follows at once rather than at its next 2 s poll; a hidden tab
  // keeps this view (and its "✓ Ready" title) until the player comes back.
  const queryClient = useQueryClient();
  const settledStatus = data && !isSettling(data.status) ? data.status : undefined;
  useEffect(() => {
    if (!settledStatus || document.hidden) return;
    void queryClient.invalidateQueries({
      queryKey: instanceQueries.detail(scope, instanceId).queryKey,
    });
  }, [settledStatus, queryClient, scope, instanceId]);

  const createdAt = parseTimestamp(detail.data?.created_at)?.getTime() ?? log[0]?.since;
  const readyAt = parseTimestamp(data?.ready_at ?? detail.data?.ready_at)?.getTime();
  const settled = data !== undefined && !isSettling(data.status);
  const endedAt = settled ? (readyAt ?? log.at(-1)?.since) : undefined;
  const elapsedMs = createdAt !== undefined ? (endedAt ?? now) - createdAt : undefined;
  const view = readinessView({
    status: data?.status,
    error: status.isError ? status.error : null,
    elapsedMs,
  });

  return {
    view,
    status: data,
    error: status.error,
    instance: detail.data,
    challengeId: detail.data?.challenge_id,
    log,
    createdAt,
    endedAt,
    elapsedMs: elapsedMs === undefined ? undefined : Math.max(0, elapsedMs),
    retry: () => void status.refetch(),
  };
}
