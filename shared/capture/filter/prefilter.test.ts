/**
 * The raw-record prefilter against the evaluator it stands in front of:
 * over a varied dump (real mitmdump 8.1.1 flows, gzip/deflate/brotli bodies,
 * a websocket, no response, case variants, a UTF-16 body, ſ and KELVIN
 * SIGN, separators, a cut body), for hundreds of expressions, every NO is a
 * flow the evaluator does not match and every YES one it does, so
 * prefilter + evaluate == evaluate.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '../../schemas';
import { loadBrotli } from '../contentDecode';
import { MitmFlowReader } from '../mitm';
import { MARK_CHARSET, MARK_ENCODING } from '../recordMarks';
import { encodeTnetstring, readTnetstrings, type TnetDict } from '../tnetstring';
import { matchBatch } from './batch';
import { DEFAULT_FLAG_PATTERN } from './flagPattern';
import { parseFilter } from './parse';
import {
  MAYBE,
  NO,
  RecordPrefilter,
  requiredText,
  requiredWindow,
  searchRecordBytes,
  YES,
} from './prefilter';

const FIXTURE = resolve(__dirname, '../../../e2e/fixtures/mitmproxy-8.1.1.mitm');
const REAL = readTnetstrings(new Uint8Array(readFileSync(FIXTURE))) as TnetDict[];
const enc = new TextEncoder();
const b = (text: string) => enc.encode(text);

type Pair = [Uint8Array, Uint8Array];
const request = (r: TnetDict) => r.request as TnetDict;
const response = (r: TnetDict) => r.response as TnetDict;

/** A real flow changed: request/response headers and bodies replaced where given. */
function variant(
  base: number,
  over: {
    reqHeaders?: Pair[];
    resHeaders?: Pair[];
    reqBody?: Uint8Array;
    resBody?: Uint8Array;
    path?: string;
    host?: string;
    noResponse?: boolean;
  },
): TnetDict {
  const r = REAL[base]!;
  return {
    ...r,
    request: {
      ...request(r),
      ...(over.reqHeaders ? { headers: over.reqHeaders } : {}),
      ...(over.reqBody ? { content: over.reqBody } : {}),
      ...(over.path ? { path: b(over.path) } : {}),
      ...(over.host ? { host: b(over.host) } : {}),
    },
    response: over.noResponse
      ? null
      : {
          ...response(r),
          ...(over.resHeaders ? { headers: over.resHeaders } : {}),
          ...(over.resBody ? { content: over.resBody } : {}),
        },
  };
}

const h = (name: string, value: string): Pair => [b(name), b(value)];
const utf16 = (text: string) => {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) out[i * 2] = text.charCodeAt(i);
  return out;
};

/** The varied records (each also comes as itself from the real capture). */
function records(): TnetDict[] {
  const made: TnetDict[] = [
    variant(0, { resHeaders: [h('Content-Type', 'text/plain')], resBody: b('the FLAG is here') }),
    variant(0, { resHeaders: [h('content-type', 'text/plain')], resBody: b('fla\ng split') }),
    variant(0, {
      resHeaders: [h('content-type', 'text/plain; charset=utf-16le')],
      resBody: utf16('secret flag in utf-16'),
    }),
    variant(0, {
      resHeaders: [h('content-type', 'text/plain; charset=iso-8859-1')],
      resBody: new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x66, 0x6c, 0x61, 0x67]),
    }),
    variant(0, { reqHeaders: [h('X-Kelvin', 'coo\u212aie monster')], resBody: b('\u017fecret') }),
    variant(0, { reqHeaders: [h('COOKIE', 'SESSION=1'), h('x', 'y: z')] }),
    variant(0, {
      resHeaders: [h('content-type', 'text/html'), h('content-encoding', 'gzip')],
      resBody: gzipSync(b('<h1>gzipped secret flag</h1>')),
    }),
    variant(0, {
      resHeaders: [h('content-type', 'text/html'), h('Content-Encoding', 'br')],
      resBody: brotliCompressSync(b('<title>brotli SECRET</title>')),
    }),
    variant(0, {
      resHeaders: [h('content-encoding', 'deflate'), h('content-encoding', 'gzip')],
      resBody: deflateSync(b('deflated secret, first header wins')),
    }),
    variant(0, {
      resHeaders: [h('content-encoding', 'gzip')],
      resBody: b('not really gzip: secret flag'),
    }),
    variant(0, {
      resHeaders: [h('content-type', 'text/plain')],
      resBody: b(`${'x'.repeat(200)} late secret flag`),
    }),
    variant(7, { reqBody: b('user=alice&password=hunter2&café=ü'), path: 'login?next=/admin' }),
    variant(0, { host: 'Admin.Example.test', path: '/API/Items' }),
    variant(0, { noResponse: true, reqHeaders: [h('cookie', 'a=b')] }),
    variant(0, {
      resHeaders: [h('content-type', 'application/json; charset="UTF-8"')],
      resBody: b('{"flag":"ctfy{raw_bytes_ok}","emoji":"\u{1f600}"}'),
    }),
    variant(0, { resHeaders: [h('content-type', 'text/plain; charset = utf-16be')] }),
  ];
  return [...REAL, ...made].map((r, i) => ({
    ...r,
    id: `r-${i}`,
    timestamp_created: 1e9 + i,
  }));
}

