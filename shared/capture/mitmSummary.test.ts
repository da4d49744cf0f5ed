/**
 * `MitmFlowReader.nextSummary` (the index's fast walk) against the whole
 * flow: the same flows, record ranges and warnings as `next`, and each
 * summary the very JSON text `JSON.stringify(summaryRowOrObject(flow))`
 * gives, and its marks those `flowMarks` gives the flow, on real mitmdump
 * 8.1.1 captures, on flows with every odd field the mapping knows, and on
 * captures with bytes damaged at random.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MitmFlowReader, type MitmParseOptions } from './mitm';
import { flowMarks } from './recordMarks';
import { summaryRowOrObject } from './summaryRows';
import { encodeTnetstring, readTnetstrings, type TnetDict } from './tnetstring';
import { concatBytes } from './testFlows';

const fixtureBytes = (name: string) =>
  new Uint8Array(readFileSync(join(__dirname, '../../e2e/fixtures', name)));
const real = fixtureBytes('mitmproxy-8.1.1.mitm');
const hostile = fixtureBytes('hostile-8.1.1.mitm');

interface Indexed {
  start: number;
  end: number;
  id: string;
  created: number;
  json: string;
  marks: number;
}

/** What an index keeps of each flow, and the warnings, read with `next` (the whole flow) or `nextSummary`. */
function index(bytes: Uint8Array, fast: boolean, options: MitmParseOptions, chunk = bytes.length) {
  const reader = new MitmFlowReader({ ...options, bodySizesOnly: true });
  const flows: Indexed[] = [];
  const take = () => {
    for (;;) {
      if (fast) {
        const entry = reader.nextSummary();
        if (!entry) return;
        flows.push({ start: reader.recordStart, end: reader.recordEnd, ...entry });
      } else {
        const flow = reader.next();
        if (!flow) return;
        flows.push({
          start: reader.recordStart,
          end: reader.recordEnd,
          id: flow.id,
          created: flow.timestamp_created,
          json: JSON.stringify(summaryRowOrObject(flow)),
          marks: flowMarks(flow),
        });
      }
    }
  };
  for (let at = 0; at < bytes.length; at += chunk) {
    reader.push(bytes.subarray(at, Math.min(bytes.length, at + chunk)));
    take();
  }
  reader.finish();
  take();
  return { flows, warnings: reader.warnings(), damaged: reader.damaged };
}

function expectSame(bytes: Uint8Array, options: MitmParseOptions = {}, chunk?: number) {
  const whole = index(bytes, false, options, chunk);
  const fast = index(bytes, true, options, chunk);
  expect(fast).toEqual(whole);
  return whole;
}

const originals = [...readTnetstrings(real), ...readTnetstrings(hostile)] as TnetDict[];
const httpState = originals.find(
  (s) => s.type === 'http' && s.response !== null && s.websocket === null,
)!;

function variant(patch: (state: TnetDict) => void, from: TnetDict = httpState): Uint8Array {
  const state = structuredClone(from);
  patch(state);
  return encodeTnetstring(state);
}

const req = (s: TnetDict) => s.request as TnetDict;
const res = (s: TnetDict) => s.response as TnetDict;
const bytes = (text: string) => new TextEncoder().encode(text);

