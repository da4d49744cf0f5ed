import { useEffect, useState, useSyncExternalStore } from 'react';
import { TrafficSession, type TrafficSnapshot } from '../session';

/** One traffic worker for the life of the page (terminated on unmount). */
export function useTrafficSession(): { session: TrafficSession; snapshot: TrafficSnapshot } {
  const [session] = useState(() => new TrafficSession());
  useEffect(() => {
    session.warmUp();
    return () => session.dispose();
  }, [session]);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  return { session, snapshot };
}
