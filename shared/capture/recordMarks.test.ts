/**
 * The capture index's marks (`MitmFlowReader.nextSummary().marks`, which
 * `flowMarks` of the whole flow equals: mitmSummary.test.ts) against
 * - the facts they stand for, as the evaluator reads the flow (its first
 *   Content-Encoding undoes something; its first Content-Type's charset is
 *   not one that keeps ASCII as it is): every fact is marked;
 * - the marks the prefilter finds by searching a record's bytes
 *   (`RecordPrefilter.searchedMarks`): the index marks no more than they,
 *   and fewer where `charset` or `content-encoding` is only in a body or URL;
 * on real mitmdump 8.1.1 captures, flows with odd headers, websockets, a
 * body limit and captures damaged at random bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Flow } from '../schemas';
import { headerValue } from './decode';
import { RecordPrefilter, searchRecordBytes } from './filter/prefilter';
import { MitmFlowReader, type MitmParseOptions } from './mitm';
import { charsetIsSafe, flowMarks, headerMark, MARK_CHARSET, MARK_ENCODING } from './recordMarks';
import { concatBytes } from './testFlows';
import { encodeTnetstring, readTnetstrings, type TnetDict } from './tnetstring';

const fixtureBytes = (name: string) =>
  new Uint8Array(readFileSync(join(__dirname, '../../e2e/fixtures', name)));
const real = fixtureBytes('mitmproxy-8.1.1.mitm');
const hostile = fixtureBytes('hostile-8.1.1.mitm');
const originals = [...readTnetstrings(real), ...readTnetstrings(hostile)] as TnetDict[];
const httpState = originals.find(
  (s) => s.type === 'http' && s.response !== null && s.websocket === null,
)!;
const bytes = (text: string) => new TextEncoder().encode(text);
const req = (s: TnetDict) => s.request as TnetDict;
const res = (s: TnetDict) => s.response as TnetDict;

function variant(patch: (state: TnetDict) => void): Uint8Array {
  const state = structuredClone(httpState);
  patch(state);
  return encodeTnetstring(state);
}

type Header = [Uint8Array, Uint8Array];
const h = (name: string, value: string): Header => [bytes(name), bytes(value)];

/** Flows whose headers, bodies and URLs hold what the marks are about, in odd ways. */
const synthetic: [string, (s: TnetDict) => void][] = [
  ['gzip, odd case', (s) => (res(s).headers = [h('CONTENT-ENCODING', 'gzip')])],
  ['identity only', (s) => (res(s).headers = [h('Content-Encoding', 'identity')])],
  [
    'identity first, gzip second',
    (s) => (res(s).headers = [h('content-encoding', ' Identity '), h('Content-Encoding', 'gzip')]),
  ],
  ['an empty coding', (s) => (req(s).headers = [h('content-encoding', '')])],
  [
    'a request coding only',
    (s) => (req(s).headers = [h('Content-Encoding', 'deflate'), h('cookie', 'a=b')]),
  ],
  ['utf-16, odd case', (s) => (res(s).headers = [h('CoNtEnT-tYpE', 'text/plain; CHARSET=UTF-16')])],
  [
    'two charsets in one value (the last counts)',
    (s) => (res(s).headers = [h('content-type', 'text/plain; charset=utf-8; charset=koi8-r')]),
  ],
  [
    'a safe first Content-Type, an unsafe second',
    (s) =>
      (res(s).headers = [
        h('Content-Type', 'text/html; charset=utf-8'),
        h('Content-Type', 'text/plain; charset=shift_jis'),
      ]),
  ],
  [
    'safe charsets: quoted utf-8, latin1 (windows-1252), an unknown label',
    (s) => (
      (req(s).headers = [h('content-type', 'text/plain; charset="UTF-8"')]),
      (res(s).headers = [
        h('content-type', 'text/plain; charset=latin1'),
        h('content-type', 'text/plain; charset=no-such-charset'),
      ])
    ),
  ],
  [
    'spaces around the =',
    (s) => (res(s).headers = [h('content-type', 'text/plain; charset = utf-16be')]),
  ],
  [
    'charset and content-encoding only in the bodies and the URL',
    (s) => (
      (req(s).path = bytes('/search?charset=utf-16&content-encoding=gzip')),
      (req(s).content = bytes('charset=shift_jis')),
      (res(s).content = bytes('Content-Encoding: br; charset=utf-16')),
      (res(s).headers = [h('content-type', 'text/plain')])
    ),
  ],
  [
    'header names that are almost the ones marked',
    (s) =>
      (res(s).headers = [
        h('Content-Encodings', 'gzip'),
        h('X-Content-Encoding', 'gzip'),
        h('content-typ', 'text/plain; charset=utf-16'),
        h('\u212aontent-type', 'text/plain; charset=utf-16'),
        h('x-charset', 'utf-16'),
      ]),
  ],
  [
    'a websocket whose request is encoded and whose messages say charset',
    (s) => (
      (req(s).headers = [h('Content-Encoding', 'gzip'), h('Upgrade', 'websocket')]),
      (s.websocket = {
        messages: [
          [1, true, bytes('charset=utf-16'), 1.5],
          [2, false, bytes('content-encoding'), 1.6],
        ],
        close_code: 1000,
      })
    ),
  ],
  [
    'a websocket with an unsafe charset',
    (s) => (
      (res(s).headers = [h('content-type', 'text/plain; charset=utf-16le')]),
      (s.websocket = { messages: [[1, true, bytes('hi'), 1.5]], close_code: 1000 })
    ),
  ],
  ['no response', (s) => ((s.response = null), (req(s).headers = [h('content-encoding', 'br')]))],
  [
    'a long body (cut by a body limit)',
    (s) => (
      (res(s).headers = [h('content-type', 'text/plain; charset=utf-16')]),
      (res(s).content = bytes('x'.repeat(500)))
    ),
  ],
];

