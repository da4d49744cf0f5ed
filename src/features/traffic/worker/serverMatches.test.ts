import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_FLAG_PATTERN } from '@shared/capture/filter/flagPattern';
import { FilterSyntaxError, parseFilter } from '@shared/capture/filter/parse';
import { makeFlow } from '@shared/capture/testFlows';
import { TrafficStore } from './store';
import type { FromWorker } from './protocol';
import {
  markMatchLine,
  needsServerFilter,
  PlatformFilterError,
  ServerMatches,
  usesFlagPattern,
} from './serverMatches';
import { WholeFlows } from './wholeFlows';

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

describe("the platform's answer as it comes", () => {
  afterEach(() => vi.useRealTimers());

  it('tells the progress at most every 200 ms, the latest at the end of the wait; the answer marks every line', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const store = new TrafficStore();
    const flows = Array.from({ length: 50 }, (_, i) => makeFlow({ id: `f${i}`, path: `/${i}` }));
    store.ingest(flows, 0, flows.length);
    const posted: FromWorker[] = [];
    const post = (message: FromWorker) => void posted.push(message);
    const platform = new ServerMatches(store, post, new WholeFlows(store, post));
    const node = parseFilter('~b x', { flagPattern: flag })!;
    const answer = platform.matches(node, '~b x', 'k', new AbortController().signal, () => {});
    const progress = () =>
      posted.flatMap((m) =>
        m.type === 'whole-read' && m.state.state === 'loading' ? [m.state.flows?.done] : [],
      );
    await vi.advanceTimersByTimeAsync(0);
    expect(progress()).toEqual([0]);
    // ten lines at once: none told at once (the last tell was just now), the latest 200 ms later
    for (let line = 1; line <= 10; line++)
      platform.line({
        type: 'matches-line',
        askId: 1,
        ids: [`f${line * 5 - 1}`],
        dropped: line === 10 ? ['f4'] : [],
        scanned: line * 5,
      });
    expect(progress()).toEqual([0]);
    await vi.advanceTimersByTimeAsync(200);
    expect(progress()).toEqual([0, 50]);
    platform.end({ type: 'matches-end', askId: 1, outcome: { kind: 'done' } });
    const matches = await answer;
    const expected = flows.map((_, i) => (i % 5 === 4 && i !== 4 ? 1 : 0));
    expect(Array.from(matches!)).toEqual(expected);
    // nothing more is told once it ended
    await vi.advanceTimersByTimeAsync(1000);
    expect(progress()).toEqual([0, 50]);
  });
});
