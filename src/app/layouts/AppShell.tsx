import { useQuery } from '@tanstack/react-query';
import { Outlet, useSearchParams } from 'react-router';
import { authQueries } from '../../api/auth';
import { LoadingRows } from '../../components/ui/Skeleton';
import { Toaster } from '../../components/ui/toast';
import { AppHeader } from './AppHeader';
import { useFocusHeadingAfterNavigation } from './useFocusHeadingAfterNavigation';
import { useRouteTitle } from './useRouteTitle';

/**
 * Skip link, header and the page. The header shows the user's competition
 * and name, and on a narrow screen it grows when they arrive, which moved the
 * whole page down (Lighthouse: layout shift 0.23 on mobile). So the shell is
 * mounted at once (its queries start together, as before) but kept hidden
 * until the user's teams are in: it appears in one piece, nothing moves.
 * A wall view (`?view=wall`) is the page alone.
 */
export function AppShell() {
  useRouteTitle();
  useFocusHeadingAfterNavigation();
  const me = useQuery(authQueries.me());
  // The overview's wall view (a team-room screen): the page alone, no chrome.
  const wall = useSearchParams()[0].get('view') === 'wall';
  if (wall)
    return (
      <main id="main" tabIndex={-1} className="min-h-screen w-full px-6 py-6">
        <Outlet />
        <Toaster />
      </main>
    );
  return (
    <>
      {me.isPending && (
        <div className="mx-auto w-full max-w-7xl px-4 py-4">
          <LoadingRows label="Loading your teams…" />
        </div>
      )}
      <div hidden={me.isPending} className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only rounded-md bg-white px-3 py-2 text-indigo-800 focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 dark:bg-slate-900 dark:text-indigo-200"
        >
          Skip to content
        </a>
        <AppHeader />
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-7xl flex-1 px-4 py-4">
          <Outlet />
        </main>
      </div>
      <Toaster />
    </>
  );
}
