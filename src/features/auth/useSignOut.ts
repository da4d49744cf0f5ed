import { useState } from 'react';
import { logout } from '../../api/auth';
import { setToken } from '../../lib/session';

/**
 * Signs out: revokes the token on the server, forgets it (other tabs notice
 * through the storage event); `RequireAuth` then loads the sign-in page. The
 * app clears every cached query when the token goes away (`src/app/App.tsx`).
 */
export function useSignOut() {
  const [pending, setPending] = useState(false);
  async function signOut() {
    if (pending) return;
    setPending(true);
    try {
      await logout();
    } catch {
      // Offline or already revoked: the token is forgotten here either way.
    }
    setPending(false);
    setToken(null, 'signed-out');
  }
  return { signOut, pending };
}
