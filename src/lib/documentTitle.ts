import { useEffect } from 'react';
import { joinTitle } from './titleFormat';

/**
 * Document titles, most specific first: "Questions · Instance 3f2a · ctfy".
 * The app shell sets a title per route (from the route table); a page may
 * refine it with `useDocumentTitle`, which wins while the page is mounted.
 */
let appName = 'ctfy';
let routeTitle: string[] = [];
const pageTitles: string[][] = [];

export function formatTitle(parts: readonly (string | null | undefined)[], app = appName): string {
  return joinTitle(parts, app);
}

function apply() {
  if (typeof document === 'undefined') return;
  // The latest page claim that says something; an empty one (data still loading) does not count.
  const page = pageTitles.findLast((parts) => parts.length > 0);
  document.title = formatTitle(page ?? routeTitle);
}

export function setAppName(name: string): void {
  appName = name;
  apply();
}

/** Used by the app shell: the title the route table gives the current page. */
export function setRouteTitle(parts: readonly (string | null | undefined)[]): void {
  routeTitle = parts.filter((p): p is string => Boolean(p));
  apply();
}

/** A page's own title, e.g. `useDocumentTitle('Questions', challengeName)`. */
export function useDocumentTitle(...parts: (string | null | undefined)[]): void {
  const key = JSON.stringify(parts);
  useEffect(() => {
    const entry = (JSON.parse(key) as (string | null)[]).filter((p): p is string => Boolean(p));
    pageTitles.push(entry);
    apply();
    return () => {
      const i = pageTitles.lastIndexOf(entry);
      if (i >= 0) pageTitles.splice(i, 1);
      apply();
    };
  }, [key]);
}