/** The facts the marks stand for, as the evaluator reads the flow. */
function facts(flow: Flow): number {
  let marks = 0;
  for (const side of [flow.request, flow.response]) {
    if (!side) continue;
    const codings = (headerValue(side.headers, 'content-encoding') ?? '')
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .filter((c) => c && c !== 'identity');
    if (codings.length > 0) marks |= MARK_ENCODING;
    if (!charsetIsSafe(headerValue(side.headers, 'content-type'))) marks |= MARK_CHARSET;
  }
  return marks;
}

interface Indexed {
  marks: number;
  start: number;
  end: number;
}

/** Each flow as the index keeps it (marks, record range) and as the evaluator reads it. */
function read(capture: Uint8Array, options: MitmParseOptions = {}) {
  const index: Indexed[] = [];
  const fast = new MitmFlowReader({ ...options, bodySizesOnly: true });
  fast.push(capture);
  fast.finish();
  for (let s = fast.nextSummary(); s; s = fast.nextSummary())
    index.push({ marks: s.marks, start: fast.recordStart, end: fast.recordEnd });
  const whole = new MitmFlowReader(options);
  whole.push(capture);
  whole.finish();
  const flows: Flow[] = [];
  for (let f = whole.next(); f; f = whole.next()) flows.push(f);
  return { index, flows };
}

/** Checks facts ⊆ index marks ⊆ searched marks for every flow; the three per flow. */
function check(capture: Uint8Array, options: MitmParseOptions = {}) {
  const { index, flows } = read(capture, options);
  expect(index.length).toBe(flows.length);
  const starts = index.map((i) => i.start);
  const ends = index.map((i) => i.end);
  const rows: { fact: number; mark: number; searched: number }[] = [];
  for (const asBytes of [false, true]) {
    searchRecordBytes(asBytes);
    const searched = RecordPrefilter.searchedMarks(capture, starts, ends);
    index.forEach(({ marks }, r) => {
      const fact = facts(flows[r]!);
      expect({ r, fact: fact & ~marks }).toEqual({ r, fact: 0 });
      expect({ r, beyond: marks & ~searched[r]! }).toEqual({ r, beyond: 0 });
      expect(marks).toBe(flowMarks(flows[r]!));
      if (!asBytes) rows.push({ fact, mark: marks, searched: searched[r]! });
    });
  }
  return rows;
}

