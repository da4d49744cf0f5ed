import { Link } from 'react-router';
import type { Challenge, InstanceInfo } from '../../../api';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { useScope } from '../../../lib/competition';
import { paths } from '../../../lib/paths';
import { standingLabel, type ChallengeStanding } from '../../../lib/teamProgress';
import { LaunchButton } from '../launch-form/LaunchButton';

export function TopologyLabel({ topology }: { topology: string }) {
  if (topology === 'engagement') {
    return (
      <span className="rounded border border-violet-400 px-1.5 text-xs font-medium text-violet-900 dark:text-violet-100">
        Engagement mode (VPN)
      </span>
    );
  }
  // "simple", or a topology this dashboard does not know, named as the platform names it
  return (
    <span className="text-xs text-slate-600 dark:text-slate-300">
      {topology === 'simple' ? 'Simple network' : `“${topology}” network`}
    </span>
  );
}

/** One challenge in the catalogue: facts, and its running instance or Launch. */
export function ChallengeCard({
  challenge,
  running,
  standing,
}: {
  challenge: Challenge;
  running: InstanceInfo | undefined;
  /** the team's progress on it (as on the overview) */
  standing?: ChallengeStanding | undefined;
}) {
  const { competitionId } = useScope();
  const href = paths.challenge(competitionId, challenge.id);
  const questions = challenge.questions_count;
  return (
    <li className="flex flex-col gap-2 rounded-lg border border-slate-200 p-4 dark:border-slate-700">
      <h2 className="text-base font-semibold">
        <Link to={href} className="underline-offset-2 hover:underline">
          {challenge.name}
        </Link>
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
        <dt className="text-slate-600 dark:text-slate-300">Id</dt>
        <dd className="font-mono">{challenge.id}</dd>
        <dt className="text-slate-600 dark:text-slate-300">Category</dt>
        <dd>{challenge.category ?? '—'}</dd>
        <dt className="text-slate-600 dark:text-slate-300">Difficulty</dt>
        <dd>{challenge.difficulty ?? '—'}</dd>
        <dt className="text-slate-600 dark:text-slate-300">Topology</dt>
        <dd>
          <TopologyLabel topology={challenge.network_topology} />
        </dd>
        <dt className="text-slate-600 dark:text-slate-300">Questions</dt>
        <dd>{questions ?? '—'}</dd>
        {standing && (
          <>
            <dt className="text-slate-600 dark:text-slate-300">Progress</dt>
            <dd data-testid="challenge-progress" data-state={standing.state}>
              {standingLabel(standing)} · {standing.pointsEarned}/{standing.pointsPossible ?? '?'}{' '}
              pts
            </dd>
          </>
        )}
      </dl>
      <div className="mt-auto flex flex-wrap items-center gap-2 pt-1">
        {running ? (
          <>
            <StatusBadge status={running.status} />
            <Link
              to={paths.instance(competitionId, running.id).overview}
              className="text-sm font-medium text-indigo-700 underline dark:text-indigo-300"
            >
              Your team&apos;s instance<span className="sr-only"> of {challenge.name}</span>
            </Link>
          </>
        ) : null}
        <LaunchButton
          challengeId={challenge.id}
          challengeName={challenge.name}
          size="sm"
          hideTrigger={running !== undefined}
        />
      </div>
    </li>
  );
}
