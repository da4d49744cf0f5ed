import { Outlet } from 'react-router';
import { Toaster } from '../../components/ui/toast';
import { AppHeader } from './AppHeader';
import { useRouteTitle } from './useRouteTitle';

/** Skip link, header and the page. */
export function AppShell() {
  useRouteTitle();
  return (
    <div className="flex min-h-screen flex-col">
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
      <Toaster />
    </div>
  );
}
