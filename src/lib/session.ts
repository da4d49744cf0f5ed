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
let endReason: SessionEndReason | null = null;

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
  endReason = token ? null : (reason ?? endReason);
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
    if ((e.key === KEY || e.key === null) && e.newValue === null) endReason = 'elsewhere';
  });
}