/** Flows with each odd field the mapping reads (a summary object, a skipped flow, odd text). */
const oddStates: [string, (s: TnetDict) => void][] = [
  ['port as a float', (s) => (req(s).port = 80.5)],
  ['port as text', (s) => (req(s).port = 'eighty')],
  ['status as a float', (s) => (res(s).status_code = 200.5)],
  ['status as text', (s) => (res(s).status_code = '200')],
  ['no timestamp_created', (s) => delete s.timestamp_created],
  ['timestamp_created nan', (s) => (s.timestamp_created = NaN)],
  ['timestamp_created as text', (s) => (s.timestamp_created = 'now')],
  ['request start infinite', (s) => (req(s).timestamp_start = Infinity)],
  ['request end missing', (s) => delete req(s).timestamp_end],
  ['request end nan', (s) => (req(s).timestamp_end = NaN)],
  ['response start as text', (s) => (res(s).timestamp_start = 'x')],
  ['17-digit timestamps', (s) => (s.timestamp_created = 1764470000.1234567)],
  ['16-digit timestamps', (s) => (req(s).timestamp_start = 1764470000.123456)],
  [
    'tiny and huge numbers',
    (s) => ((req(s).timestamp_start = 1e-7), (res(s).timestamp_end = 1e21)),
  ],
  ['negative zero', (s) => (req(s).timestamp_end = -0)],
  ['content null', (s) => (req(s).content = null)],
  ['content as an int', (s) => (res(s).content = 5)],
  ['content as unicode', (s) => (res(s).content = 'héllo')],
  [
    'content of exactly 8 bytes',
    (s) => ((req(s).content = bytes('12345678')), (res(s).content = bytes('123456789'))),
  ],
  ['content missing', (s) => delete res(s).content],
  ['response null', (s) => (s.response = null)],
  ['response as an int', (s) => (s.response = 3)],
  ['response missing', (s) => delete s.response],
  ['request as a list', (s) => (s.request = [1, 2])],
  ['headers null', (s) => (req(s).headers = null)],
  ['headers as a dict', (s) => (req(s).headers = { a: 1 })],
  ['a header of three items', (s) => (req(s).headers = [[bytes('a'), bytes('b'), bytes('c')]])],
  ['a header name as an int', (s) => (res(s).headers = [[7, bytes('b')]])],
  ['a header value as an int', (s) => (res(s).headers = [[bytes('content-type'), 7]])],
  ['a header that is no list', (s) => (res(s).headers = [bytes('content-type')])],
  [
    'Content-Type in odd cases and texts',
    (s) =>
      (res(s).headers = [
        [bytes('CONTENT-TYPE'), bytes('text/html; charset="utf-8"\n\u0000')],
        ['Content-Type', 'application/json ✓'],
        [bytes('content-typé'), bytes('x')],
        [bytes('Content-Typ'), bytes('x')],
        [bytes('Content-Type '), bytes('x')],
        [new Uint8Array([0x43, 0xff, 0x6e]), new Uint8Array([0xc3, 0x28, 0xe2, 0x82])],
        [bytes('content-type'), new Uint8Array([0xff, 0xfe, 0x22, 0x5c])],
        [bytes('\u212aontent-type'), bytes('kelvin')],
      ]),
  ],
  [
    'Content-Encoding and charsets in odd cases, several of each (the marks)',
    (s) => (
      (req(s).headers = [
        [bytes('content-encoding'), bytes('identity')],
        [bytes('Content-Type'), bytes('text/plain; charset=utf-8; charset=KOI8-R')],
      ]),
      (res(s).headers = [
        [bytes('CONTENT-TYPE'), bytes('text/html')],
        [bytes('Content-Type'), bytes('text/plain; Charset="UTF-16LE"')],
        [bytes('cOnTeNt-EnCoDiNg'), bytes('gzip, br')],
        [bytes('content-encodinG'), bytes('')],
      ])
    ),
  ],
  [
    'a WebSocket whose response declares a charset (the marks of a whole flow)',
    (s) => (
      (res(s).headers = [[bytes('content-type'), bytes('text/plain; charset=shift_jis')]]),
      (s.websocket = { messages: [[1, true, bytes('charset'), 1.5]], close_code: 1000 })
    ),
  ],
  ['method as bytes with quotes', (s) => (req(s).method = bytes('G"E\\T\u2028'))],
  ['host as an int', (s) => (req(s).host = 1)],
  ['path with invalid UTF-8', (s) => (req(s).path = new Uint8Array([0x2f, 0xc0, 0xaf, 0xed]))],
  ['reason missing', (s) => delete res(s).reason],
  ['reason as an int', (s) => (res(s).reason = 4)],
  ['http_version missing', (s) => delete res(s).http_version],
  ['an error', (s) => (s.error = { msg: 'boom "x"', timestamp: 1764470000.25 })],
  ['an error without a time', (s) => (s.error = { msg: 'boom' })],
  ['an error as a list', (s) => (s.error = ['boom'])],
  [
    'a WebSocket',
    (s) =>
      (s.websocket = {
        messages: [[1, true, bytes('hi'), 1.5]],
        close_code: 1000,
        close_reason: 'bye',
      }),
  ],
  ['a WebSocket as an int', (s) => (s.websocket = 2)],
  ['a malformed WebSocket message', (s) => (s.websocket = { messages: [[1, true]] })],
  ['client address as text', (s) => ((s.client_conn as TnetDict).address = 'x')],
  ['client as a list', (s) => (s.client_conn = [1])],
  ['client peername only', (s) => ((s.client_conn as TnetDict).peername = ['10.0.0.1', 1])],
  ['server address port as text', (s) => ((s.server_conn as TnetDict).address = ['h', 'p'])],
  ['id as an int', (s) => (s.id = 5)],
  ['id with quotes', (s) => (s.id = 'a"b\\c\u0001')],
  ['version 12', (s) => (s.version = 12)],
  ['version missing', (s) => delete s.version],
  ['a TCP flow', (s) => (s.type = 'tcp')],
  ['type missing', (s) => delete s.type],
];

