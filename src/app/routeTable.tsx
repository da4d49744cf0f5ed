import { createContext, useContext, useMemo } from 'react';
import { matchRoutes, useLocation, useRoutes, type RouteObject } from 'react-router';
import { preloadPage } from './RouteError';

const RouteTableContext = createContext<RouteObject[]>([]);

/**
 * Renders the route table for the current location (React Router's
 * declarative mode: no data router in the bundle) and lets the layouts read
 * which routes matched (`useRouteMatches`), e.g. for the document title.
 */
export function RouteTable({ routes }: { routes: RouteObject[] }) {
  const element = useRoutes(routes);
  return <RouteTableContext value={routes}>{element}</RouteTableContext>;
}

/** The routes of the table that match the current location, outermost first. */
export function useRouteMatches() {
  const routes = useContext(RouteTableContext);
  const location = useLocation();
  return useMemo(() => matchRoutes(routes, location) ?? [], [routes, location]);
}

/**
 * Starts loading the lazy pages (and lazy layouts) that `pathname` will
 * render, so their modules arrive while the app reads its configuration and
 * the session instead of after: one round trip fewer on a first visit.
 */
export function preloadRoutePages(routes: RouteObject[], pathname: string): void {
  for (const match of matchRoutes(routes, pathname) ?? []) preloadPage(match.route.element);
}
