import { forwardRef, useId, type KeyboardEvent } from 'react';
import type { FilterError } from '../worker/protocol';
import { FilterHelp } from './FilterHelp';

interface FilterBarProps {
  filter: string;
  error: FilterError | null;
  onChange: (filter: string) => void;
  /** Esc / Enter / ArrowDown: back to the flow list */
  onLeave: () => void;
}

/** The filter box: applied as you type; a syntax error is shown with its position. */
export const FilterBar = forwardRef<HTMLInputElement, FilterBarProps>(function FilterBar(
  { filter, error, onChange, onLeave },
  ref,
) {
  const id = useId();
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape' || e.key === 'ArrowDown' || e.key === 'Enter') {
      e.preventDefault();
      onLeave();
    }
  };
  return (
    <div className="min-w-0 flex-1">
      <label htmlFor={`${id}-input`} className="block text-sm font-medium">
        Filter{' '}
        <span className="font-normal text-slate-600 dark:text-slate-400">(press / to focus)</span>
      </label>
      <input
        ref={ref}
        id={`${id}-input`}
        type="search"
        value={filter}
        spellCheck={false}
        autoComplete="off"
        placeholder='e.g. ~m post & ~c 500 | "/api/"'
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        className={`mt-1 w-full rounded-md border bg-white px-2 py-1.5 font-mono text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 dark:bg-slate-900 ${
          error ? 'border-red-600 dark:border-red-400' : 'border-slate-300 dark:border-slate-600'
        }`}
      />
      {error ? (
        <div
          id={`${id}-error`}
          role="alert"
          className="mt-1 text-sm text-red-800 dark:text-red-300"
        >
          <p>
            Syntax error at column {error.position + 1}: {error.message}. Showing the last valid
            filter's results.
          </p>
          <pre aria-hidden="true" className="mt-0.5 overflow-x-auto font-mono text-xs">
            {filter}
            {'\n'}
            {' '.repeat(Math.min(error.position, filter.length))}^
          </pre>
        </div>
      ) : (
        <p id={`${id}-hint`} className="sr-only">
          Bare text matches the URL; operators such as ~m, ~c, ~d, ~h, ~b, ~t and ~e work as in
          mitmproxy.
        </p>
      )}
      <FilterHelp />
    </div>
  );
});
