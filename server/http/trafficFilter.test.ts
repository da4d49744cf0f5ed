/**
 * `traffic/matches` over a dump's raw records (the prefilter decides what it
 * can, the rest is parsed) answers exactly what it answered over the whole
 * flows read back and parsed (the path before it), line format unchanged.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrafficMatchLine } from '../../shared/schemas/trafficFilter';
import type { TrafficAnswer } from '../runtime/types';
import { matchedIds, matchLines } from '../test/matchLines';
import { tempCaptureStore, type TempCaptureStore } from '../test/tempCaptureStore';
import { FILTER_EXPRESSIONS, filterCapture, mitmFlows } from '../test/captureFiles';
import { encodeTnetstring, readTnetstrings, type TnetDict } from '../../shared/capture/tnetstring';
import { FilterPool } from '../runtime/filterPool';

const FLAG_PATTERN = '[A-Za-z0-9_]{2,32}\\{[^}\\n]{1,200}\\}';

let temp: TempCaptureStore;
/** the platform's filter threads, as the route has them */
const pool = new FilterPool();

beforeAll(() => {
  // a body limit, as the platform has one: cut bodies are parsed, not proven
  temp = tempCaptureStore('ctfy-matches-', { maxBodyBytes: 300 });
  // the filter capture, then more real flows (over several record batches)
  writeFileSync(
    temp.store.mitmPath('cap'),
    Buffer.concat([filterCapture(), mitmFlows('more', 4500), filterCapture()]),
  );
  // `p-flag` again later, now without its flag (a newer version of the flow)
  const [plain] = readTnetstrings(new Uint8Array(mitmFlows('x', 1))) as TnetDict[];
  writeFileSync(
    temp.store.mitmPath('drop'),
    Buffer.concat([
      filterCapture(),
      mitmFlows('more', 2500),
      encodeTnetstring({ ...plain!, id: 'p-flag', timestamp_created: 2e9 }),
    ]),
  );
});
afterAll(() => {
  pool.close();
  temp.remove();
});

async function answerLines(
  filter: string,
  whole: boolean,
  capture = 'cap',
): Promise<TrafficMatchLine[]> {
  const streamed = (await temp.store.answer(capture, undefined, [], 'full'))!;
  // without `records`: the capture read back as whole flows and parsed (the old path)
  const answer: TrafficAnswer = whole
    ? { since: null, batches: streamed.batches, end: () => streamed.end() }
    : streamed;
  return matchLines(answer, { expression: filter, flagPattern: FLAG_PATTERN }, pool);
}

const idsOf = matchedIds;

describe('traffic/matches over raw records', () => {
  const expressions = [
    ...FILTER_EXPRESSIONS,
    '~h cookie',
    '~hq accept-encoding',
    '~b flag',
    '!~b flag',
    '~bs "ctfy{"',
    '~h keep-alive & !~bs json',
    '~c 404 | ~h x-api-key',
  ];
  it.each(expressions)('%s: the same ids as over whole flows', async (filter) => {
    const [raw, whole] = await Promise.all([answerLines(filter, false), answerLines(filter, true)]);
    expect(idsOf(raw)).toEqual(idsOf(whole));
    // the same end; progress lines as batches are scanned, the last one counting every flow
    expect(raw.at(-1)).toEqual(whole.at(-1));
    expect(raw.at(-1)).toMatchObject({ done: true, scanned: 4624, truncated: false });
    expect(raw.length).toBeGreaterThan(2);
    const progress = raw.filter((line) => !('done' in line)) as { scanned: number }[];
    expect(progress.at(-1)!.scanned).toBe(4624);
  });

  it('a newer version of a matching flow that does not match drops it, as before', async () => {
    for (const filter of ['~flag', '~bs ctfy', '~c 200 & ~bs ctfy']) {
      const [raw, whole] = await Promise.all([
        answerLines(filter, false, 'drop'),
        answerLines(filter, true, 'drop'),
      ]);
      expect(raw.some((line) => !('done' in line) && line.ids.includes('p-flag'))).toBe(true);
      expect(raw.some((line) => !('done' in line) && line.dropped?.includes('p-flag'))).toBe(true);
      expect(idsOf(raw)).not.toContain('p-flag');
      expect(idsOf(raw)).toEqual(idsOf(whole));
    }
  });
});
