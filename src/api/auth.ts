import { queryOptions } from '@tanstack/react-query';
import { apiRequest, apiSend } from './client';
import { LoginResponseSchema, MeSchema, type LoginRequest } from './schemas';

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

export function logout() {
  return apiSend('/auth/logout', { method: 'POST' });
}
