import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage, useStopInstance } from '../../../api';
import { Button } from '../../../components/ui/Button';
import { useCompetitionPath, useScope } from '../../../lib/competition';
import { LaunchRefusal } from '../launch-form/LaunchRefusal';
import { useLaunch } from '../launch-form/useLaunch';

/** Failed: the server's message, a new launch of the same challenge, or leave it. */
export function FailedPanel({
  message,
  challengeId,
}: {
  message: string | null | undefined;
  challengeId: string | undefined;
}) {
  const to = useCompetitionPath();
  const { launch, pending, error } = useLaunch();
  return (
    <div className="space-y-3 rounded-md border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50">
      <h3 className="font-semibold">
        <span aria-hidden="true">✕ </span>The instance failed to start
      </h3>
      <p className="break-words whitespace-pre-wrap">{message || 'The platform gave no reason.'}</p>
      <div className="flex flex-wrap gap-2">
        {challengeId && (
          <Button variant="primary" disabled={pending} onClick={() => void launch(challengeId)}>
            {pending ? 'Launching…' : 'Launch again'}
          </Button>
        )}
        <Link
          to={
            challengeId ? to(`/challenges/${encodeURIComponent(challengeId)}`) : to('/challenges')
          }
          className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-900 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
        >
          Dismiss
        </Link>
      </div>
      {error != null && challengeId && <LaunchRefusal error={error} challengeId={challengeId} />}
    </div>
  );
}

/** Past the SDK's 300 s: say so, and offer to keep waiting or stop. */
export function SlowNotice({ instanceId }: { instanceId: string }) {
  const scope = useScope();
  const stop = useStopInstance(scope);
  const [dismissed, setDismissed] = useState(false);
  if (dismissed) return null;
  return (
    <div className="space-y-2 rounded-md border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50">
      <p className="font-semibold">This is taking longer than it should.</p>
      <p className="text-sm">
        Instances are usually ready within 5 minutes. It may still come up, or it may be stuck.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => setDismissed(true)}>Keep waiting</Button>
        <Button
          variant="danger"
          disabled={stop.isPending || stop.isSuccess}
          onClick={() => stop.mutate(instanceId)}
        >
          {stop.isPending ? 'Stopping…' : 'Stop the instance'}
        </Button>
      </div>
      {stop.isError && <p role="alert">Could not stop it: {errorMessage(stop.error)}</p>}
    </div>
  );
}
