/**
 * Every question answered: said once here. What became of the instance
 * (stopped because it was solved, when) is the instance header's to say.
 */
export function SolvedBanner({ status }: { status: string }) {
  return (
    <div
      role="status"
      className="rounded-md border border-emerald-400 bg-emerald-50 p-3 text-emerald-950 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-50"
    >
      <p className="font-semibold">
        <span aria-hidden="true">✓ </span>Challenge solved: every question is answered.
      </p>
      {status === 'running' && (
        <p className="mt-1 text-sm">
          The instance keeps running until you stop it or its time runs out.
        </p>
      )}
    </div>
  );
}