describe('MitmFlowReader.nextSummary: the index entry without the whole flow', () => {
  it('gives the same flows, ranges and summary JSON as the whole flow on real mitmdump 8.1.1 captures', () => {
    for (const capture of [real, hostile]) {
      const { flows, warnings } = expectSame(capture);
      expect(flows.length).toBeGreaterThan(5);
      expect(warnings).toEqual([]);
      expect(flows.every((f) => f.json.startsWith('['))).toBe(true);
      expect(flows.some((f) => /"content-type"/i.test(f.json))).toBe(true);
      expectSame(capture, { maxBodyBytes: 16 }, 97);
    }
  });

  it('gives the same as the whole flow for every odd field: rows, summary objects and skipped flows alike', () => {
    const parts: Uint8Array[] = [];
    for (const [, patch] of oddStates) {
      parts.push(variant(patch));
      const single = concatBytes([variant(patch), encodeTnetstring(httpState)]);
      expectSame(single);
      expectSame(single, { maxBodyBytes: 3 });
    }
    // a flow whose keys repeat (the last value counts, in both)
    const state = encodeTnetstring(httpState);
    const payload = state.subarray(state.indexOf(0x3a) + 1, state.length - 1);
    const repeated = concatBytes([
      encodeTnetstring('id'),
      encodeTnetstring('first'),
      encodeTnetstring('response'),
      encodeTnetstring(null),
      payload,
      encodeTnetstring('request'),
      encodeTnetstring({ ...req(httpState), port: 8080 }),
    ]);
    const withRepeats = concatBytes([bytes(`${repeated.length}:`), repeated, bytes('}')]);
    expect(index(withRepeats, false, {}).flows[0]!.json).toContain('8080');
    const all = concatBytes([...parts, withRepeats, state]);
    const { flows, warnings } = expectSame(all, {}, 113);
    // bodies at, under and over the cap
    expect(expectSame(all, { maxBodyBytes: 8 }).flows.some((f) => f.json.includes('8,null,'))).toBe(
      true,
    );
    // the variants exercise every path: rows, objects and skips
    expect(flows.filter((f) => f.json.startsWith('[')).length).toBeGreaterThan(10);
    expect(flows.filter((f) => f.json.startsWith('{')).length).toBeGreaterThanOrEqual(3);
    expect(warnings.length).toBeGreaterThan(2);
    expect(flows.length).toBeLessThan(oddStates.length);
    expect(flows.some((f) => f.json.includes('application/json ✓'))).toBe(true);
    // marks made by the fast walk and by the whole flow (a WebSocket is made whole)
    expect(flows.some((f) => f.marks === 3 && f.json.includes('"http"'))).toBe(true);
    expect(flows.some((f) => f.marks === 2 && f.json.includes('"websocket"'))).toBe(true);
  });

  it('writes the very text of JSON.stringify for generated flows with odd strings and number texts', () => {
    // a fixed pseudo-random sequence: the same flows every run
    let seed = 0x5eed;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    /** a number as the dump's raw text (`type` `^` float, `#` int): texts JSON writes otherwise too */
    const raw = (text: string, type: '^' | '#') => ({ raw: text, type });
    type Raw = ReturnType<typeof raw>;
    const isRaw = (value: unknown): value is Raw =>
      typeof value === 'object' && value !== null && 'raw' in value;
    const encode = (value: unknown): Uint8Array => {
      const frame = (payload: Uint8Array, type: string) =>
        concatBytes([bytes(`${payload.length}:`), payload, bytes(type)]);
      if (isRaw(value)) return frame(bytes(value.raw), value.type);
      if (Array.isArray(value)) return frame(concatBytes(value.map(encode)), ']');
      if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array))
        return frame(
          concatBytes(Object.entries(value).flatMap(([k, v]) => [encodeTnetstring(k), encode(v)])),
          '}',
        );
      return encodeTnetstring(value);
    };
    const pieces = [
      [0x61],
      [0x2f, 0x78],
      [0x22],
      [0x5c],
      [0x00],
      [0x0a],
      [0x7f],
      [0xe2, 0x80, 0xa8],
      [0xef, 0xbb, 0xbf],
      [0xc3, 0xa9],
      [0xf0, 0x9f, 0x98, 0x80],
      [0xed, 0xa0, 0x80],
      [0xc0, 0xaf],
      [0xff],
      [0xe2, 0x82],
    ];
    const text = (): Uint8Array | string => {
      const parts: number[] = [];
      const count = Math.floor(random() * 5);
      for (let k = 0; k < count; k++)
        parts.push(...(random() < 0.5 ? pieces[Math.floor(random() * 2)]! : pick(pieces)));
      const value = new Uint8Array(parts);
      // unicode (`;`) strings too: a lone surrogate becomes U+FFFD on the way in
      return random() < 0.3
        ? new TextDecoder().decode(value) + pick(['', '\ud800', '\u2029'])
        : value;
    };
    const int = () =>
      raw(
        pick(['80', '0', '-0', '+80', '007', '-5', '1234567890123456', '65535', '200', '404']),
        '#',
      );
    const float = (): Raw => {
      const x = 1796009191 + random() * 1e6;
      return pick([
        raw(String(x), '^'),
        raw(String(x), '^'),
        raw(x.toPrecision(17), '^'),
        raw(x.toPrecision(16), '^'),
        raw(`${Math.floor(x)}.0`, '^'),
        raw(String(random() * 10 ** Math.floor(random() * 25 - 8)), '^'),
        raw('1.5e9', '^'),
        raw('-1.25', '^'),
        raw('0.000001', '^'),
        raw('nan', '^'),
        raw('1796009191', '#'),
      ]);
    };
    const flows: Uint8Array[] = [];
    for (let i = 0; i < 400; i++) {
      const state = structuredClone(httpState) as Record<string, unknown>;
      const request = state.request as Record<string, unknown>;
      const response = state.response as Record<string, unknown>;
      state.id = text();
      state.timestamp_created = random() < 0.2 ? int() : float();
      for (const key of ['method', 'scheme', 'host', 'path', 'http_version']) request[key] = text();
      request.port = int();
      request.timestamp_start = float();
      request.timestamp_end = float();
      request.headers = [
        [text(), text()],
        [pick([bytes('content-type'), 'Content-Type', bytes('CONTENT-TYPE')]), text()],
        [bytes('Content-Encoding'), text()],
      ];
      response.status_code = int();
      response.reason = text();
      response.http_version = text();
      response.timestamp_start = float();
      response.timestamp_end = float();
      response.headers = [[bytes('content-type'), text()]];
      flows.push(encode(state));
    }
    const { flows: indexed } = expectSame(concatBytes(flows));
    // most are rows, written by the fast walk
    const rows = indexed.filter((f) => f.json.startsWith('['));
    expect(rows.length).toBeGreaterThan(200);
    expect(rows.some((f) => f.json.includes('\\"'))).toBe(true);
    expect(rows.some((f) => /,179\d{7}\.\d{5,7},/.test(f.json))).toBe(true);
  });

  it('gives the same as the whole flow on captures damaged at random bytes', () => {
    const capture = concatBytes([
      real,
      ...oddStates.slice(0, 12).map(([, patch]) => variant(patch)),
    ]);
    // a fixed pseudo-random sequence: the same damage every run
    let seed = 0x2f6b1d;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const damage = [0x3a, 0x2c, 0x3b, 0x23, 0x5e, 0x21, 0x7e, 0x5d, 0x7d, 0x30, 0x39, 0x78, 0xff];
    let skipped = 0;
    for (let round = 0; round < 400; round++) {
      const damaged = capture.slice();
      const hits = 1 + Math.floor(random() * 3);
      for (let h = 0; h < hits; h++) {
        damaged[Math.floor(random() * damaged.length)] =
          damage[Math.floor(random() * damage.length)]!;
      }
      const whole = expectSame(damaged, round % 2 ? { maxBodyBytes: 8 } : {}, 4096);
      if (whole.warnings.length > 0) skipped++;
    }
    // the damage reached the fields the walk reads, not only bodies
    expect(skipped).toBeGreaterThan(20);
  });
});
