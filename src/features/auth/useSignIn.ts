import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { authQueries, fetchMeWithToken, login } from '../../api/auth';
import type { LoginRequest, Me } from '@shared/schemas';
import { setToken } from '../../lib/session';
import { searchKeys } from '../../lib/paths';
import { safeNextPath } from './safeNext';

/** Keeps the token and goes back to the page the user came from. */
function useFinishSignIn() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (token: string, me?: Me) => {
    // A previous user's data must never show: start from an empty cache.
    qc.clear();
    if (me) qc.setQueryData(authQueries.me().queryKey, me);
    setToken(token);
    void navigate(safeNextPath(params.get(searchKeys.next)), { replace: true });
  };
}

/** Username and password sign-in. */
export function usePasswordSignIn() {
  const finish = useFinishSignIn();
  return useMutation({
    mutationFn: (body: LoginRequest) => login(body),
    onSuccess: (res) => finish(res.token),
  });
}

/** "API token" sign-in: the token is checked with `/auth/me` before it is kept. */
export function useTokenSignIn() {
  const finish = useFinishSignIn();
  return useMutation({
    mutationFn: async (token: string) => ({ token, me: await fetchMeWithToken(token) }),
    onSuccess: ({ token, me }) => finish(token, me),
  });
}
