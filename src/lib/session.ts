/**
 * The bearer token, kept in localStorage so every tab shares one session.
 * Never put it in a URL.
 */
const KEY = 'ctfy.token';
const listeners = new Set<() => void>();

/**
 * Why the last session ended, so the sign-in page can say so:
 * - `expired`: the server answered 401 (token revoked or expired);
 * - `signed-out`: the user signed out in this tab;
 * - `elsewhere`: another tab signed out (or its session ended).
 */
export type SessionEndReason = 'expired' | 'signed-out' | 'elsewhere';

/**
 * The reason is kept in this tab's sessionStorage: the sign-in page is a
 * page load of its own (src/features/auth/signInPage.ts), so it reads what
 * the app wrote before it sent the user there.
 */
const END_KEY = 'ctfy.sessionEnd';

function readEndReason(): SessionEndReason | null {
  try {
    const v = sessionStorage.getItem(END_KEY);
    return v === 'expired' || v === 'signed-out' || v === 'elsewhere' ? v : null;
  } catch {
    return null;
  }
}

function rememberEndReason(reason: SessionEndReason | null): void {
  endReason = reason;
  try {
    if (reason) sessionStorage.setItem(END_KEY, reason);
    else sessionStorage.removeItem(END_KEY);
  } catch {
    // storage unavailable: the reason lives as long as this page
  }
}

let endReason: SessionEndReason | null = typeof window === 'undefined' ? null : readEndReason();

export function getToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return memoryToken;
  }
}

// Fallback when storage is unavailable (private mode): the session lasts for this tab only.
let memoryToken: string | null = null;

export function setToken(token: string | null, reason?: SessionEndReason): void {
  memoryToken = token;
  rememberEndReason(token ? null : (reason ?? endReason));
  try {
    if (token) localStorage.setItem(KEY, token);
    else localStorage.removeItem(KEY);
  } catch {
    // storage unavailable: memoryToken keeps the session for this tab
  }
  listeners.forEach((l) => l());
}

/** Why the session ended (null while signed in, or when nobody knows). */
export function sessionEndReason(): SessionEndReason | null {
  return endReason;
}

export function subscribeToken(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY || e.key === null) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

// Another tab signed out: remember why, for this tab's sign-in page.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if ((e.key === KEY || e.key === null) && e.newValue === null) rememberEndReason('elsewhere');
  });
}

/**
 * The sign-in page marks the page load it hands over to, so that page
 * starts with focus on its heading (as after any in-app navigation) rather
 * than at the top of the document.
 */
const ARRIVAL_KEY = 'ctfy.signedInJustNow';

export function markSignInArrival(): void {
  try {
    sessionStorage.setItem(ARRIVAL_KEY, '1');
  } catch {
    // the next page then starts where a browser starts
  }
}

/** True from sign-in until `forgetSignInArrival` (the app's first page has taken focus). */
export function arrivedFromSignIn(): boolean {
  try {
    return sessionStorage.getItem(ARRIVAL_KEY) === '1';
  } catch {
    return false;
  }
}

export function forgetSignInArrival(): void {
  try {
    sessionStorage.removeItem(ARRIVAL_KEY);
  } catch {
    // nothing was kept
  }
}
