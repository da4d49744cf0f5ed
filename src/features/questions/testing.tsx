/** Test helpers for the questions feature (a fake team of one competition). */
import type { ReactNode } from 'react';
import { CompetitionProvider } from '../../lib/competition';

export function InCompetition({ children }: { children: ReactNode }) {
  return (
    <CompetitionProvider
      value={{
        scope: { competitionId: 'ctf-spring', scoped: false },
        team: { id: 'team-red', name: 'Red', competition_id: 'ctf-spring' },
        teams: [{ id: 'team-red', name: 'Red', competition_id: 'ctf-spring' }],
      }}
    >
      {children}
    </CompetitionProvider>
  );
}
