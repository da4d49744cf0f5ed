import { useId, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { settingsQueries } from '../../../api';
import { Button } from '../../../components/ui/Button';
import { useScope } from '../../../lib/competition';
import { LaunchRefusal } from './LaunchRefusal';
import { describeTtl, parseTtl, toHumanTtl, type TtlUnit } from './ttl';
import { useLaunch } from './useLaunch';

const FALLBACK = { default_instance_ttl_s: 86_400, max_instance_ttl_s: 172_800 };

/** TTL (in human units, bounded by the platform's maximum), then launch. */
export function LaunchForm({
  challengeId,
  onCancel,
  onStarted,
}: {
  challengeId: string;
  onCancel?: () => void;
  /** The start request succeeded (before the instance page opens). */
  onStarted?: () => void;
}) {
  const scope = useScope();
  const settings = useQuery(settingsQueries.settings(scope.competitionId));
  const limits = settings.data ?? FALLBACK;
  const initial = toHumanTtl(limits.default_instance_ttl_s);
  const [amount, setAmount] = useState<string | null>(null);
  const [unit, setUnit] = useState<TtlUnit | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const { launch, pending, error, reset } = useLaunch();
  const ids = { amount: useId(), unit: useId(), hint: useId(), error: useId() };

  const amountValue = amount ?? String(initial.amount);
  const unitValue = unit ?? initial.unit;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (pending) return;
    const ttl = parseTtl(amountValue, unitValue, limits.max_instance_ttl_s);
    if ('error' in ttl) return setFieldError(ttl.error);
    setFieldError(null);
    reset();
    void launch(challengeId, ttl.seconds, onStarted);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">Lifetime</legend>
        <div className="flex gap-2">
          <label htmlFor={ids.amount} className="sr-only">
            Lifetime amount
          </label>
          <input
            id={ids.amount}
            inputMode="decimal"
            value={amountValue}
            onChange={(e) => setAmount(e.target.value)}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={`${ids.hint}${fieldError ? ` ${ids.error}` : ''}`}
            className="w-24 rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-600 dark:bg-slate-800"
          />
          <label htmlFor={ids.unit} className="sr-only">
            Lifetime unit
          </label>
          <select
            id={ids.unit}
            value={unitValue}
            onChange={(e) => setUnit(e.target.value as TtlUnit)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-600 dark:bg-slate-800"
          >
            <option value="minutes">minutes</option>
            <option value="hours">hours</option>
          </select>
        </div>
        <p id={ids.hint} className="text-xs text-slate-600 dark:text-slate-300">
          Default {describeTtl(limits.default_instance_ttl_s)}, at most{' '}
          {describeTtl(limits.max_instance_ttl_s)}. You can renew it later.
        </p>
        {fieldError && (
          <p id={ids.error} className="text-sm text-red-700 dark:text-red-300">
            {fieldError}
          </p>
        )}
      </fieldset>
      {error != null && <LaunchRefusal error={error} challengeId={challengeId} />}
      <div className="flex flex-wrap justify-end gap-2">
        {onCancel && (
          <Button onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        )}
        <Button type="submit" variant="primary" disabled={pending} aria-disabled={pending}>
          {pending ? 'Launching…' : 'Launch'}
        </Button>
      </div>
    </form>
  );
}
