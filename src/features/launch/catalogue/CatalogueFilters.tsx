import { useId } from 'react';
import type { CatalogueSearch } from './searchParams';

const field =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-600 dark:bg-slate-800';

/** Search and category filter; both live in the URL. */
export function CatalogueFilters({
  search,
  categories,
  onChange,
}: {
  search: CatalogueSearch;
  categories: readonly string[];
  onChange: (patch: Partial<CatalogueSearch>) => void;
}) {
  const qId = useId();
  const catId = useId();
  return (
    <form
      role="search"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => e.preventDefault()}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={qId} className="text-sm font-medium">
          Search challenges
        </label>
        <input
          id={qId}
          type="search"
          value={search.q}
          placeholder="Name, id, tag…"
          onChange={(e) => onChange({ q: e.target.value })}
          className={`${field} w-64 max-w-full`}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={catId} className="text-sm font-medium">
          Category
        </label>
        <select
          id={catId}
          value={search.category}
          onChange={(e) => onChange({ category: e.target.value })}
          className={field}
        >
          <option value="">All categories</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
          {search.category && !categories.includes(search.category) && (
            <option value={search.category}>{search.category}</option>
          )}
        </select>
      </div>
    </form>
  );
}
