import { queryOptions } from '@tanstack/react-query';
import { apiRequest, apiSend } from './client';
import { LoginResponseSchema, MeSchema, type LoginRequest } from '@shared/schemas';

export const authQueries = {
  all: () => ['auth'] as const,
  me: () =>
    queryOptions({
      queryKey: [...authQueries.all(), 'me'] as const,
      queryFn: ({ signal }) => apiRequest('/auth/me', MeSchema, { signal }),
      staleTime: 60_000,
    }),
};

export function login(body: LoginRequest) {
  return apiRequest('/auth/login', LoginResponseSchema, { method: 'POST', body });
}

/** Who `token` belongs to: checks a token before it is kept (the "API token" sign-in). */
export function fetchMeWithToken(token: string, signal?: AbortSignal) {
  return apiRequest('/auth/me', MeSchema, { token, signal });
}

/** Revokes the session's token on the server (quickly: signing out must not hang). */
export function logout() {
  return apiSend('/auth/logout', { method: 'POST', timeoutMs: 5_000 });
}
