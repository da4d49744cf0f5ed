import { seg } from './client';

/**
 * Which competition a call is about. `scoped` is true when the user is on
 * more than one team: instance calls then use the SDK's `*_scoped` twins
 * (`/competitions/{cid}/instances/{id}/...`) so they are unambiguous.
 */
export interface ApiScope {
  competitionId: string;
  scoped: boolean;
}

export function instancePath(scope: ApiScope, instanceId: string, suffix = ''): string {
  const base = scope.scoped ? `/competitions/${seg(scope.competitionId)}` : '';
  return `${base}/instances/${seg(instanceId)}${suffix}`;
}

/** `competition_id` to send with list/start/traffic calls ('' when not needed). */
export function competitionParam(scope: ApiScope): string | undefined {
  return scope.competitionId || undefined;
}
