import { errorMessage } from '../../../api/client';

/** A dialog's action that failed, in the dialog: "Could not stop: …" (an alert). */
export function ActionFailed({ action, error }: { action: string; error: unknown }) {
  return (
    <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
      Could not {action}: {errorMessage(error)}
    </p>
  );
}
