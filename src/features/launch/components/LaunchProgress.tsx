import { useQuery } from '@tanstack/react-query';
import { instanceQueries } from '../../../api';
import { useScope } from '../../../lib/competition';

/** Live readiness of an instance that is settling (first version). */
export function LaunchProgress({ instanceId }: { instanceId: string }) {
  const scope = useScope();
  const status = useQuery(instanceQueries.status(scope, instanceId));
  return (
    <section aria-label="Launch progress">
      <p aria-live="polite">
        {status.data
          ? `${status.data.status}${status.data.phase ? `: ${status.data.phase}` : ''}`
          : 'Checking…'}
      </p>
      {status.data?.message && <p role="alert">{status.data.message}</p>}
    </section>
  );
}
