import { useEffect, useId, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../../api/client';
import { settingsQueries } from '../../../api/settings';
import { useRenewInstance, type RenewResponse } from '../../../api';
import { useScope } from '../../../lib/competition';
import { Button } from '../../../components/ui/Button';
import { Dialog } from '../../../components/ui/Dialog';
import { formatDateTime, formatDuration } from '@shared/format';
import { grantedLessThanAsked, ttlChoices } from '../countdown';

export interface RenewTarget {
  id: string;
  challenge_id: string;
  challenge_name?: string | null | undefined;
}

/** Renew with a TTL choice; shows the new expiry, and the clamp when there was one. */
export function RenewDialog({
  target,
  onClose,
}: {
  target: RenewTarget | null;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={target !== null}
      onClose={onClose}
      title={target ? `Renew ${target.challenge_name ?? target.challenge_id}` : 'Renew'}
    >
      {target && <RenewForm key={target.id} target={target} onClose={onClose} />}
    </Dialog>
  );
}

interface Result {
  renewed: RenewResponse;
  clampedToS: number | undefined;
}

function RenewForm({ target, onClose }: { target: RenewTarget; onClose: () => void }) {
  const scope = useScope();
  const settings = useQuery(settingsQueries.settings(scope.competitionId));
  const renew = useRenewInstance(scope);
  const [choice, setChoice] = useState<string>('default');
  const [result, setResult] = useState<Result | null>(null);
  const selectId = useId();
  const doneRef = useRef<HTMLDivElement>(null);
  // The form is replaced by the result: keep the keyboard focus in the dialog.
  useEffect(() => {
    if (result) doneRef.current?.querySelector('button')?.focus();
  }, [result]);

  if (result) {
    const expires = new Date(result.renewed.expires_at);
    return (
      <div>
        <p role="status">
          Renewed. The instance now expires at{' '}
          <time dateTime={result.renewed.expires_at}>{formatDateTime(expires)}</time>.
        </p>
        {result.clampedToS !== undefined && (
          <p className="mt-2 rounded border border-amber-400 bg-amber-50 p-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-50">
            You asked for more than the platform allows: it granted{' '}
            {formatDuration(result.clampedToS * 1000)}
            {settings.data
              ? ` (its maximum is ${formatDuration(settings.data.max_instance_ttl_s * 1000)})`
              : ''}
            .
          </p>
        )}
        <div ref={doneRef} className="mt-4 flex justify-end">
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        </div>
      </div>
    );
  }

  const data = settings.data;
  const choices = data ? ttlChoices(data.max_instance_ttl_s, data.default_instance_ttl_s) : [];
  const ttl = choice === 'default' ? undefined : Number(choice);

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (renew.isPending) return;
        const requestedAt = Date.now();
        renew.mutate(
          { id: target.id, ttl },
          {
            onSuccess: (renewed) =>
              setResult({
                renewed,
                clampedToS: grantedLessThanAsked(ttl, renewed.ttl, renewed.expires_at, requestedAt),
              }),
          },
        );
      }}
    >
      <label htmlFor={selectId} className="block text-sm font-medium">
        New time to live, from now
      </label>
      <select
        id={selectId}
        value={choice}
        onChange={(e) => setChoice(e.target.value)}
        className="mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-600 dark:bg-slate-800"
      >
        <option value="default">
          Platform default{data ? ` (${formatDuration(data.default_instance_ttl_s * 1000)})` : ''}
        </option>
        {choices.map((s) => (
          <option key={s} value={String(s)}>
            {formatDuration(s * 1000)}
            {data && s === data.max_instance_ttl_s ? ' (maximum)' : ''}
          </option>
        ))}
      </select>
      {settings.isError && (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
          The platform&apos;s limits could not be loaded; its default applies.
        </p>
      )}
      {renew.isError && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          Could not renew: {errorMessage(renew.error)}
        </p>
      )}
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={renew.isPending}>
          {renew.isPending ? 'Renewing…' : 'Renew'}
        </Button>
      </div>
    </form>
  );
}
