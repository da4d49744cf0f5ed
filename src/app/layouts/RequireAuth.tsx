import { useEffect, useSyncExternalStore } from 'react';
import { Outlet, useLocation } from 'react-router';
import { signInPath } from '../../features/auth';
import { loadPage } from '../../lib/pageLoad';
import { paths } from '../../lib/paths';
import { getToken, sessionEndReason, subscribeToken } from '../../lib/session';

/**
 * Signed-in pages only: without a token (never had one, signed out here or in
 * another tab, or a 401 ended the session) go to sign-in, and come back after.
 * The sign-in page is not part of the React app (src/main.ts): going there is
 * a page load.
 */
export function RequireAuth() {
  const token = useSyncExternalStore(subscribeToken, getToken, getToken);
  const location = useLocation();
  if (!token) {
    // Signing out on purpose is not a detour: no way back to this page.
    const to =
      sessionEndReason() === 'signed-out'
        ? paths.login()
        : signInPath(`${location.pathname}${location.search}${location.hash}`);
    return <LoadPage url={to} />;
  }
  return <Outlet />;
}

/**
 * `/login` reached inside the app (a link, typing in a router navigation):
 * load it as a page, so the entry serves the sign-in page.
 */
export function SignInPageLoad() {
  const { pathname, search, hash } = useLocation();
  return <LoadPage url={`${pathname}${search}${hash}`} />;
}

function LoadPage({ url }: { url: string }) {
  useEffect(() => loadPage(url), [url]);
  return (
    <p role="status" className="p-8 text-slate-700 dark:text-slate-300">
      Going to sign-in…
    </p>
  );
}