afterEach(() => searchRecordBytes(false));

describe('the capture index marks every body fact the prefilter needs, and no more than its search', () => {
  it('on real mitmdump 8.1.1 captures', () => {
    for (const capture of [real, hostile]) {
      const rows = check(capture);
      expect(rows.length).toBeGreaterThan(5);
    }
  });

  it('on flows with odd casing, several headers, charsets in bodies and URLs, websockets, a body limit', () => {
    const capture = concatBytes(synthetic.map(([, patch]) => variant(patch)));
    for (const options of [{}, { maxBodyBytes: 40 }]) {
      const rows = check(capture, options);
      expect(rows.length).toBe(synthetic.length);
      const at = (name: string) => rows[synthetic.findIndex(([n]) => n === name)]!;
      expect(at('gzip, odd case')).toEqual({ fact: 1, mark: 1, searched: 1 });
      // conservative: a coding that undoes nothing is marked too
      expect(at('identity only')).toEqual({ fact: 0, mark: 1, searched: 1 });
      expect(at('two charsets in one value (the last counts)').fact).toBe(MARK_CHARSET);
      expect(at('a safe first Content-Type, an unsafe second')).toEqual({
        fact: 0,
        mark: 2,
        searched: 2,
      });
      expect(at('safe charsets: quoted utf-8, latin1 (windows-1252), an unknown label').mark).toBe(
        0,
      );
      // the search marks what is only in bodies and URLs; the index does not
      expect(at('charset and content-encoding only in the bodies and the URL')).toEqual({
        fact: 0,
        mark: 0,
        searched: 3,
      });
      expect(at('header names that are almost the ones marked')).toEqual({
        fact: 0,
        mark: 0,
        searched: 3,
      });
      expect(at('a websocket whose request is encoded and whose messages say charset')).toEqual({
        fact: 1,
        mark: 1,
        searched: 3,
      });
      expect(at('a websocket with an unsafe charset').mark).toBe(MARK_CHARSET);
      expect(at('no response').mark).toBe(MARK_ENCODING);
      expect(at('a long body (cut by a body limit)').mark).toBe(MARK_CHARSET);
    }
  });

  it('on captures damaged at random bytes (the flows read before and after the damage)', () => {
    const capture = concatBytes([real, ...synthetic.map(([, patch]) => variant(patch))]);
    let seed = 0x5eed;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const damage = [0x3a, 0x2c, 0x5d, 0x7d, 0x30, 0x39, 0x78, 0xff, 0x43, 0x63, 0x3b];
    let marked = 0;
    for (let round = 0; round < 150; round++) {
      const damaged = capture.slice();
      const hits = 1 + Math.floor(random() * 3);
      for (let i = 0; i < hits; i++)
        damaged[Math.floor(random() * damaged.length)] =
          damage[Math.floor(random() * damage.length)]!;
      marked += check(damaged, round % 2 ? { maxBodyBytes: 8 } : {}).filter((r) => r.mark).length;
    }
    expect(marked).toBeGreaterThan(150);
  });

  it('headerMark compares names as headerValue does (toLowerCase), only content-encoding and content-type', () => {
    expect(headerMark('Content-Encoding', 'identity')).toBe(MARK_ENCODING);
    expect(headerMark('content-type', 'text/plain; charset=utf-16')).toBe(MARK_CHARSET);
    expect(headerMark('content-type', 'text/plain; charset=utf-8')).toBe(0);
    expect(headerMark('content-type', 'text/plain; charset=windows-1252')).toBe(0);
    expect(headerMark('Content-Typ', 'text/plain; charset=utf-16')).toBe(0);
    expect(headerMark('\u212aontent-type', 'text/plain; charset=utf-16')).toBe(0);
    expect(headerMark('Content-\u0130ype', 'text/plain; charset=utf-16')).toBe(0);
  });
});
