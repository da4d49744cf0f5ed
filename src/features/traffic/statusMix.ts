/**
 * Flows counted by status class: the one rule that puts a status in a
 * class, shared by the site map (per node) and the timeline (per bin).
 */
export interface StatusMix {
  /** 1xx, 2xx, 3xx, 4xx, 5xx responses */
  info: number;
  ok: number;
  redirect: number;
  clientError: number;
  serverError: number;
  /** no response (an error, or still waiting) */
  failed: number;
}

export const emptyStatusMix = (): StatusMix => ({
  info: 0,
  ok: 0,
  redirect: 0,
  clientError: 0,
  serverError: 0,
  failed: 0,
});

/** Counts one flow of `status` (null: no response) in its class. */
export function addStatus(mix: StatusMix, status: number | null): void {
  if (status === null) mix.failed++;
  else if (status < 200) mix.info++;
  else if (status < 300) mix.ok++;
  else if (status < 400) mix.redirect++;
  else if (status < 500) mix.clientError++;
  else mix.serverError++;
}
