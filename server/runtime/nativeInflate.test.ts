import { readFileSync } from 'node:fs';
import * as zlib from 'node:zlib';
import {
  deflateSync as fflateDeflate,
  gzipSync as fflateGzip,
  zlibSync as fflateZlib,
} from 'fflate';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { realisticBody, seeded } from '../../scripts/make-fixtures.mjs';
import { bodyToBytes } from '../../shared/capture/body';
import { concatBytes } from '../../shared/capture/testFlows';
import {
  contentCodings,
  contentDecode,
  loadBrotli,
  useRawInflate,
  type RawInflate,
} from '../../shared/capture/contentDecode';
import { headerValue } from '../../shared/capture/decode';
import { parseMitmFile } from '../../shared/capture/mitm';
import { nativeRawInflate } from './nativeInflate';

/** One body as a filter thread would decode it, with what kind of input it is. */
interface Case {
  category: string;
  encoding: string;
  bytes: Uint8Array;
}
type Decode = (bytes: Uint8Array, encoding: string) => ReturnType<typeof contentDecode>;

const MAX = 64 * 1024 * 1024;
const enc = (text: string) => new TextEncoder().encode(text);
const u8 = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.length);
const join = (...parts: (Uint8Array | number[])[]) =>
  concatBytes(parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p))));
const GZIP_HEADER = [31, 139, 8, 0, 0, 0, 0, 0, 0, 255];
const le32 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];

/** A gzip member by hand: header flags and fields as given, then raw deflate, CRC, ISIZE. */
function gzipMember(
  data: Uint8Array,
  fields: { flags?: number; extra?: number[]; name?: string; comment?: string; hcrc?: boolean },
) {
  const { flags = 0, extra, name, comment, hcrc } = fields;
  const header = [31, 139, 8, flags, 0, 0, 0, 0, 0, 255];
  if (extra) header.push(extra.length & 255, extra.length >> 8, ...extra);
  if (name !== undefined) header.push(...enc(name), 0);
  if (comment !== undefined) header.push(...enc(comment), 0);
  if (hcrc) header.push(0x12, 0x34);
  return join(header, u8(zlib.deflateRawSync(data)), le32(zlib.crc32(data)), le32(data.length));
}

