import { isTerminalStatus, type InstanceInfo } from '@shared/schemas';
import { StatusBadge } from '../../../components/ui/StatusBadge';
import { Button } from '../../../components/ui/Button';
import { TtlCountdown } from './TtlCountdown';

/** Challenge name and id, status, time left, and the Renew / Stop actions. */
export function InstanceHeader({
  instance: i,
  onRenew,
  onStop,
}: {
  instance: InstanceInfo;
  onRenew: () => void;
  onStop: () => void;
}) {
  const live = !isTerminalStatus(i.status) && i.status !== 'stopping';
  return (
    <header className="flex flex-wrap items-start gap-x-6 gap-y-3">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold break-words">{i.challenge_name ?? i.challenge_id}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          <span className="font-mono">{i.challenge_id}</span>
          <span aria-hidden="true"> · </span>
          <span>
            Instance <span className="font-mono">{i.id}</span>
          </span>
        </p>
      </div>
      <dl className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <div className="flex items-center gap-1.5">
          <dt className="sr-only">Status</dt>
          <dd>
            <StatusBadge status={i.status} />
          </dd>
        </div>
        {live && (
          <div className="flex items-center gap-1.5">
            <dt>Time left</dt>
            <dd>
              <TtlCountdown expiresAt={i.expires_at} status={i.status} />
            </dd>
          </div>
        )}
      </dl>
      {live && (
        <div className="ml-auto flex gap-2">
          <Button onClick={onRenew}>Renew</Button>
          <Button variant="danger" onClick={onStop}>
            Stop
          </Button>
        </div>
      )}
    </header>
  );
}
