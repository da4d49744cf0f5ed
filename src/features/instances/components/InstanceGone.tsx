import { Link } from 'react-router';
import { useCompetitionPath } from '../../../lib/competition';

/**
 * The instance is no more: stopped here, or gone on the platform (404 on a
 * poll). Not an error, so no error page: say so and offer a relaunch.
 */
export function InstanceGone({
  challengeId,
  challengeName,
  reason,
}: {
  challengeId: string | undefined;
  challengeName: string | null | undefined;
  reason: 'stopped-here' | 'vanished';
}) {
  const to = useCompetitionPath();
  const name = challengeName ?? challengeId;
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
            to={to(`/challenges/${encodeURIComponent(challengeId)}`)}
            className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
          >
            Launch {challengeId} again
          </Link>
        )}
        <Link
          to={to('/instances')}
          className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-600 dark:hover:bg-slate-800"
        >
          Back to team instances
        </Link>
      </div>
    </section>
  );
}
