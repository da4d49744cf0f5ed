import { useState } from 'react';
import { useNavigate } from 'react-router';
import { logout } from '../../api/auth';
import { setToken } from '../../lib/session';

/**
 * Signs out: revokes the token on the server, forgets it (other tabs notice
 * through the storage event), and goes to sign-in. The app clears every
 * cached query when the token goes away (see `src/app/App.tsx`).
 */
export function useSignOut() {
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);
  async function signOut() {
    if (pending) return;
    setPending(true);
    try {
      await logout();
    } catch {
      // Offline or already revoked: the token is forgotten here either way.
    }
    setToken(null, 'signed-out');
    setPending(false);
    void navigate('/login', { replace: true });
  }
  return { signOut, pending };
}
