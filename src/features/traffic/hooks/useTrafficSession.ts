import { useEffect, useState, useSyncExternalStore } from 'react';
import { useSearchParams } from 'react-router';
import { TrafficSession, type TrafficSnapshot } from '../session';
import { readViewState, useViewStateInUrl } from './useViewStateInUrl';

/**
 * One traffic worker for the life of the page (terminated on unmount). The
 * session starts from the view state in the URL and the URL follows it.
 */
export function useTrafficSession(): { session: TrafficSession; snapshot: TrafficSnapshot } {
  const [params] = useSearchParams();
  const [session] = useState(() => new TrafficSession(readViewState(params)));
  useViewStateInUrl(session);
  useEffect(() => {
    session.warmUp();
    return () => session.dispose();
  }, [session]);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  return { session, snapshot };
}
