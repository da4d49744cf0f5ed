import { useSyncExternalStore } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { getToken, subscribeToken } from '../../lib/session';

/** Signed-in pages only: without a token, go to sign-in and come back after. */
export function RequireAuth() {
  const token = useSyncExternalStore(subscribeToken, getToken, getToken);
  const location = useLocation();
  if (!token) {
    const next = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}