const ATOMS = [
  '~h cookie',
  '~hq COOKIE',
  '~hs set-cookie',
  '~h "y: z"',
  '~h ": "',
  '~h monster',
  '~h session',
  '~b flag',
  '~b FLAG',
  '~bs secret',
  '~bq password',
  '~bq café',
  '~b "fla\\ng"',
  '~b "fl.g"',
  '~b "late secret"',
  '~bs "<title>"',
  '~bs gzip',
  '~b first',
  '~b items',
  '~b "c[a-z]+f"',
  '~b "[a-z]{2}\\{"',
  '~h "ses[a-z]{2}on"',
  '~flag',
  'admin',
  '~u API',
  '~u "127.0.0.1:"',
  '~u http',
  '~m post',
  '~d example',
  '~c 404',
  '~c 200',
  '~q',
  '~s',
  '~e',
  '~websocket',
  '~http',
  '~all',
  '~t json',
  '~hq x-dup',
  '~h keep-alive',
  '~bs brotli',
  '~b \u00e9',
];

/** A seeded random expression of up to `depth` operators over `ATOMS`. */
function expression(random: () => number, depth: number): string {
  const atom = () => ATOMS[Math.floor(random() * ATOMS.length)]!;
  if (depth === 0) return atom();
  const pick = random();
  if (pick < 0.25) return `!${expression(random, depth - 1)}`;
  if (pick < 0.55) return `(${expression(random, depth - 1)} & ${expression(random, depth - 1)})`;
  if (pick < 0.85) return `(${expression(random, depth - 1)} | ${expression(random, depth - 1)})`;
  return atom();
}

