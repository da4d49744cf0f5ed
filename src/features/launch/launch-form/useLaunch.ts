import { useCallback, useRef } from 'react';
import { useNavigate } from 'react-router';
import { useStartInstance } from '../../../api';
import { useScope } from '../../../lib/competition';
import { paths } from '../../../lib/paths';

/**
 * Starts an instance and goes straight to its page. Re-entry is refused while
 * a start is in flight, so a double click (or Enter pressed twice) makes one
 * POST, never two.
 */
export function useLaunch() {
  const scope = useScope();
  const navigate = useNavigate();
  const start = useStartInstance(scope);
  const inFlight = useRef(false);
  const { mutateAsync } = start;

  const launch = useCallback(
    async (challengeId: string, ttl?: number, onStarted?: () => void) => {
      if (inFlight.current) return;
      inFlight.current = true;
      try {
        const started = await mutateAsync({ challengeId, ttl });
        // Started: the form's job is done (its dialog closes now, not once
        // the instance page has loaded).
        onStarted?.();
        await navigate(paths.instance(scope.competitionId, started.id).overview);
      } catch {
        // The error is shown from `start.error`; nothing else to do here.
      } finally {
        inFlight.current = false;
      }
    },
    [mutateAsync, navigate, scope.competitionId],
  );

  return { launch, pending: start.isPending, error: start.error, reset: start.reset };
}
