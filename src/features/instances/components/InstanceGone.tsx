import { Link } from 'react-router';
import { useCompetition } from '../../../lib/competition';
import { paths } from '../../../lib/paths';

/**
 * The platform answers 404 for this instance. Not an error page: say why in
 * the user's terms and offer a way on. `not-ours`: this page never saw it, so
 * the id is not one of this team's instances in this competition (another
 * team's, another competition's, a mistyped one, or one that ended more than
 * 24 h ago). `vanished`: it was here and the platform no longer has it.
 */
export function InstanceGone({
  instanceId,
  challengeId,
  challengeName,
  reason,
}: {
  instanceId: string;
  challengeId: string | undefined;
  challengeName: string | null | undefined;
  reason: 'stopped-here' | 'vanished' | 'not-ours';
}) {
  const { team, scope } = useCompetition();
  const competition = team.competition_name ?? team.competition_id;
  const name = challengeName ?? challengeId;
  if (reason === 'not-ours') {
    return (
      <section
        aria-labelledby="instance-gone-title"
        className="rounded-md border border-slate-300 p-6 dark:border-slate-600"
      >
        <h1 id="instance-gone-title" className="text-xl font-semibold">
          Not an instance of your team
        </h1>
        <p className="mt-2" role="status">
          <span className="font-mono break-all">{instanceId}</span> is not an instance of team{' '}
          {team.name} in {competition}. It may belong to another team or another competition, the
          link may be mistyped, or it ended more than 24 hours ago.
        </p>
        <div className="mt-4 flex flex-wrap gap-3">
          <Link
            to={paths.instances(scope.competitionId)}
            className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
          >
            Your team&apos;s instances
          </Link>
        </div>
      </section>
    );
  }
  return (
    <section
      aria-labelledby="instance-gone-title"
      className="rounded-md border border-slate-300 p-6 dark:border-slate-600"
    >
      <h1 id="instance-gone-title" className="text-xl font-semibold">
        {name ? `${name}: this instance is gone` : 'This instance is gone'}
      </h1>
      <p className="mt-2" role="status">
        {reason === 'stopped-here'
          ? 'You stopped it. Its services are no longer reachable.'
          : 'It no longer exists on the platform: a team-mate may have stopped it, it may have been solved, or its time ran out.'}
      </p>
      <div className="mt-4 flex flex-wrap gap-3">
        {challengeId && (
          <Link
            to={paths.challenge(scope.competitionId, challengeId)}
            className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
          >
            Launch {challengeId} again
          </Link>
        )}
        <Link
          to={paths.instances(scope.competitionId)}
          className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-600 dark:hover:bg-slate-800"
        >
          Back to team instances
        </Link>
      </div>
    </section>
  );
}
