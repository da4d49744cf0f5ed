import { Component, Suspense, type ComponentType, type ReactElement, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'react-router';
import { Button } from '../components/ui/Button';
import { ErrorState } from '../components/ui/ErrorState';
import { lazyWithPreload } from '../lib/lazyWithPreload';
import { reloadPage } from '../lib/pageLoad';

/**
 * A page's module could not be loaded: after a deployment the tab still asks
 * for the old build's file, which is gone; or the connection dropped. A
 * reload fetches the current build (a retry in place would ask for the same
 * file again: React keeps a failed lazy module failed).
 */
export class PageLoadError extends Error {
  constructor(cause: unknown) {
    super('This page could not be loaded.', { cause });
    this.name = 'PageLoadError';
  }
}

/** What shows while a page's module loads (the first page of a visit, or a slow network). */
export function PageLoading() {
  return (
    <p role="status" className="p-8 text-slate-700 dark:text-slate-300">
      Loading the page…
    </p>
  );
}

/** What the error boundary of every page shows: what broke, and a way on. */
export function RouteError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (error instanceof PageLoadError) {
    return (
      <div className="p-4">
        <div
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          <p className="font-semibold">This page could not be loaded</p>
          <p className="mt-1 text-sm">
            The dashboard may have been updated since this tab was opened, or the connection
            dropped. Reload to get the current version.
          </p>
          <Button className="mt-3" size="sm" onClick={reloadPage}>
            Reload
          </Button>
        </div>
      </div>
    );
  }
  return (
    <div className="p-4">
      <ErrorState title="This page could not be shown" error={error} onRetry={onRetry} />
    </div>
  );
}

interface BoundaryProps {
  /** The location the page was rendered for: another one clears the error. */
  locationKey: string;
  onRetry: () => void;
  children: ReactNode;
}

interface BoundaryState {
  error: unknown;
  failed: boolean;
  locationKey: string;
}

class ErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = {
    error: undefined,
    failed: false,
    locationKey: this.props.locationKey,
  };

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    return { error, failed: true };
  }

  // Going somewhere else (a link, Back, the competition switcher) leaves the error behind.
  static getDerivedStateFromProps(
    props: BoundaryProps,
    state: BoundaryState,
  ): Partial<BoundaryState> | null {
    if (props.locationKey === state.locationKey) return null;
    return { error: undefined, failed: false, locationKey: props.locationKey };
  }

  private retry = () => {
    this.props.onRetry();
    this.setState({ error: undefined, failed: false });
  };

  override render() {
    if (this.state.failed) return <RouteError error={this.state.error} onRetry={this.retry} />;
    return this.props.children;
  }
}

/**
 * The error boundary of every page and layout, so a broken page keeps the
 * shell: what broke (as text) and a Retry that really tries again: failed
 * queries are reset (so they refetch) and the page is rendered anew, without
 * reloading the app. A page whose module failed to load offers a reload.
 */
export function RouteBoundary({ children }: { children: ReactNode }) {
  const { key } = useLocation();
  const queryClient = useQueryClient();
  const resetFailedQueries = () =>
    void queryClient.resetQueries({ predicate: (q) => q.state.status === 'error' });
  return (
    <ErrorBoundary locationKey={key} onRetry={resetFailedQueries}>
      {children}
    </ErrorBoundary>
  );
}

/** A route module of `src/app/routes/`: the page is its `Component`. */
export interface PageModule {
  Component: ComponentType;
}

/** The loaders of the elements `lazyPage` made, so a page can be preloaded (`preloadPage`). */
const pageLoaders = new WeakMap<ReactElement, () => Promise<PageModule>>();

/**
 * The element of a lazily loaded page: its module loads on the first visit
 * (with "Loading the page…" meanwhile), inside the page's error boundary. A
 * module already here (e.g. preloaded) renders at once (`lazyWithPreload`).
 */
export function lazyPage(load: () => Promise<PageModule>): ReactElement {
  const page = lazyWithPreload(() =>
    load().catch((cause: unknown) => {
      throw new PageLoadError(cause);
    }),
  );
  function Page() {
    const module = page.useModule();
    return module ? <module.Component /> : <PageLoading />;
  }
  const element = (
    <RouteBoundary>
      {/* for anything in the page that suspends */}
      <Suspense fallback={<PageLoading />}>
        <Page />
      </Suspense>
    </RouteBoundary>
  );
  pageLoaders.set(element, page.preload);
  return element;
}

/**
 * Starts loading the module of a `lazyPage` element now (e.g. while the
 * app still reads its configuration); the page then renders from the same
 * load. Other elements are left alone. A failure here is left to the page,
 * which loads again and shows it.
 */
export function preloadPage(element: ReactNode): void {
  const load = pageLoader(element);
  if (load) load().catch(() => undefined);
}

function pageLoader(element: ReactNode): (() => Promise<PageModule>) | undefined {
  return element && typeof element === 'object'
    ? pageLoaders.get(element as ReactElement)
    : undefined;
}