/** The bodies fflate and zlib are compared on: real, generated, and mutated. */
function corpus(): Case[] {
  const cases: Case[] = [];
  const add = (category: string, encoding: string, bytes: Uint8Array) =>
    cases.push({ category, encoding, bytes });
  const random = seeded(16);
  const pick = (n: number) => Math.floor(random() * n);

  // real: the content-encoded bodies mitmdump captured, and the realistic
  // upstream's (scripts/make-fixtures.mjs: pages, JSON, text, gzipped as it does)
  for (const file of ['mitmproxy-8.1.1.mitm', 'hostile-8.1.1.mitm']) {
    const { flows } = parseMitmFile(readFileSync(`e2e/fixtures/${file}`));
    for (const flow of flows)
      for (const side of [flow.request, flow.response])
        if (side?.content) {
          const coding = headerValue(side.headers, 'content-encoding');
          if (coding) add('real-fixture', coding, bodyToBytes(side.content));
        }
  }
  const kinds = ['html', 'json', 'text', 'image'] as const;
  const plain: Uint8Array[] = [];
  for (let i = 0; i < 240; i++) {
    const body = u8(realisticBody(kinds[i % 4]!, 100 + pick(3900), seeded(i + 1)));
    plain.push(body);
    add('realistic', 'gzip', u8(zlib.gzipSync(body)));
  }

  // generated: every block kind, window and level; fflate's own streams too
  const big = join(...plain.slice(0, 60)); // ~120 KB: several blocks, stored ones over 64 KB
  const sources = [new Uint8Array(0), enc('a'), enc('flag{x}'), plain[0]!, plain[5]!, big];
  for (const data of sources) {
    for (const level of [0, 1, 6, 9]) add('generated', 'gzip', u8(zlib.gzipSync(data, { level })));
    for (const strategy of [
      zlib.constants.Z_FIXED,
      zlib.constants.Z_HUFFMAN_ONLY,
      zlib.constants.Z_RLE,
    ])
      add('generated', 'gzip', u8(zlib.gzipSync(data, { strategy })));
    for (const windowBits of [9, 12, 15]) {
      add('generated', 'deflate', u8(zlib.deflateSync(data, { windowBits })));
      add('generated', 'deflate', u8(zlib.deflateRawSync(data, { windowBits })));
    }
    add('generated', 'deflate', u8(zlib.deflateSync(data, { level: 0 })));
    add('generated', 'x-gzip', fflateGzip(data, { filename: 'flag.txt', mtime: 0 }));
    add('generated', 'gzip', fflateGzip(data, { level: 0 }));
    add('generated', 'deflate', fflateZlib(data));
    add('generated', 'deflate', fflateDeflate(data, { level: 9 }));
  }

  // header flags: FEXTRA (empty, short, past the end), FNAME, FCOMMENT, FHCRC, reserved bits
  for (const data of [plain[1]!, plain[2]!]) {
    for (let flags = 0; flags < 32; flags++)
      add(
        'header-flags',
        'gzip',
        gzipMember(data, {
          flags,
          extra: flags & 4 ? [1, 2, 3] : undefined,
          name: flags & 8 ? 'flag.txt' : undefined,
          comment: flags & 16 ? 'a comment' : undefined,
          hcrc: !!(flags & 2),
        }),
      );
    add('header-flags', 'gzip', gzipMember(data, { flags: 4, extra: [] }));
    add('header-flags', 'gzip', gzipMember(data, { flags: 0xe0 }));
    const member = gzipMember(data, { flags: 8, name: 'n' });
    const noEnd = member.slice();
    noEnd[11] = 0x41; // the name runs on into the deflate data
    add('header-flags', 'gzip', noEnd);
    const longExtra = member.slice();
    longExtra[3] = 4; // XLEN read from the data: past the end
    add('header-flags', 'gzip', longExtra);
  }

  // trailers: CRC, ISIZE, adler wrong; members and garbage after
  for (const data of plain.slice(10, 30)) {
    const gz = u8(zlib.gzipSync(data));
    const n = gz.length;
    for (const flip of [n - 8, n - 5]) {
      const bad = gz.slice();
      bad[flip]! ^= 0x5a;
      add('bad-crc', 'gzip', bad);
    }
    for (const size of [0, 1, data.length - 1, data.length + 1, data.length * 2, 0xffff, MAX + 1]) {
      const bad = gz.slice();
      bad.set(le32(size), n - 4);
      add('bad-isize', 'gzip', bad);
    }
    const zl = u8(zlib.deflateSync(data));
    const badAdler = zl.slice();
    badAdler[zl.length - 1]! ^= 1;
    add('bad-adler', 'deflate', badAdler);
    add('multi-member', 'gzip', join(gz, gz));
    add('multi-member', 'gzip', join(gz, u8(zlib.gzipSync(plain[pick(plain.length)]!))));
    add('multi-member', 'gzip', join(gz, u8(zlib.gzipSync(new Uint8Array(0)))));
    for (const garbage of [
      [0],
      [0, 0, 0, 0, 0, 0, 0, 0],
      [...enc('garbage after the end'), 0, 0],
    ]) {
      add('trailing-garbage', 'gzip', join(gz, garbage));
      add('trailing-garbage', 'deflate', join(zl, garbage));
      add('trailing-garbage', 'deflate', join(u8(zlib.deflateRawSync(data)), garbage));
    }
    // garbage between the deflate stream and the trailer
    const raw = u8(zlib.deflateRawSync(data));
    add('trailing-garbage', 'gzip', join(gz.subarray(0, 10), raw, [1, 2, 3], gz.subarray(n - 8)));
  }

  // empty: no bytes, empty streams, a header and trailer with nothing between
  for (const encoding of ['gzip', 'deflate', 'br', 'gzip, deflate'])
    add('empty', encoding, new Uint8Array(0));
  add('empty', 'gzip', u8(zlib.gzipSync(new Uint8Array(0))));
  add('empty', 'gzip', join(GZIP_HEADER, le32(0), le32(5)));
  add('empty', 'deflate', join([0x78, 0x9c], le32(1)));
  add('empty', 'deflate', new Uint8Array([0x78, 0x9c, 3, 0, 0, 0, 0, 1]));
  add('empty', 'deflate', new Uint8Array([3, 0]));

  // raw deflate blocks fflate takes and zlib does not
  const stored = (len: number, nlen: number, data: number[]) => [
    1,
    len & 255,
    len >> 8,
    nlen & 255,
    nlen >> 8,
    ...data,
  ];
  add('crafted', 'deflate', new Uint8Array(stored(3, 0, [...enc('abc')]))); // NLEN not ~LEN
  add('crafted', 'gzip', join(GZIP_HEADER, stored(3, 0, [...enc('abc')]), le32(0), le32(3)));
  add('crafted', 'deflate', new Uint8Array(stored(3, 0xfffc, [...enc('abc')])));
  add('crafted', 'deflate', new Uint8Array([0x63, 0x00, 0x00, 0x01, 0x00])); // a distance past the start
  add('crafted', 'deflate', new Uint8Array([0x07, 0x00])); // block type 3
  for (let i = 0; i < 400; i++) {
    const bytes = new Uint8Array(1 + pick(40)).map(() => pick(256));
    if (i % 2) add('crafted', 'deflate', bytes);
    else add('crafted', 'gzip', join(GZIP_HEADER, bytes, le32(0), le32(pick(5000))));
  }

  // zlib with the preset-dictionary flag; mislabelled codings; stacked codings
  const dictionary = enc('flag team instance proxy capture');
  for (const data of plain.slice(30, 34)) {
    add('zlib-dictionary', 'deflate', u8(zlib.deflateSync(data, { dictionary })));
    const flagged = u8(zlib.deflateSync(data)).slice();
    flagged[1] = (flagged[1]! | 32) & ~31;
    flagged[1] |= 31 - (((flagged[0]! << 8) | flagged[1]) % 31);
    add('zlib-dictionary', 'deflate', flagged);
    add('mislabelled', 'deflate', u8(zlib.deflateRawSync(data)));
    add('mislabelled', 'gzip', u8(zlib.deflateRawSync(data)));
    add('mislabelled', 'gzip', u8(zlib.deflateSync(data)));
    add('mislabelled', 'deflate', u8(zlib.gzipSync(data)));
    add('mislabelled', 'br', u8(zlib.gzipSync(data)));
    add('stacked', 'gzip, deflate', u8(zlib.deflateSync(zlib.gzipSync(data))));
    add('stacked', 'deflate, gzip', u8(zlib.gzipSync(zlib.deflateRawSync(data))));
    add('stacked', 'gzip, gzip', u8(zlib.gzipSync(data)));
    add('brotli', 'br', u8(zlib.brotliCompressSync(data)));
    add('brotli', 'gzip, br', u8(zlib.brotliCompressSync(zlib.gzipSync(data))));
  }

  // truncated at every position; bytes flipped anywhere
  const bases: Case[] = [
    { category: '', encoding: 'gzip', bytes: u8(zlib.gzipSync(plain[40]!)) },
    {
      category: '',
      encoding: 'gzip',
      bytes: u8(zlib.gzipSync(plain[41]!, { strategy: zlib.constants.Z_FIXED })),
    },
    {
      category: '',
      encoding: 'gzip',
      bytes: u8(zlib.gzipSync(plain[42]!.subarray(0, 700), { level: 0 })),
    },
    {
      category: '',
      encoding: 'gzip',
      bytes: gzipMember(plain[43]!, { flags: 30, extra: [9], name: 'x', comment: 'y', hcrc: true }),
    },
    { category: '', encoding: 'deflate', bytes: u8(zlib.deflateSync(plain[44]!)) },
    { category: '', encoding: 'deflate', bytes: u8(zlib.deflateRawSync(plain[45]!)) },
  ];
  // (a truncated gzip's ISIZE is 4 bytes of its data: fflate allocates that
  // much, up to 4 GB, so only the cuts giving at most 1 MiB are kept, and the
  // stream is also cut at every position under an intact trailer)
  const isize = (b: Uint8Array) =>
    b.length < 4 ? 0 : new DataView(b.buffer, b.byteOffset + b.length - 4).getUint32(0, true);
  for (const { encoding, bytes } of bases) {
    const n = bytes.length;
    for (let end = 0; end < n; end++) {
      const cut = bytes.subarray(0, end);
      if (encoding !== 'gzip' || isize(cut) <= 1 << 20) add('truncated', encoding, cut);
      if (encoding === 'gzip')
        add('truncated', encoding, join(bytes.subarray(0, end), bytes.subarray(n - 8)));
    }
    for (let i = 0; i < 300; i++) {
      const bad = bytes.slice();
      for (let flips = 1 + pick(3); flips > 0; flips--) bad[pick(n)]! ^= 1 + pick(255);
      // ISIZE kept under 64 KB (see above)
      if (encoding === 'gzip') bad.set(bytes.subarray(n - 2), n - 2);
      add('flipped', encoding, bad);
    }
  }
  return cases;
}

