/** Every question answered: say so, and what became of the instance. */
export function SolvedBanner({
  status,
  message,
}: {
  status: string;
  message: string | null | undefined;
}) {
  const stopped = status === 'stopped' || status === 'stopping';
  return (
    <div
      role="status"
      className="rounded-md border border-emerald-400 bg-emerald-50 p-3 text-emerald-950 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-50"
    >
      <p className="font-semibold">
        <span aria-hidden="true">✓ </span>Challenge solved: every question is answered.
      </p>
      <p className="mt-1 text-sm">
        {stopped
          ? 'The instance was stopped because the challenge is solved. Its services are no longer reachable; your solves are kept.'
          : status === 'running'
            ? 'The instance keeps running until you stop it or its time runs out.'
            : `The instance is ${status}.`}
      </p>
      {stopped && message && <p className="mt-1 text-sm break-words">{message}</p>}
    </div>
  );
}
