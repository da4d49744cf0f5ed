import { useId } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { Team } from '@shared/schemas';
import { rememberCompetition } from '../../lib/competition';
import { paths } from '../../lib/paths';

function teamLabel(team: Team): string {
  return `${team.competition_name ?? team.competition_id} — ${team.name}`;
}

/**
 * The competition (and so the team) the pages are about. The choice lives in
 * the URL (`/c/:competitionId/...`) and is remembered for the next visit.
 */
export function CompetitionSwitcher({
  teams,
  competitionId,
}: {
  teams: Team[];
  competitionId: string | undefined;
}) {
  const id = useId();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = teams.find((t) => t.competition_id === competitionId);

  if (teams.length === 1 && teams[0]) {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300">
        <span className="sr-only">Competition and team: </span>
        {teamLabel(teams[0])}
      </p>
    );
  }
  return (
    <div className="flex items-center gap-1 text-sm">
      <label htmlFor={id}>Competition</label>
      <select
        id={id}
        className="max-w-[16rem] rounded-md border border-slate-400 bg-white px-2 py-1 text-slate-900 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100"
        value={current ? current.competition_id : ''}
        onChange={(e) => {
          const next = e.target.value;
          if (!next) return;
          rememberCompetition(next);
          void navigate(paths.sameSectionIn(pathname, next));
        }}
      >
        {!current && (
          <option value="" disabled>
            Choose a competition…
          </option>
        )}
        {teams.map((t) => (
          <option key={`${t.competition_id}/${t.id}`} value={t.competition_id}>
            {teamLabel(t)}
          </option>
        ))}
      </select>
    </div>
  );
}
