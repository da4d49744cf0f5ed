import { forwardRef } from 'react';

/**
 * The form-level error: announced, and focusable so focus can be moved to it.
 * The element stays (empty) between errors so the ref is always there.
 */
export const FormAlert = forwardRef<HTMLParagraphElement, { id: string; message: string | null }>(
  function FormAlert({ id, message }, ref) {
    return (
      <p
        ref={ref}
        id={id}
        role={message ? 'alert' : undefined}
        tabIndex={-1}
        className={
          message
            ? 'rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100'
            : 'sr-only'
        }
      >
        {message}
      </p>
    );
  },
);
