import { createContext, useContext, useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  instanceQueries,
  isApiError,
  isNotFound,
  isSettling,
  type InstanceInfo,
  type InstanceStatusResponse,
} from '../../../api';
import { useScope } from '../../../lib/competition';
import { useNotificationPermission, type NotifyPermission } from './NotifyOptIn';
import { phaseLogOf, recordPhase, savePhaseLog, type PhaseEntry } from './phaseLog';

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
  slow?: boolean;
}): ReadinessView {
  const { status, error } = input;
  if (isNotFound(error)) return 'gone';
  if (error && status === undefined) {
    return isApiError(error) && !error.isTransient ? 'error' : 'reconnecting';
  }
  if (error && isSettling(status)) return 'reconnecting';
  if (status === undefined) return 'loading';
  if (status === 'running') return 'ready';
  if (status === 'failed') return 'failed';
  if (!isSettling(status) || status === 'stopping') return 'ended';
  return input.slow ? 'slow' : 'settling';
}

/** The newer of the two answers about one instance (the status poll, the detail). */
export function newerStatus(
  status: { data: InstanceStatusResponse | undefined; dataUpdatedAt: number },
  detail: { data: InstanceInfo | undefined; dataUpdatedAt: number },
): string | undefined {
  if (status.data && (!detail.data || status.dataUpdatedAt >= detail.dataUpdatedAt)) {
    return status.data.status;
  }
  return detail.data?.status ?? status.data?.status;
}

export interface InstanceReadiness {
  /** The status the page goes by: the newer of the status poll and the detail. */
  status: string | undefined;
  /** The last status answer (phase, message, the extension's phases). */
  statusAnswer: InstanceStatusResponse | undefined;
  error: unknown;
  view: ReadinessView;
  /** What this tab saw, for a platform that keeps no phase record. */
  log: readonly PhaseEntry[];
  retry: () => void;
  /** The browser notification permission; once granted, a hidden tab keeps polling gently. */
  notify: { permission: NotifyPermission; ask: () => void };
}

/**
 * The one status poll of an instance page, run by the instance frame: fast
 * while the instance settles, none once it is running or ended. When it
 * settles, the detail (which does not poll meanwhile) is refreshed once; when
 * the detail (polled while running) sees a new settling state such as
 * "stopping", the status poll resumes.
 */
export function useInstanceReadiness(instanceId: string): InstanceReadiness {
  const scope = useScope();
  const queryClient = useQueryClient();
  const notify = useNotificationPermission();
  // A hidden tab does not poll, unless the player asked to be notified: then
  // it polls gently (see statusPollInterval) so the notification can come.
  // The frame's own detail observer (it does not poll while the instance settles).
  const detail = useQuery(instanceQueries.detail(scope, instanceId));
  const statusKey = instanceQueries.status(scope, instanceId).queryKey;
  const status = useQuery({
    ...instanceQueries.status(scope, instanceId),
    refetchIntervalInBackground: notify.permission === 'granted',
    // Not asked for an instance the detail already shows running or ended
    // (nothing to watch); asked at once while the detail loads or it settles.
    enabled:
      detail.data === undefined ||
      isSettling(detail.data.status) ||
      queryClient.getQueryData(statusKey) !== undefined,
  });

  // A new answer extends this tab's timeline (state adjusted while rendering).
  const [tracked, setTracked] = useState(() => ({ log: phaseLogOf(instanceId), recordedAt: 0 }));
  let current = tracked;
  if (status.data && status.dataUpdatedAt !== current.recordedAt) {
    current = {
      log: recordPhase(current.log, status.data, status.dataUpdatedAt),
      recordedAt: status.dataUpdatedAt,
    };
    setTracked(current);
  }
  const log = current.log;
  useEffect(() => savePhaseLog(instanceId, log), [instanceId, log]);

  const polled = status.data?.status;
  const known = detail.data?.status;
  const statusIsNewer = status.dataUpdatedAt >= detail.dataUpdatedAt;
  useEffect(() => {
    // The poll says it settled: the detail follows at once (one refresh).
    if (polled && !isSettling(polled) && polled !== known && statusIsNewer) {
      void queryClient.invalidateQueries({
        queryKey: instanceQueries.detail(scope, instanceId).queryKey,
        exact: true,
      });
    }
  }, [polled, known, statusIsNewer, queryClient, scope, instanceId]);
  useEffect(() => {
    // The detail saw it start settling again (a team-mate pressed Stop): poll.
    if (known && isSettling(known) && known !== polled && !statusIsNewer) {
      void queryClient.invalidateQueries({
        queryKey: instanceQueries.status(scope, instanceId).queryKey,
        exact: true,
      });
    }
  }, [polled, known, statusIsNewer, queryClient, scope, instanceId]);

  const now = newerStatus(status, detail);
  return {
    status: now,
    statusAnswer: status.data,
    error: status.isError ? status.error : null,
    view: readinessView({ status: now, error: status.isError ? status.error : null }),
    log,
    retry: () => void status.refetch(),
    notify,
  };
}

export const ReadinessContext = createContext<InstanceReadiness | null>(null);

/** The readiness the instance frame polls, for the views inside it. */
export function useReadinessOfFrame(): InstanceReadiness {
  const value = useContext(ReadinessContext);
  if (!value) throw new Error('useReadinessOfFrame outside an instance frame');
  return value;
}
