import { ChallengeCatalogue } from '../../features/launch';

/** /c/:competitionId/challenges — the catalogue (search and category in the URL). */
export function Component() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Challenges</h1>
      <ChallengeCatalogue />
    </div>
  );
}
