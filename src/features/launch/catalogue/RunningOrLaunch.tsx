import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { InstanceInfo } from '../../../api';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { useScope } from '../../../lib/competition';
import { paths } from '../../../lib/paths';
import { LaunchButton } from '../launch-form/LaunchButton';

/**
 * The team's running instance of a challenge (its status and a link to it),
 * or Launch when there is none. The launch form stays mounted either way so an
 * open form survives the instance appearing.
 */
export function RunningOrLaunch({
  challengeId,
  challengeName,
  running,
  compact = false,
  initiallyOpen = false,
  children,
}: {
  challengeId: string;
  challengeName: string;
  running: InstanceInfo | undefined;
  /** the smaller variant of the catalogue's cards */
  compact?: boolean;
  initiallyOpen?: boolean;
  /** the words of the link to the running instance */
  children: ReactNode;
}) {
  const { competitionId } = useScope();
  return (
    <>
      {running ? (
        <>
          <StatusBadge status={running.status} />
          <Link
            to={paths.instance(competitionId, running.id).overview}
            className={`${compact ? 'text-sm ' : ''}font-medium text-indigo-700 underline dark:text-indigo-300`}
          >
            {children}
          </Link>
        </>
      ) : null}
      <LaunchButton
        challengeId={challengeId}
        challengeName={challengeName}
        size={compact ? 'sm' : 'md'}
        hideTrigger={running !== undefined}
        initiallyOpen={initiallyOpen}
      />
    </>
  );
}
