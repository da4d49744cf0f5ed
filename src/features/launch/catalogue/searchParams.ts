import { z } from '@shared/zod';
import type { Challenge } from '../../../api';

/** The catalogue's filters, from the URL: anything malformed falls back to "no filter". */
export const CatalogueSearchSchema = z.object({
  q: z._default(z.catch(z.string().check(z.maxLength(200)), ''), ''),
  category: z._default(z.catch(z.string().check(z.maxLength(100)), ''), ''),
});
export type CatalogueSearch = z.infer<typeof CatalogueSearchSchema>;

export function parseCatalogueSearch(params: URLSearchParams): CatalogueSearch {
  return CatalogueSearchSchema.parse({
    q: params.get('q') ?? undefined,
    category: params.get('category') ?? undefined,
  });
}

/** Next URL params for `patch`, dropping empty values so URLs stay short. */
export function catalogueSearchParams(current: CatalogueSearch, patch: Partial<CatalogueSearch>) {
  const next = { ...current, ...patch };
  const params = new URLSearchParams();
  if (next.q) params.set('q', next.q);
  if (next.category) params.set('category', next.category);
  return params;
}

/** Case-insensitive match on name, id, category, difficulty and tags. */
export function filterChallenges(challenges: readonly Challenge[], search: CatalogueSearch) {
  const words = search.q.toLowerCase().split(/\s+/).filter(Boolean);
  return challenges.filter((c) => {
    if (search.category && (c.category ?? '') !== search.category) return false;
    const haystack = [c.name, c.id, c.category, c.difficulty, ...(c.tags ?? [])]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

export function categoriesOf(challenges: readonly Challenge[]): string[] {
  return [
    ...new Set(challenges.map((c) => c.category).filter((c): c is string => Boolean(c))),
  ].sort((a, b) => a.localeCompare(b));
}
