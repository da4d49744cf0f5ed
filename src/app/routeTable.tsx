import { createContext, useContext, useMemo } from 'react';
import { matchRoutes, useLocation, useRoutes, type RouteObject } from 'react-router';

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
