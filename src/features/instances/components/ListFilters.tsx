import { useEffect, useId, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { challengeQueries } from '../../../api/challenges';
import { KNOWN_STATUSES } from '@shared/schemas';
import { useScope } from '../../../lib/competition';
import { Button } from '../../../components/ui/Button';
import type { ListSearch } from '../params';

export const SEARCH_DEBOUNCE_MS = 300;

const fieldClass =
  'mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-800';

/** Challenge and status filters and the free-text search (debounced into the URL). */
export function ListFilters({
  search,
  onChange,
  onClear,
}: {
  search: ListSearch;
  onChange: (patch: Partial<ListSearch>) => void;
  onClear: () => void;
}) {
  const scope = useScope();
  const challenges = useQuery(challengeQueries.list(scope.competitionId));
  const ids = { challenge: useId(), status: useId(), q: useId() };
  const [text, setText] = useState(search.q ?? '');
  const committed = useRef(search.q ?? '');

  // The URL changed under us (clear filters, back button): follow it.
  useEffect(() => {
    const q = search.q ?? '';
    if (q !== committed.current) {
      committed.current = q;
      setText(q);
    }
  }, [search.q]);

  useEffect(() => {
    if (text.trim() === committed.current) return;
    const t = setTimeout(() => {
      committed.current = text.trim();
      onChange({ q: text.trim() || undefined });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, onChange]);

  const known = challenges.data ?? [];
  const challengeOptions =
    search.challenge && !known.some((c) => c.id === search.challenge)
      ? [...known, { id: search.challenge, name: search.challenge }]
      : known;

  return (
    <form
      role="search"
      aria-label="Filter instances"
      className="grid gap-3 sm:grid-cols-[1fr_1fr_2fr_auto] sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        committed.current = text.trim();
        onChange({ q: text.trim() || undefined });
      }}
    >
      <div>
        <label htmlFor={ids.challenge} className="text-sm font-medium">
          Challenge
        </label>
        <select
          id={ids.challenge}
          className={fieldClass}
          value={search.challenge ?? ''}
          onChange={(e) => onChange({ challenge: e.target.value || undefined })}
        >
          <option value="">All challenges</option>
          {challengeOptions.map((c) => (
            <option key={c.id} value={c.id}>
              {c.id} — {c.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={ids.status} className="text-sm font-medium">
          Status
        </label>
        <select
          id={ids.status}
          className={fieldClass}
          value={search.status ?? ''}
          onChange={(e) =>
            onChange({ status: (e.target.value || undefined) as ListSearch['status'] })
          }
        >
          <option value="">Live (starting, running, stopping)</option>
          {KNOWN_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
          <option value="all">All, with those ended in the last 24 h</option>
        </select>
      </div>
      <div>
        <label htmlFor={ids.q} className="text-sm font-medium">
          Search
        </label>
        <input
          id={ids.q}
          type="search"
          className={fieldClass}
          placeholder="Challenge, id, team-mate…"
          value={text}
          maxLength={200}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <Button
        onClick={() => {
          committed.current = '';
          setText('');
          onClear();
        }}
        disabled={!search.challenge && !search.status && !search.q && !text}
      >
        Clear filters
      </Button>
    </form>
  );
}
