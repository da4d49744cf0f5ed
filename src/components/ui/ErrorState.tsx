import { errorMessage } from '../../api/client';
import { Button } from './Button';

/** A section that could not render: what went wrong, and a retry. */
export function ErrorState({
  title = 'Something went wrong',
  error,
  onRetry,
}: {
  title?: string;
  error: unknown;
  onRetry?: () => void;
}) {
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-semibold">{title}</p>
      <p className="mt-1 text-sm break-words">{errorMessage(error)}</p>
      {onRetry && (
        <Button className="mt-3" size="sm" onClick={onRetry}>
          Retry
        </Button>
      )}
    </div>
  );
}