/** Each case's outcome compared: `decoded` bytes (and its kind), codings, error text. */
function mismatches(cases: Case[], a: Decode, b: Decode): Map<string, number> {
  const found = new Map<string, number>();
  for (const c of cases) {
    const x = a(c.bytes, c.encoding);
    const y = b(c.bytes, c.encoding);
    const same =
      Buffer.compare(x.decoded, y.decoded) === 0 &&
      Object.getPrototypeOf(x.decoded) === Object.getPrototypeOf(y.decoded) &&
      x.codings.join() === y.codings.join() &&
      x.error === y.error;
    if (!same) found.set(c.category, (found.get(c.category) ?? 0) + 1);
  }
  return found;
}

/** `contentDecode` with `inflate` installed (none: fflate alone). */
function decodeWith(inflate: RawInflate | null): Decode {
  return (bytes, encoding) => {
    useRawInflate(inflate);
    try {
      return contentDecode(bytes, encoding);
    } finally {
      useRawInflate(null);
    }
  };
}

describe('native inflate in contentDecode', () => {
  let cases: Case[];
  beforeAll(async () => {
    await loadBrotli();
    cases = corpus();
  });
  afterEach(() => useRawInflate(null));

  it('gives fflate’s bytes, codings and errors on real, generated and mutated bodies', () => {
    const taken = new Map<string, number>();
    let category = '';
    const native = nativeRawInflate({ fromBytes: 0 });
    const counting: RawInflate = (range, maxLength) => {
      const out = native(range, maxLength);
      if (out) taken.set(category, (taken.get(category) ?? 0) + 1);
      return out;
    };
    const withNative = decodeWith(counting);
    const categoryOf = new Map(cases.map((c) => [c.bytes, c.category]));
    const found = mismatches(cases, decodeWith(null), (bytes, encoding) => {
      category = categoryOf.get(bytes) ?? '';
      return withNative(bytes, encoding);
    });
    expect(cases.length).toBeGreaterThan(4000);
    expect(Object.fromEntries(found)).toEqual({});
    // not vacuous: the native decoder answered every realistic body, and some of each mutated kind
    expect(taken.get('realistic')).toBe(cases.filter((c) => c.category === 'realistic').length);
    for (const kind of [
      'real-fixture',
      'generated',
      'header-flags',
      'bad-crc',
      'bad-adler',
      'flipped',
      'stacked',
    ])
      expect(taken.get(kind), kind).toBeGreaterThan(0);
  });

  it('keeps the 64 MiB cap: the same bytes or the same error at and over it', () => {
    const at = new Uint8Array(MAX);
    const over = new Uint8Array(MAX + 1);
    const capCases: Case[] = [
      { category: 'gzip at cap', encoding: 'gzip', bytes: u8(zlib.gzipSync(at)) },
      { category: 'gzip over cap', encoding: 'gzip', bytes: u8(zlib.gzipSync(over)) },
      { category: 'zlib at cap', encoding: 'deflate', bytes: u8(zlib.deflateSync(at)) },
      { category: 'zlib over cap', encoding: 'deflate', bytes: u8(zlib.deflateSync(over)) },
    ];
    expect(
      Object.fromEntries(mismatches(capCases, decodeWith(null), decodeWith(nativeRawInflate()))),
    ).toEqual({});
    expect(decodeWith(nativeRawInflate())(capCases[3]!.bytes, 'deflate').error).toMatch(/64 MiB/);
  });

  it('catches a naive native path (Node’s gunzip/inflate called as they are)', () => {
    const naive: Decode = (raw, encoding) => {
      const codings = contentCodings(encoding);
      if (codings.length === 0 || raw.length === 0)
        return { decoded: raw, codings: [], error: undefined };
      let bytes = raw;
      try {
        for (let i = codings.length - 1; i >= 0; i--) {
          const coding = codings[i]!;
          if (coding === 'deflate') {
            try {
              bytes = u8(zlib.inflateSync(bytes));
            } catch {
              bytes = u8(zlib.inflateRawSync(bytes));
            }
          } else if (coding === 'br') bytes = u8(zlib.brotliDecompressSync(bytes));
          else bytes = u8(zlib.gunzipSync(bytes));
        }
        return { decoded: bytes, codings, error: undefined };
      } catch (e) {
        return { decoded: raw, codings, error: `Could not decode: ${String(e)}` };
      }
    };
    const found = mismatches(cases, decodeWith(null), naive);
    for (const kind of [
      'bad-isize',
      'multi-member',
      'truncated',
      'flipped',
      'crafted',
      'trailing-garbage',
      'header-flags',
    ])
      expect(found.get(kind), kind).toBeGreaterThan(0);
  });
});
