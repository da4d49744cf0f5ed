import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { arrivedFromSignIn, forgetSignInArrival } from '../../lib/session';

/** How long a navigation waits for its page's heading to appear (lazy page, data). */
const HEADING_WAIT_MS = 30_000;

function focusIsLost(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || !active.isConnected;
}

/**
 * After a navigation that leaves focus nowhere (the sign-in form or the
 * clicked row went away, so focus fell back to `<body>`), focus the new
 * page's `<h1>` as soon as it is there, so keyboard and screen-reader users
 * start at the top of the page they arrived on. Focus the user (or the
 * page) put somewhere on purpose is left alone; so is the first page load,
 * unless the sign-in page (a page of its own) handed over to it.
 */
export function useFocusHeadingAfterNavigation(containerId = 'main'): void {
  const { key } = useLocation();
  useEffect(() => {
    // the document's first page: the browser's own start, unless it follows sign-in
    if (key === 'default' && !arrivedFromSignIn()) return;
    const tryFocus = (): boolean => {
      const done = () => {
        forgetSignInArrival();
        return true;
      };
      if (!focusIsLost()) return done(); // focus is somewhere on purpose: done
      const heading = document.getElementById(containerId)?.querySelector('h1');
      if (!heading) return false;
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus();
      return done();
    };
    if (tryFocus()) return;
    const observer = new MutationObserver(() => {
      if (tryFocus()) observer.disconnect();
    });
    observer.observe(document.getElementById(containerId) ?? document.body, {
      childList: true,
      subtree: true,
    });
    const giveUp = setTimeout(() => observer.disconnect(), HEADING_WAIT_MS);
    return () => {
      observer.disconnect();
      clearTimeout(giveUp);
    };
  }, [key, containerId]);
}
