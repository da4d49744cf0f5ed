import { useStopInstance } from '../../../api';
import { useScope } from '../../../lib/competition';
import { ActionFailed } from './ActionFailed';
import { Button } from '../../../components/ui/Button';
import { Dialog } from '../../../components/ui/Dialog';

export interface StopTarget {
  id: string;
  challenge_id: string;
  challenge_name?: string | null | undefined;
}

/**
 * Stop, after a confirmation that names the challenge. A 404 means the
 * instance was already gone, which is what the user wanted: success.
 */
export function StopDialog({
  target,
  onClose,
  onStopped,
}: {
  target: StopTarget | null;
  onClose: () => void;
  onStopped?: (result: { id: string; alreadyGone: boolean }) => void;
}) {
  const scope = useScope();
  const stop = useStopInstance(scope);
  const name = target ? (target.challenge_name ?? target.challenge_id) : '';
  return (
    <Dialog
      open={target !== null}
      onClose={() => {
        stop.reset();
        onClose();
      }}
      title={`Stop ${name}?`}
    >
      {target && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (stop.isPending) return;
            stop.mutate(target.id, {
              onSuccess: (result) => {
                stop.reset();
                onStopped?.({ id: target.id, ...result });
                onClose();
              },
            });
          }}
        >
          <p>
            This stops the instance of <strong>{name}</strong> ({target.challenge_id}) for your
            whole team. Its services go away and anything not saved is lost.
          </p>
          {stop.isError && <ActionFailed action="stop" error={stop.error} />}
          <div className="mt-4 flex justify-end gap-2">
            <Button
              onClick={() => {
                stop.reset();
                onClose();
              }}
            >
              Keep it running
            </Button>
            <Button type="submit" variant="danger" disabled={stop.isPending}>
              {stop.isPending ? 'Stopping…' : 'Stop instance'}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
