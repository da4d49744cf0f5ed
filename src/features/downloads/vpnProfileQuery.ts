import { queryOptions } from '@tanstack/react-query';
import { ApiError, isNotFound } from '../../api/client';
import { fetchOpenVpnConfig, instanceQueries } from '../../api/instances';
import type { ApiScope } from '../../api/scope';
import { checkOpenVpnProfile, vpnNotFoundCause } from './openvpn';
import { readBody } from './transfer';

/** The profile is still being made (PKI): worth retrying. */
export function isProfileNotReady(e: unknown): boolean {
  return isNotFound(e) && vpnNotFoundCause((e as ApiError).detail) === 'not-ready';
}

export const VPN_READY_RETRIES = 5;

/**
 * The instance's OpenVPN profile, fetched (bearer token in the header) and
 * checked as soon as the instance runs, so the button enables only once
 * there is a real profile to save. While the keys are being made (404), it
 * is retried a few times with back-off: 1 s, 2 s, 4 s, 8 s, 8 s.
 */
export function vpnProfileQuery(scope: ApiScope, instanceId: string) {
  return queryOptions({
    queryKey: [
      ...instanceQueries.competition(scope.competitionId),
      'openvpn-config',
      instanceId,
      scope,
    ] as const,
    queryFn: async ({ signal }) => {
      const res = await fetchOpenVpnConfig(scope, instanceId, signal);
      const text = await (await readBody(res, undefined, signal)).text();
      const check = checkOpenVpnProfile(text);
      if (!check.ok) throw new ApiError('validation', check.problem, { status: res.status });
      return text;
    },
    retry: (count, error) => isProfileNotReady(error) && count < VPN_READY_RETRIES,
    retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 8000),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}
