import { useId } from 'react';
import { Button } from '../../../components/ui/Button';
import { PAGE_SIZES } from '../params';

/** "21–40 of 57", previous/next and the page size. */
export function Pagination({
  offset,
  limit,
  shown,
  total,
  onChange,
}: {
  offset: number;
  limit: number;
  shown: number;
  total: number | null | undefined;
  onChange: (patch: { offset?: number; limit?: number }) => void;
}) {
  const sizeId = useId();
  const hasTotal = total !== null && total !== undefined;
  const hasNext = hasTotal ? offset + limit < total : shown >= limit;
  const from = shown === 0 ? 0 : offset + 1;
  const to = offset + shown;
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center gap-3 text-sm">
      <p aria-live="polite">
        {shown === 0
          ? hasTotal
            ? `0 of ${total}`
            : 'None'
          : `${from}–${to}${hasTotal ? ` of ${total}` : ''}`}
      </p>
      <div className="flex gap-2">
        <Button
          size="sm"
          disabled={offset === 0}
          onClick={() => onChange({ offset: Math.max(0, offset - limit) })}
        >
          Previous page
        </Button>
        <Button size="sm" disabled={!hasNext} onClick={() => onChange({ offset: offset + limit })}>
          Next page
        </Button>
      </div>
      <label htmlFor={sizeId} className="ml-auto flex items-center gap-1">
        Per page
        <select
          id={sizeId}
          className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-800"
          value={limit}
          onChange={(e) => onChange({ limit: Number(e.target.value), offset: 0 })}
        >
          {[...new Set([...PAGE_SIZES, limit])]
            .sort((a, b) => a - b)
            .map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
        </select>
      </label>
    </nav>
  );
}
