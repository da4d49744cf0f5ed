import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { challengeQueries } from '../../../api';
import { Button } from '../../../components/ui/Button';
import { QueryState } from '../../../components/ui/QueryState';
import { useScope } from '../../../lib/competition';
import { teamStandings } from '../../../lib/teamProgress';
import { CatalogueFilters } from './CatalogueFilters';
import { ChallengeCard } from './ChallengeCard';
import {
  catalogueSearchParams,
  categoriesOf,
  filterChallenges,
  parseCatalogueSearch,
  type CatalogueSearch,
} from './searchParams';
import { useRunningByChallenge } from './useRunningByChallenge';

/** The competition's challenges, searchable, with the team's running instances. */
export function ChallengeCatalogue() {
  const scope = useScope();
  const challenges = useQuery(challengeQueries.list(scope.competitionId));
  const running = useRunningByChallenge();
  const [params, setParams] = useSearchParams();
  const search = parseCatalogueSearch(params);
  const update = (patch: Partial<CatalogueSearch>) =>
    setParams(catalogueSearchParams(search, patch), { replace: true });

  const all = challenges.data;
  if (all === undefined) {
    return (
      <QueryState
        query={challenges}
        loading="Loading challenges…"
        rows={4}
        errorTitle="Could not load the challenges"
      />
    );
  }
  // the same state as the overview's team progress (reported, or derived from live instances)
  const standings = new Map(
    teamStandings(all, [...running.values()]).map((s) => [s.challengeId, s]),
  );
  const shown = filterChallenges(all, search);
  const filtered = search.q !== '' || search.category !== '';
  return (
    <div className="space-y-4">
      <CatalogueFilters search={search} categories={categoriesOf(all)} onChange={update} />
      <p role="status" className="text-sm text-slate-600 dark:text-slate-300">
        {filtered ? `${shown.length} of ${all.length} challenges` : `${all.length} challenges`}
      </p>
      {all.length === 0 ? (
        <p>This competition has no challenges yet.</p>
      ) : shown.length === 0 ? (
        <div className="space-y-2">
          <p>No challenge matches these filters.</p>
          <Button size="sm" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
            Clear filters
          </Button>
        </div>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" aria-label="Challenges">
          {shown.map((c) => (
            <ChallengeCard
              key={c.id}
              challenge={c}
              running={running.get(c.id)}
              standing={standings.get(c.id)}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
