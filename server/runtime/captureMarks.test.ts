/**
 * The capture index's per-flow marks (`shared/capture/recordMarks.ts`) as
 * `traffic/matches` gets them with each run of raw records: made while a
 * dump is written (Live: pieces cut anywhere, a cut record read again), they
 * are each flow's `flowMarks`, and the prefilter given them answers as the
 * evaluator does.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchBatch } from '../../shared/capture/filter/batch';
import { parseFilter } from '../../shared/capture/filter/parse';
import { MAYBE, RecordPrefilter, YES } from '../../shared/capture/filter/prefilter';
import { parseMitmFile } from '../../shared/capture/mitm';
import { flowMarks, MARK_CHARSET, MARK_ENCODING } from '../../shared/capture/recordMarks';
import { encodeTnetstring, readTnetstrings, type TnetDict } from '../../shared/capture/tnetstring';
import { mitmFlows } from '../test/captureFiles';
import type { RecordRun } from './captureFile';
import { tempCaptureStore, type TempCaptureStore } from '../test/tempCaptureStore';

const b = (text: string) => new TextEncoder().encode(text);
const utf16 = (text: string) => {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) out[i * 2] = text.charCodeAt(i);
  return out;
};

/** Flows of the fixture whose responses are gzipped, in UTF-16, or say charset only in the body. */
function liveRecords(count: number): Buffer[] {
  const base = readTnetstrings(new Uint8Array(mitmFlows('live', count))) as TnetDict[];
  return base.map((record, i) => {
    if (record.response === null) return Buffer.from(encodeTnetstring(record));
    const response = { ...(record.response as TnetDict) };
    const kind = i % 4;
    if (kind === 0) {
      response.headers = [[b('Content-Encoding'), b('gzip')]];
      response.content = gzipSync(b(`gzipped secret ${i}`));
    } else if (kind === 1) {
      response.headers = [[b('content-type'), b('text/plain; charset=UTF-16LE')]];
      response.content = utf16(`wide secret ${i}`);
    } else if (kind === 2) {
      response.headers = [[b('content-type'), b('text/plain')]];
      response.content = b(`charset=utf-16 content-encoding: br (no secret) ${i}`);
    } else {
      response.headers = [[b('content-type'), b('text/plain; charset=utf-8')]];
      response.content = b(`plain secret ${i}`);
    }
    return Buffer.from(encodeTnetstring({ ...record, response }));
  });
}

describe('index marks of a capture written while it is read', () => {
  let temp: TempCaptureStore;
  beforeAll(() => {
    temp = tempCaptureStore('ctfy-marks-');
  });
  afterAll(() => temp.remove());

  /** The raw-record runs of a whole answer for the capture as it is now. */
  async function runs(key: string): Promise<RecordRun[]> {
    const answer = (await temp.store.answer(key, undefined, [], 'full'))!;
    const out: RecordRun[] = [];
    for await (const batch of answer.records!) if ('runs' in batch) out.push(...batch.runs);
    answer.end();
    return out;
  }

  it('are each flow’s flowMarks, and the prefilter given them answers as the evaluator', async () => {
    const records = liveRecords(60);
    const bytes = Buffer.concat(records);
    const path = temp.store.mitmPath('live');
    writeFileSync(path, '');
    // pieces cut inside records: each answer indexes what is whole so far
    let written = 0;
    let step = 0;
    while (written < bytes.length) {
      const next = Math.min(bytes.length, written + 37 + ((step++ * 997) % 1500));
      appendFileSync(path, bytes.subarray(written, next));
      written = next;
      const seen = await runs('live');
      const marks = seen.flatMap((run) => [...run.marks!]);
      const whole = parseMitmFile(bytes.subarray(0, written)).flows;
      expect(marks).toEqual(whole.map(flowMarks));
    }
    const flows = parseMitmFile(bytes).flows;
    expect(flows.length).toBe(60);
    const got = await runs('live');
    expect(got.reduce((n, run) => n + run.starts.length, 0)).toBe(60);
    const marks = got.flatMap((run) => [...run.marks!]);
    // what each kind of flow is marked with (its response's headers): a body's charset is not
    const byKind = [MARK_ENCODING, MARK_CHARSET, 0, 0];
    const withResponse = flows.flatMap((flow, i) => (flow.response ? [i] : []));
    expect(withResponse.length).toBeGreaterThan(40);
    for (const i of withResponse)
      expect({ i, marks: marks[i] }).toEqual({ i, marks: byKind[i % 4] });
    // the prefilter given the index's marks: every NO and YES is the evaluator's
    for (const filter of ['~b secret', '~bs "no secret"', '!~b wide', '~b gzipped | ~h cookie']) {
      const node = parseFilter(filter);
      const expected = matchBatch(node, flows);
      const prefilter = RecordPrefilter.for(node)!;
      let proven = 0;
      for (const run of got) {
        const { verdicts } = prefilter.scan(run.bytes, run.starts, run.ends, run.marks);
        verdicts.forEach((verdict, i) => {
          if (verdict === MAYBE) return;
          proven++;
          expect({ filter, i: run.first + i, match: verdict === YES }).toEqual({
            filter,
            i: run.first + i,
            match: expected[run.first + i] === 1,
          });
        });
      }
      expect(proven).toBeGreaterThan(30);
    }
  });
});
