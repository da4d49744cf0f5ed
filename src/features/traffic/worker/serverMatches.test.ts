import { describe, expect, it } from 'vitest';
import { DEFAULT_FLAG_PATTERN } from '@shared/capture/filter/flagPattern';
import { FilterSyntaxError, parseFilter } from '@shared/capture/filter/parse';
import { makeFlow } from '@shared/capture/testFlows';
import { TrafficStore } from './store';
import {
  markMatchLine,
  needsServerFilter,
  PlatformFilterError,
  usesFlagPattern,
} from './serverMatches';

const flag = new RegExp(DEFAULT_FLAG_PATTERN, 'gu');

describe('filters the platform evaluates for a store of summaries', () => {
  it.each([
    ['~h x-api-key', true],
    ['~hq a', true],
    ['~hs a', true],
    ['~b a', true],
    ['~bq a', true],
    ['~bs a', true],
    ['~flag', true],
    ['~c 404 & !(~m get | ~bs secret)', true],
    ['~u /api', false],
    ['~m post & ~c 500 | ~d shop', false],
    ['~t json', false],
    ['', false],
  ])('%s → %s', (filter, expected) => {
    expect(needsServerFilter(filter, flag)).toBe(expected);
  });

  it('a malformed expression throws the parse error', () => {
    expect(() => needsServerFilter('~b (', flag)).toThrow(FilterSyntaxError);
  });

  it('marks the store flows the platform named, by index, line by line', () => {
    const store = new TrafficStore();
    const flows = ['a', 'b', 'c', 'd', 'e'].map((id) => makeFlow({ id, path: `/${id}` }));
    store.ingest(flows, 0, flows.length);
    // asked when the store held the first four: a flow added since is not marked
    const matches = new Uint8Array(4);
    const indexOfId = (id: string) => store.indexOfId(id);
    markMatchLine(matches, { ids: ['d', 'b', 'zz', 'e'], dropped: [] }, indexOfId);
    expect(Array.from(matches)).toEqual([0, 1, 0, 1]);
    // a newer version of b no longer matches; a matches, and is dropped in the same line
    markMatchLine(matches, { ids: ['a', 'c'], dropped: ['b', 'a', 'zz'] }, indexOfId);
    expect(Array.from(matches)).toEqual([0, 0, 1, 1]);
  });

  it.each([
    ['~flag', true],
    ['~b x | !(~m get & ~flag)', true],
    ['~b flag', false],
    ['~h x', false],
  ])('%s uses the flag pattern → %s', (filter, expected) => {
    expect(usesFlagPattern(parseFilter(filter, { flagPattern: flag }))).toBe(expected);
  });

  it("a platform's parse error keeps where it is", () => {
    expect(new PlatformFilterError('Missing ")" (at character 17 of the filter)').position).toBe(
      16,
    );
    expect(new PlatformFilterError('Filter too long').position).toBe(0);
  });
});
