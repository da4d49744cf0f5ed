/**
 * Where the competition switcher goes: the same kind of page in the other
 * competition. Lists stay lists (`/c/A/challenges` → `/c/B/challenges`);
 * a page about one thing of competition A (an instance, a challenge) goes to
 * the list of B, since that thing belongs to A. Anything else → B's instances.
 */
export function switchCompetitionPath(pathname: string, competitionId: string): string {
  const base = `/c/${encodeURIComponent(competitionId)}`;
  const match = /^\/c\/[^/]+\/([^/]+)/.exec(pathname);
  const section = match?.[1];
  if (section === 'challenges') return `${base}/challenges`;
  return `${base}/instances`;
}
