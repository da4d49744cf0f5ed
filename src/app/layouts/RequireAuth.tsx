import { useSyncExternalStore } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { signInPath } from '../../features/auth';
import { getToken, subscribeToken } from '../../lib/session';

/**
 * Signed-in pages only: without a token (never had one, signed out here or in
 * another tab, or a 401 ended the session) go to sign-in, and come back after.
 */
export function RequireAuth() {
  const token = useSyncExternalStore(subscribeToken, getToken, getToken);
  const location = useLocation();
  if (!token) {
    return (
      <Navigate to={signInPath(`${location.pathname}${location.search}${location.hash}`)} replace />
    );
  }
  return <Outlet />;
}
