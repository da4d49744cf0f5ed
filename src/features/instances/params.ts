/**
 * The list's URL search params: filters, search and paging live in the URL
 * so a view can be shared and survives reload. Bad values fall back to
 * defaults (zod `.catch`), never to an error.
 */
import { z } from '@shared/zod';
import { KNOWN_STATUSES } from '@shared/schemas';
import type { InstanceListFilters } from '../../api/instances';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

const optionalText = (max: number) =>
  z.catch(
    z.optional(
      z.pipe(
        z.string().check(z.trim(), z.maxLength(max)),
        z.transform((s) => s || undefined),
      ),
    ),
    undefined,
  );

export const ListSearchSchema = z.object({
  challenge: optionalText(200),
  /** none = live only (the server's default); `all` adds those ended in the last 24 h. */
  status: z.catch(z.optional(z.enum([...KNOWN_STATUSES, 'all'])), undefined),
  q: optionalText(200),
  offset: z.catch(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(1_000_000)), 0),
  /** Any size from 1 to 100 is honoured (the selector offers PAGE_SIZES). */
  limit: z.catch(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), DEFAULT_PAGE_SIZE),
});
export type ListSearch = z.output<typeof ListSearchSchema>;

export function parseListSearch(params: URLSearchParams): ListSearch {
  const raw: Record<string, string> = {};
  for (const key of ['challenge', 'status', 'q', 'offset', 'limit']) {
    const v = params.get(key);
    if (v !== null) raw[key] = v;
  }
  return ListSearchSchema.parse(raw);
}

/** Only what differs from the defaults goes into the URL. */
export function toSearchParams(search: ListSearch): URLSearchParams {
  const p = new URLSearchParams();
  if (search.challenge) p.set('challenge', search.challenge);
  if (search.status) p.set('status', search.status);
  if (search.q) p.set('q', search.q);
  if (search.offset > 0) p.set('offset', String(search.offset));
  if (search.limit !== DEFAULT_PAGE_SIZE) p.set('limit', String(search.limit));
  return p;
}

export function toListFilters(search: ListSearch): InstanceListFilters {
  return {
    challengeId: search.challenge,
    status: search.status,
    q: search.q,
    offset: search.offset,
    limit: search.limit,
  };
}

export function hasFilters(search: ListSearch): boolean {
  return Boolean(search.challenge || search.status || search.q);
}
