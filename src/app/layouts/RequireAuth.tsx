import { useSyncExternalStore } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { signInPath } from '../../features/auth';
import { paths } from '../../lib/paths';
import { getToken, sessionEndReason, subscribeToken } from '../../lib/session';

/**
 * Signed-in pages only: without a token (never had one, signed out here or in
 * another tab, or a 401 ended the session) go to sign-in, and come back after.
 */
export function RequireAuth() {
  const token = useSyncExternalStore(subscribeToken, getToken, getToken);
  const location = useLocation();
  if (!token) {
    // Signing out on purpose is not a detour: no way back to this page.
    if (sessionEndReason() === 'signed-out') return <Navigate to={paths.login()} replace />;
    return (
      <Navigate to={signInPath(`${location.pathname}${location.search}${location.hash}`)} replace />
    );
  }
  return <Outlet />;
}
