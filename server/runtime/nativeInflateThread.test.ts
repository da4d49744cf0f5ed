/**
 * The platform's filter threads inflate with Node's zlib (`nativeInflate.ts`,
 * installed by `filterWorker.ts`): `/traffic/matches` over bodies large
 * enough for it, intact and damaged, answers what the shared evaluator
 * answers over the same flows content-decoded by fflate alone.
 */
import { writeFileSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realisticBody, seeded } from '../../scripts/make-fixtures.mjs';
import { loadBrotli } from '../../shared/capture/contentDecode';
import { matchBatch } from '../../shared/capture/filter/batch';
import { parseMitmFile } from '../../shared/capture/mitm';
import { encodeTnetstring, readTnetstrings, type TnetDict } from '../../shared/capture/tnetstring';
import { mitmFlows } from '../test/captureFiles';
import { matchedIds, matchLines } from '../test/matchLines';
import { tempCaptureStore, type TempCaptureStore } from '../test/tempCaptureStore';
import { FilterPool } from './filterPool';
import { parseWithFlagPattern } from './filterSession';

const FLAG_PATTERN = '[A-Za-z0-9_]{2,32}\\{[^}\\n]{1,200}\\}';
const enc = new TextEncoder();
const u8 = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.length);

/** 400 flows whose response bodies are gzip/deflate/raw deflate, some damaged, some with a flag or "error". */
function inflateCapture(): Buffer {
  const [base] = readTnetstrings(new Uint8Array(mitmFlows('x', 1))) as TnetDict[];
  const response = base!.response as TnetDict;
  const random = seeded(7);
  const records: Uint8Array[] = [];
  for (let i = 0; i < 400; i++) {
    let text = Buffer.from(realisticBody(i % 2 ? 'html' : 'json', 300 + ((i * 97) % 3500), random));
    if (i % 5 === 0) text = Buffer.concat([text, enc.encode(` ctfy{flag_${i}} `), text]);
    if (i % 11 === 0) text = Buffer.concat([text, enc.encode(' internal error ')]);
    const gz = u8(zlib.gzipSync(text));
    const variants: [string, Uint8Array][] = [
      ['gzip', gz],
      ['deflate', u8(zlib.deflateSync(text))],
      ['deflate', u8(zlib.deflateRawSync(text))],
      ['gzip', Buffer.concat([gz, gz])], // two members
      ['gzip', Buffer.concat([gz.subarray(0, -8), Buffer.alloc(4), gz.subarray(-4)])], // CRC wrong
      ['gzip', Buffer.concat([gz.subarray(0, -4), Buffer.from([9, 0, 0, 0])])], // ISIZE 9
      ['gzip', Buffer.concat([gz.subarray(0, gz.length >> 1), gz.subarray(-8)])], // stream cut short
    ];
    const [coding, content] = variants[i % variants.length]!;
    const record: TnetDict = {
      ...base!,
      id: `z-${i}`,
      timestamp_created: 1e9 + i,
      response: {
        ...response,
        headers: [
          [enc.encode('content-type'), enc.encode('text/html')],
          [enc.encode('content-encoding'), enc.encode(coding)],
        ],
        content,
      },
    };
    records.push(encodeTnetstring(record));
  }
  return Buffer.concat(records);
}

const pool = new FilterPool();
let temp: TempCaptureStore;
let bytes: Buffer;

beforeAll(async () => {
  await loadBrotli();
  temp = tempCaptureStore('ctfy-inflate-');
  bytes = inflateCapture();
  writeFileSync(temp.store.mitmPath('cap'), bytes);
});
afterAll(() => {
  pool.close();
  temp.remove();
});

async function platformIds(filter: string): Promise<string[]> {
  const answer = (await temp.store.answer('cap', undefined, [], 'full'))!;
  return matchedIds(
    await matchLines(answer, { expression: filter, flagPattern: FLAG_PATTERN }, pool),
  );
}

describe('filter threads with native inflate', () => {
  it.each(['~b flag', '~b error', '~flag', '~bs "ctfy{flag_"', '~b team & !~b error'])(
    '%s: the evaluator’s answer over fflate-decoded flows',
    async (filter) => {
      const { flows } = parseMitmFile(bytes);
      const hits = matchBatch(parseWithFlagPattern(filter, FLAG_PATTERN), flows);
      const expected = flows.filter((_, i) => hits[i] === 1).map((f) => f.id);
      expect(expected.length).toBeGreaterThan(0);
      expect(await platformIds(filter)).toEqual(expected.sort());
    },
  );
});
