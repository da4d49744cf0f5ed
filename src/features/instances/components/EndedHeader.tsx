import { Link } from 'react-router';
import type { InstanceInfo } from '@shared/schemas';
import { useScope } from '../../../lib/competition';
import { paths } from '../../../lib/paths';
import { endedWording } from '../terminal';
import { When } from './When';

/**
 * An ended instance (stopped, solved, expired, failed, or cut by a platform
 * restart): what happened, when and by whom, said once for every tab; the
 * tabs stay, read-only, for as long as the platform keeps it (24 h).
 */
export function EndedHeader({ instance: i }: { instance: InstanceInfo }) {
  const { competitionId } = useScope();
  const ended = endedWording(i);
  if (!ended) return null;
  const failed = ended.reason === 'failed';
  return (
    <section
      aria-labelledby="ended-title"
      className={`space-y-1 rounded-md border p-3 ${
        failed
          ? 'border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50'
          : 'border-slate-300 bg-slate-50 dark:border-slate-600 dark:bg-slate-800'
      }`}
    >
      <h2 id="ended-title" className="font-semibold" data-reason={ended.reason}>
        {failed && <span aria-hidden="true">✕ </span>}
        {ended.at ? `${ended.title} at ` : ended.title}
        {ended.at && (
          <span className="font-normal">
            <When ts={ended.at} happened />
          </span>
        )}
      </h2>
      {ended.detail && <p className="text-sm break-words whitespace-pre-wrap">{ended.detail}</p>}
      <p className="text-sm">
        Its pages stay readable, read-only, for 24 hours after it ended; its services are no longer
        reachable.
      </p>
      <Link
        to={paths.challenge(competitionId, i.challenge_id, { launch: true })}
        className="inline-block text-sm font-medium text-indigo-700 underline dark:text-indigo-300"
      >
        Launch {i.challenge_id} again
      </Link>
    </section>
  );
}