function seeded(seed: number) {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

/** A dump, its flows as the reader gives them, and each record's byte range. */
function dump(list: TnetDict[], maxBodyBytes?: number) {
  const bytes = new Uint8Array(Buffer.concat(list.map((r) => encodeTnetstring(r))));
  const reader = new MitmFlowReader({ maxBodyBytes });
  reader.push(bytes);
  reader.finish();
  const flows: Flow[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let flow = reader.next(); flow; flow = reader.next()) {
    flows.push(flow);
    starts.push(reader.recordStart);
    ends.push(reader.recordEnd);
  }
  // the marks as the capture index has them (`nextSummary`)
  const index = new MitmFlowReader({ maxBodyBytes, bodySizesOnly: true });
  index.push(bytes);
  index.finish();
  const marks: number[] = [];
  for (let entry = index.nextSummary(); entry; entry = index.nextSummary()) marks.push(entry.marks);
  return { bytes, flows, starts, ends, marks };
}

const flagPattern = new RegExp(DEFAULT_FLAG_PATTERN, 'gu');

beforeAll(async () => {
  await loadBrotli();
});

describe('the raw-record prefilter proves only what the evaluator answers', () => {
  const expressions = [...ATOMS, ...ATOMS.map((a) => `!${a}`)];
  const random = seeded(16);
  for (let i = 0; i < 200; i++) expressions.push(expression(random, 1 + (i % 3)));

  /**
   * The records whose NO or YES differs from the evaluator over every
   * expression (none allowed), and the share proven; with `marksOf`, the
   * prefilter is given marks as the capture index has them (changed by it).
   */
  function wrongVerdicts(
    maxBodyBytes: number | undefined,
    marksOf: ((index: number[]) => number[]) | null,
  ) {
    const { bytes, flows, starts, ends, marks } = dump(records(), maxBodyBytes);
    expect(flows.length).toBe(REAL.length + 16);
    expect(marks.length).toBe(flows.length);
    const given = marksOf ? marksOf(marks) : undefined;
    const wrong: { filter: string; id: string; verdict: number }[] = [];
    let proven = 0;
    let total = 0;
    for (const filter of expressions) {
      const node = parseFilter(filter, { flagPattern });
      const expected = matchBatch(node, flows);
      const prefilter = RecordPrefilter.for(node, { maxBodyBytes });
      if (!prefilter) continue;
      const { verdicts, ids } = prefilter.scan(bytes, starts, ends, given);
      for (let r = 0; r < flows.length; r++) {
        const verdict = verdicts[r]!;
        total++;
        if (verdict === MAYBE) continue;
        proven++;
        if (verdict !== (expected[r] === 1 ? YES : NO))
          wrong.push({ filter, id: flows[r]!.id, verdict });
        if (verdict === YES) expect(ids[r]).toBe(flows[r]!.id);
      }
    }
    return { wrong, proven: proven / total };
  }

  it.each([
    [undefined, 'as a string', 'searched', false],
    [40, 'as a string', 'searched', false],
    [undefined, 'as bytes', 'searched', true],
    [40, 'as bytes', 'searched', true],
    [undefined, 'as a string', 'from the index', false],
    [40, 'as a string', 'from the index', false],
    [undefined, 'as bytes', 'from the index', true],
    [40, 'as bytes', 'from the index', true],
  ] as const)(
    'over every expression (body limit %s, records searched %s, marks %s)',
    (maxBodyBytes, _how, marks, asBytes) => {
      searchRecordBytes(asBytes);
      const { wrong, proven } = wrongVerdicts(
        maxBodyBytes,
        marks === 'searched' ? null : (index) => index,
      );
      expect(wrong).toEqual([]);
      // it proves most (a third of the atoms are regex patterns it cannot prove;
      // with the body limit, bodies cut by it are MAYBE)
      expect(proven).toBeGreaterThan(maxBodyBytes ? 0.5 : 0.6);
      // (cut bodies make the evaluator's decoders fail slowly: a busy machine needs time)
      searchRecordBytes(false);
    },
    60_000,
  );

  it.each([
    ['a charset', MARK_CHARSET],
    ['a Content-Encoding', MARK_ENCODING],
  ] as const)(
    'gives wrong verdicts when the marks leave out %s (so the test above would catch it)',
    (_fact, mark) => {
      const { wrong } = wrongVerdicts(undefined, (index) => index.map((m) => m & ~mark));
      expect(wrong.length).toBeGreaterThan(0);
      // a body filter's NO where the body's text differs from its bytes (a YES under `!`)
      expect(wrong.some((w) => w.verdict === NO && /^~b[qs]? /.test(w.filter))).toBe(true);
    },
    60_000,
  );

  it('decides every record for a rare literal, parsing none (the real flows, replicated)', () => {
    const many: TnetDict[] = [];
    for (let i = 0; i < 1000; i++) many.push({ ...REAL[i % REAL.length]!, id: `m-${i}` });
    many.push(variant(0, { resBody: b('here is the needle-xyz') }));
    const { bytes, flows, starts, ends } = dump(many);
    for (const filter of ['~b needle-xyz', '~bs needle-xyz & ~c 200', '~h needle-xyz']) {
      const node = parseFilter(filter);
      const { verdicts } = RecordPrefilter.for(node)!.scan(bytes, starts, ends);
      const counts = [0, 0, 0];
      for (const v of verdicts) counts[v]!++;
      const expected = matchBatch(node, flows).reduce((n, x) => n + x, 0);
      expect({ filter, yes: counts[YES], maybe: counts[MAYBE] }).toEqual({
        filter,
        yes: expected,
        maybe: 0,
      });
    }
  });

  it('a header or body filter matching nearly every flow is proven YES, not parsed', () => {
    const { bytes, flows, starts, ends } = dump(records());
    const node = parseFilter('~hq accept');
    const { verdicts } = RecordPrefilter.for(node)!.scan(bytes, starts, ends);
    const expected = matchBatch(node, flows);
    const yes = [...verdicts].filter((v) => v === YES).length;
    expect(yes).toBe(expected.reduce((n, x) => n + x, 0));
    expect(yes).toBeGreaterThan(flows.length / 2);
  });

  it('finds the plain text every match of a pattern must hold', () => {
    expect(requiredText(DEFAULT_FLAG_PATTERN)).toBe('{');
    expect(requiredText('ctfy\\{[^}]+\\}')).toBe('ctfy{');
    expect(requiredText('pass(word)?=\\w+')).toBe('pass');
    expect(requiredText('ab?cdef')).toBe('cdef');
    expect(requiredText('a|bcd')).toBeNull();
    expect(requiredText('x{2,3}yz')).toBe('yz');
    expect(requiredText('.*')).toBeNull();
  });

  it('finds the run of classes every match of a pattern must hold', () => {
    expect(requiredWindow(DEFAULT_FLAG_PATTERN, 'u')?.source).toBe('[A-Za-z0-9_]{2}\\{');
    expect(requiredWindow('id=\\d+&', '')?.source).toBe('id=\\d');
    expect(requiredWindow('[^x]+abc', 'u')?.source).toBe('abc');
    expect(requiredWindow('a|b', '')).toBeNull();
    expect(requiredWindow('[\\xe9]{3}', '')).toBeNull();
    // /iu folds ſ and KELVIN SIGN onto ASCII: no window
    expect(requiredWindow('[a-z]{3}', 'iu')).toBeNull();
  });
});
