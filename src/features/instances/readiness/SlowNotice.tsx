import { useState } from 'react';
import { errorMessage, useStopInstance } from '../../../api';
import { Button } from '../../../components/ui/Button';
import { useScope } from '../../../lib/competition';

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
