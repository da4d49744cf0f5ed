/**
 * The engagement VPN of an instance, one source for every page: its profile
 * (fetched and checked as soon as the instance runs) and the state that
 * Overview and Downloads both show ("the keys are still being made" on both,
 * never "available" on one while the other waits).
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError, isNotFound } from './client';
import { fetchOpenVpnConfig, instanceQueries } from './instances';
import type { InstanceInfo } from '@shared/schemas';
import type { ApiScope } from './scope';

export type ProfileCheck = { ok: true } | { ok: false; problem: string };

/** Is this text an OpenVPN client profile? If not, what came back instead. */
export function checkOpenVpnProfile(text: string): ProfileCheck {
  const body = text.replace(/^\ufeff/, '').trim();
  if (body === '')
    return { ok: false, problem: 'The server sent an empty file, not a VPN profile.' };
  if (/^<(!doctype|html|head|body)[\s>]/i.test(body) || /<html[\s>]/i.test(body.slice(0, 2048))) {
    return {
      ok: false,
      problem: 'The server sent a web page (HTML), not a VPN profile. Nothing was saved.',
    };
  }
  if (body.startsWith('{') || body.startsWith('[')) {
    try {
      const json: unknown = JSON.parse(body);
      const detail =
        json && typeof json === 'object' && 'detail' in json && typeof json.detail === 'string'
          ? `: “${json.detail.slice(0, 200)}”`
          : '';
      return {
        ok: false,
        problem: `The server sent JSON${detail}, not a VPN profile. Nothing was saved.`,
      };
    } catch {
      // not JSON: judged below
    }
  }
  const hasClient = /^\s*client\s*$/m.test(body);
  const hasRemote = /^\s*remote\s+\S+/m.test(body);
  if ((hasClient && hasRemote) || /<ca>/.test(body)) return { ok: true };
  return {
    ok: false,
    problem:
      'What the server sent does not look like an OpenVPN profile (no client, remote or <ca> directives). Nothing was saved.',
  };
}

export type VpnNotFoundCause = 'not-engagement' | 'not-running' | 'not-ready';

/**
 * The SDK's three 404s of `openvpn_config`, told apart by the server's
 * detail; when it says nothing we know, the profile is not ready yet (the
 * caller only asks for running engagement instances).
 */
export function vpnNotFoundCause(detail: string | undefined): VpnNotFoundCause {
  const d = (detail ?? '').toLowerCase();
  if (/not an engagement|simple[- ]mode|no vpn profile/.test(d)) return 'not-engagement';
  if (/not running|not yet running|not started/.test(d)) return 'not-running';
  return 'not-ready';
}

/** The profile is still being made (PKI): worth retrying. */
export function isProfileNotReady(e: unknown): boolean {
  return isNotFound(e) && vpnNotFoundCause((e as ApiError).detail) === 'not-ready';
}

export const VPN_READY_RETRIES = 5;

/**
 * The instance's OpenVPN profile, fetched (bearer token in the header) and
 * checked, so a button enables only once there is a real profile to save.
 * While the keys are being made (404), it is retried with back-off: 1 s, 2 s,
 * 4 s, 8 s, 8 s.
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
      const text = await res.text();
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

export function isEngagement(i: Pick<InstanceInfo, 'network_topology' | 'network'>): boolean {
  return i.network_topology === 'engagement' || i.network?.topology === 'engagement';
}

export type VpnState =
  | { kind: 'none' }
  | { kind: 'not-running'; status: string }
  | { kind: 'preparing'; attempt: number; fetching: boolean }
  | { kind: 'ready'; profile: string }
  | { kind: 'error'; error: unknown };

/** The VPN state from the instance and its profile query (pure, for both tabs). */
export function vpnStateOf(
  instance: Pick<InstanceInfo, 'status' | 'network_topology' | 'network'>,
  profile: { data: string | undefined; error: unknown; isFetching: boolean; failureCount: number },
): VpnState {
  if (!isEngagement(instance)) return { kind: 'none' };
  if (instance.status !== 'running') return { kind: 'not-running', status: instance.status };
  if (profile.data !== undefined) return { kind: 'ready', profile: profile.data };
  if (profile.isFetching)
    return { kind: 'preparing', attempt: profile.failureCount + 1, fetching: true };
  if (profile.error == null || isProfileNotReady(profile.error)) {
    return { kind: 'preparing', attempt: profile.failureCount + 1, fetching: false };
  }
  return { kind: 'error', error: profile.error };
}

/** The VPN state of an instance; fetches the profile while it runs (shared by every tab). */
export function useVpnState(
  scope: ApiScope,
  instance: Pick<InstanceInfo, 'id' | 'status' | 'network_topology' | 'network'>,
) {
  const enabled = isEngagement(instance) && instance.status === 'running';
  const profile = useQuery({ ...vpnProfileQuery(scope, instance.id), enabled });
  return { state: vpnStateOf(instance, profile), refetch: () => void profile.refetch() };
}
