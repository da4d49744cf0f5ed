import { useCallback, useState } from 'react';

/** The user's Live choice, kept for the tab (sessionStorage): on unless they turned it off. */
const KEY = 'ctfy.traffic.live';

function readChoice(): boolean | null {
  try {
    const v = sessionStorage.getItem(KEY);
    return v === 'on' ? true : v === 'off' ? false : null;
  } catch {
    return null; // storage blocked: the default holds
  }
}

/**
 * Live is on by default while the instance can have new flows (running,
 * with HTTP to capture); an explicit choice of the user (turning it off, or
 * on again) holds for the rest of the tab's session.
 */
export function useLiveChoice(canBeLive: boolean) {
  const [wanted, setWanted] = useState<boolean>(() => readChoice() ?? true);
  const toggle = useCallback(() => {
    setWanted((now) => {
      const next = !now;
      try {
        sessionStorage.setItem(KEY, next ? 'on' : 'off');
      } catch {
        // storage blocked: the choice holds for this page only
      }
      return next;
    });
  }, []);
  return { live: wanted && canBeLive, toggle };
}
