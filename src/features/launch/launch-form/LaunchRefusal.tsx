import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import {
  errorMessage,
  instanceQueries,
  isApiError,
  isTerminalStatus,
  useStopInstance,
  type InstanceInfo,
} from '../../../api';
import { Button } from '../../../components/ui/Button';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { useScope } from '../../../lib/competition';
import { paths } from '../../../lib/paths';

/** 409: the team already runs this challenge; link to that instance. */
function AlreadyRunning({ challengeId, detail }: { challengeId: string; detail: string }) {
  const scope = useScope();
  const list = useQuery(instanceQueries.list(scope, { challengeId }));
  const running = list.data?.items.find(
    (i) => i.challenge_id === challengeId && !isTerminalStatus(i.status),
  );
  return (
    <div role="alert" className="space-y-2">
      <p className="font-semibold">Your team already runs {challengeId}.</p>
      <p className="text-sm">{detail}</p>
      {running ? (
        <Link
          className="font-medium text-indigo-700 underline dark:text-indigo-300"
          to={paths.instance(scope.competitionId, running.id).overview}
        >
          Open the running instance ({running.id})
        </Link>
      ) : list.isPending ? (
        <p className="text-sm">Looking for it…</p>
      ) : null}
    </div>
  );
}

function StopRow({ instance }: { instance: InstanceInfo }) {
  const scope = useScope();
  const stop = useStopInstance(scope);
  const name = instance.challenge_name ?? instance.challenge_id;
  return (
    <li className="flex flex-wrap items-center gap-2 py-1.5">
      <Link className="underline" to={paths.instance(scope.competitionId, instance.id).overview}>
        {name}
      </Link>
      <StatusBadge status={instance.status} />
      <Button
        size="sm"
        variant="danger"
        disabled={stop.isPending || stop.isSuccess}
        aria-label={`Stop ${name} (${instance.id})`}
        onClick={() => stop.mutate(instance.id)}
      >
        {stop.isPending ? 'Stopping…' : stop.isSuccess ? 'Stopped' : 'Stop'}
      </Button>
      {stop.isError && (
        <span className="text-sm text-red-700 dark:text-red-300">{errorMessage(stop.error)}</span>
      )}
    </li>
  );
}

/** 429: the team quota is full; stop one here, then launch again. */
function QuotaFull({ detail }: { detail: string }) {
  const scope = useScope();
  const list = useQuery(instanceQueries.list(scope, {}));
  const live = (list.data?.items ?? []).filter((i) => !isTerminalStatus(i.status));
  return (
    <div role="alert" className="space-y-2">
      <p className="font-semibold">Your team has no free instance slot.</p>
      <p className="text-sm">{detail}</p>
      <p className="text-sm">Stop one of your team&apos;s instances, then launch again:</p>
      {list.isPending ? (
        <p className="text-sm">Loading your team&apos;s instances…</p>
      ) : (
        <ul
          aria-label="Your team's running instances"
          className="divide-y divide-slate-200 dark:divide-slate-700"
        >
          {live.map((i) => (
            <StopRow key={i.id} instance={i} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** Why a launch was refused, with the way out. */
export function LaunchRefusal({ error, challengeId }: { error: unknown; challengeId: string }) {
  const detail = errorMessage(error);
  if (isApiError(error) && error.status === 409) {
    return <AlreadyRunning challengeId={challengeId} detail={detail} />;
  }
  if (isApiError(error) && error.status === 429) return <QuotaFull detail={detail} />;
  return (
    <p role="alert" className="text-sm text-red-700 dark:text-red-300">
      Could not launch: {detail}
    </p>
  );
}
