import { describe, expect, it } from 'vitest';
import { makeFlow } from '@shared/capture/testFlows';
import { TrafficDocumentStream, type DocumentEnd } from './documentStream';
import { CaptureFormatError } from '@shared/capture/captureJson';
import { decodeCaptureBytes } from './document';
import { flowSummary } from '@shared/capture/summary';
import { SUMMARY_ROW_FIELDS, summaryRowOrObject } from '@shared/capture/summaryRows';

const enc = new TextEncoder();

/** Feeds `bytes` cut at `cuts` and collects every flow and the end. */
function read(bytes: Uint8Array, cuts: number[]): { flows: unknown[]; end: DocumentEnd } {
  const stream = new TrafficDocumentStream();
  const flows: unknown[] = [];
  let from = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b)]) {
    flows.push(...stream.push(bytes.subarray(from, cut)));
    from = cut;
  }
  flows.push(...stream.push(bytes.subarray(from)));
  const last = stream.end();
  flows.push(...last.flows);
  return { flows, end: last.end };
}

/** A tiny seeded generator, so a failing case can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

const NASTY = [
  '"quoted" \\ backslash \\\\" still inside',
  '{"flows":[1,2]} ] } [ {',
  'ünïcødé ✓ 😀 中文 \u2028\u2029',
  '\u0000\u001f control',
  '',
  '\\u0022 not an escape in the raw text',
];

function nastyFlow(i: number, rnd: () => number) {
  const pick = () => NASTY[Math.floor(rnd() * NASTY.length)]!;
  return makeFlow({
    id: `flow-${i}-${pick()}`,
    method: 'POST',
    path: `/p/${i}?q=${pick()}`,
    reqHeaders: [
      ['x-nasty', pick()],
      ['x-more', pick()],
    ],
    reqBody: { encoding: 'utf-8', data: pick().repeat(1 + Math.floor(rnd() * 50)), size: 1 },
  });
}

describe('TrafficDocumentStream', () => {
  it('hands out the same flows as JSON.parse, wherever the bytes are cut', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = random(seed);
      const flows = Array.from({ length: 1 + Math.floor(rnd() * 30) }, (_, i) => nastyFlow(i, rnd));
      const doc = {
        format: 'ctfy-traffic/1',
        instance_id: 'i-"x"',
        flows,
        truncated: seed % 2 === 0,
        cursor: `c:${seed}`,
      };
      const text = seed % 3 === 0 ? JSON.stringify(doc, null, 2) : JSON.stringify(doc);
      const bytes = enc.encode(text);
      const cuts = Array.from({ length: Math.floor(rnd() * 40) }, () =>
        Math.floor(rnd() * bytes.length),
      );
      const got = read(bytes, cuts);
      expect(got.flows, `seed ${seed}`).toEqual(JSON.parse(text).flows);
      expect(got.end).toEqual({
        kind: 'flows',
        truncated: seed % 2 === 0,
        cursor: `c:${seed}`,
        since: null,
        late: [],
      });
    }
  });

  it('summary rows: the very summaries of the object view, wherever the bytes are cut, one a line or not', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rnd = random(seed);
      const flows = Array.from({ length: 1 + Math.floor(rnd() * 30) }, (_, i) => {
        const flow: Record<string, unknown> = nastyFlow(i, rnd);
        // now and then a flow no row fits: it comes as its summary object
        if (rnd() < 0.2) flow.marked = ':x: ]\n[';
        return flow;
      });
      const head = `{"format":"ctfy-traffic/1","instance_id":"i","view":"summary","layout":"rows","fields":${JSON.stringify(SUMMARY_ROW_FIELDS)},"flows":[`;
      const lineEnd = seed % 3 === 0 ? '' : '\n';
      const rows = flows.map((f) => JSON.stringify(summaryRowOrObject(f)) + lineEnd);
      const text = `${head}${rows.join(',')}],"cursor":"c:${seed}"}`;
      const bytes = enc.encode(text);
      const cuts = Array.from({ length: Math.floor(rnd() * 40) }, () =>
        Math.floor(rnd() * bytes.length),
      );
      const got = read(bytes, cuts);
      expect(got.flows, `seed ${seed}`).toEqual(
        flows.map((f) => JSON.parse(JSON.stringify(flowSummary(f))) as unknown),
      );
      expect(got.end).toMatchObject({ kind: 'flows', cursor: `c:${seed}`, truncated: false });
    }
  });

  it('summary rows: says which row is malformed, and a head that lacks a field', () => {
    const fields = JSON.stringify(SUMMARY_ROW_FIELDS);
    const head = `{"format":"ctfy-traffic/1","instance_id":"i","view":"summary","layout":"rows","fields":`;
    const good = JSON.stringify(summaryRowOrObject(makeFlow({ id: 'a' })));
    const bad = good.replace('"GET"', '7');
    expect(bad).not.toBe(good);
    expect(() => read(enc.encode(`${head}${fields},"flows":[${good}\n,${bad}\n]}`), [])).toThrow(
      'Summary row 1 has a malformed "method".',
    );
    const lacking = JSON.stringify(SUMMARY_ROW_FIELDS.filter((f) => f !== 'path'));
    expect(() => read(enc.encode(`${head}${lacking},"flows":[${good}\n]}`), [])).toThrow(
      /lack the field "path"/,
    );
  });

  it('reads one byte at a time (multi-byte characters split across chunks)', () => {
    const flows = [nastyFlow(1, random(7)), nastyFlow(2, random(8))];
    const text = JSON.stringify({ format: 'ctfy-traffic/1', instance_id: 'i', flows });
    const bytes = enc.encode(text);
    const got = read(
      bytes,
      Array.from({ length: bytes.length }, (_, i) => i),
    );
    expect(got.flows).toEqual(JSON.parse(text).flows);
  });

  it('hands out flows before the document has ended', () => {
    const flows = [makeFlow({ id: 'a' }), makeFlow({ id: 'b' })];
    const text = JSON.stringify({ format: 'ctfy-traffic/1', instance_id: 'i', flows });
    const stream = new TrafficDocumentStream();
    const firstEnds = text.indexOf(',{"id":"b"');
    expect(firstEnds).toBeGreaterThan(0);
    const early = stream.push(enc.encode(text.slice(0, firstEnds + 1)));
    expect(early).toEqual([JSON.parse(text).flows[0]]);
    expect(stream.count).toBe(1);
  });

  it('keeps keys after the flows, and "since" for a delta answer', () => {
    const text =
      '{"format":"ctfy-traffic/1","since":"s1","instance_id":"i","flows":[{"id":"z"}],"cursor":"s2","truncated":true}';
    expect(read(enc.encode(text), [20, 70])).toEqual({
      flows: [{ id: 'z' }],
      end: { kind: 'flows', truncated: true, cursor: 's2', since: 's1', late: [] },
    });
  });

  it('ignores a "flows" that is a string value or a nested key', () => {
    const text =
      '{"format":"ctfy-traffic/1","note":"flows","x":{"flows":[9]},"instance_id":"i","flows":[{"id":"a"}]}';
    expect(read(enc.encode(text), [30, 31, 45]).flows).toEqual([{ id: 'a' }]);
  });

  it('finds flows under an escaped key at the end', () => {
    const text = '{"format":"ctfy-traffic/1","instance_id":"i","\\u0066lows":[{"id":"a"}]}';
    expect(read(enc.encode(text), [])).toEqual({
      flows: [],
      end: { kind: 'flows', truncated: false, cursor: null, since: null, late: [{ id: 'a' }] },
    });
  });

  it('{} is no capture', () => {
    expect(read(enc.encode(' {} '), [2]).end).toEqual({ kind: 'empty' });
  });

  it.each([
    ['not json'],
    ['[1,2]'],
    ['{"format":"other/9","flows":[]}'],
    ['{"format":"ctfy-traffic/1","flows":{}}'],
    [''],
    ['<html><body>Bad gateway</body></html>'],
  ])('rejects %j with the message of a non-streamed read', (text) => {
    let expected = '';
    try {
      decodeCaptureBytes(enc.encode(text));
    } catch (e) {
      expected = (e as Error).message;
    }
    expect(expected).not.toBe('');
    expect(() => read(enc.encode(text), [3])).toThrow(CaptureFormatError);
    expect(() => read(enc.encode(text), [3])).toThrow(expected);
  });

  it.each([
    [
      'a document cut short',
      '{"format":"ctfy-traffic/1","instance_id":"i","flows":[{"id":"a"},{"id"',
      /ended in the middle/,
    ],
    [
      'a broken flow',
      '{"format":"ctfy-traffic/1","instance_id":"i","flows":[{"id":"a"},{"id" 5}]}',
      /not valid JSON/,
    ],
    [
      'a trailing comma',
      '{"format":"ctfy-traffic/1","instance_id":"i","flows":[{"id":"a"},]}',
      /not valid JSON/,
    ],
    [
      'text after the document',
      '{"format":"ctfy-traffic/1","instance_id":"i","flows":[]} x',
      /not valid JSON/,
    ],
  ])('says so for %s', (_, text, message) => {
    expect(() => read(enc.encode(text), [10])).toThrow(message);
  });
});
