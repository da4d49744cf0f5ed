import { Link } from 'react-router';
import { progressTotals, standingLabel, type ChallengeStanding } from '../../lib/teamProgress';

const STATE_STYLE: Record<ChallengeStanding['state'], string> = {
  solved: 'text-emerald-800 dark:text-emerald-300',
  running: 'text-indigo-800 dark:text-indigo-300',
  answered: 'text-amber-900 dark:text-amber-200',
  not_started: 'text-slate-700 dark:text-slate-300',
};

/** Every challenge with this team's state and points, and the total. */
export function TeamProgress({
  standings,
  challengeHref,
  derived,
}: {
  standings: ChallengeStanding[];
  challengeHref: (challengeId: string) => string;
  /** progress was worked out from listed instances (no platform report) */
  derived: boolean;
}) {
  const totals = progressTotals(standings);
  return (
    <section aria-labelledby="progress-title" className="space-y-2">
      <h2 id="progress-title" className="text-lg font-semibold">
        Team progress
      </h2>
      <p className="text-sm" data-testid="progress-total">
        {totals.solved} of {totals.challenges} solved · {totals.earned}/{totals.possible} pts
        {totals.incomplete ? ' (points of challenges not started recently are unknown)' : ''}
      </p>
      {derived && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Worked out from your team&apos;s instances of the last 24 hours: this platform does not
          report progress.
        </p>
      )}
      <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-700 dark:border-slate-700">
        {standings.map((s) => (
          <li
            key={s.challengeId}
            data-state={s.state}
            aria-label={`${s.name}: ${standingLabel(s)}`}
            className="flex flex-wrap items-baseline justify-between gap-x-3 px-3 py-1.5 text-sm"
          >
            <Link
              to={challengeHref(s.challengeId)}
              className="font-medium underline-offset-2 hover:underline"
            >
              {s.name}
            </Link>
            <span className={STATE_STYLE[s.state]}>{standingLabel(s)}</span>
            <span className="font-mono text-xs">
              {s.pointsEarned}/{s.pointsPossible ?? '?'} pts
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
