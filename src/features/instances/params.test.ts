import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, parseListSearch, toListFilters, toSearchParams } from './params';

const parse = (qs: string) => parseListSearch(new URLSearchParams(qs));

describe('list search params', () => {
  it('has defaults for an empty URL', () => {
    expect(parse('')).toEqual({
      challenge: undefined,
      status: undefined,
      q: undefined,
      offset: 0,
      limit: DEFAULT_PAGE_SIZE,
    });
  });
  it('reads valid values', () => {
    expect(parse('challenge=DEMO-001&status=running&q=%20web%20&offset=40&limit=2')).toEqual({
      challenge: 'DEMO-001',
      status: 'running',
      q: 'web',
      offset: 40,
      limit: 2,
    });
    expect(parse('status=all').status).toBe('all');
  });
  it('falls back to defaults for bad values, keeping the good ones', () => {
    const s = parse('status=bogus&offset=-3&limit=100000&q=ok');
    expect(s.status).toBeUndefined();
    expect(s.offset).toBe(0);
    expect(s.limit).toBe(DEFAULT_PAGE_SIZE);
    expect(s.q).toBe('ok');
    expect(parse('offset=abc&limit=1.5')).toMatchObject({ offset: 0, limit: DEFAULT_PAGE_SIZE });
    expect(parse(`q=${'x'.repeat(500)}`).q).toBeUndefined();
  });
  it('writes only what differs from the defaults, and round-trips', () => {
    expect(toSearchParams(parse('')).toString()).toBe('');
    const qs = 'challenge=DEMO-003&status=running&q=a+b&offset=2&limit=2';
    expect(toSearchParams(parse(qs)).toString()).toBe(qs);
  });
  it('maps to the API filters', () => {
    expect(toListFilters(parse('challenge=X&limit=10'))).toEqual({
      challengeId: 'X',
      status: undefined,
      q: undefined,
      offset: 0,
      limit: 10,
    });
  });
});
