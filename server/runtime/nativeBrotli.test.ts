/**
 * Node's brotli in `contentDecode` (installed in the platform's filter
 * threads) gives the pure-JS port's bytes, codings and errors: on real
 * bodies at every quality, window and mode, on streams of several
 * meta-blocks (where the port's buffer is too small) and on mutated ones.
 */
import * as zlib from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { realisticBody, seeded } from '../../scripts/make-fixtures.mjs';
import {
  brotliPortSize,
  contentDecode,
  loadBrotli,
  useBrotliNative,
  type BrotliNative,
} from '../../shared/capture/contentDecode';
import { nativeBrotli } from './nativeInflate';

interface Case {
  category: string;
  bytes: Uint8Array;
}
const u8 = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.length);
const P = zlib.constants;

function compress(data: Uint8Array, quality: number, lgwin: number, mode: number): Uint8Array {
  return u8(
    zlib.brotliCompressSync(data, {
      params: {
        [P.BROTLI_PARAM_QUALITY]: quality,
        [P.BROTLI_PARAM_LGWIN]: lgwin,
        [P.BROTLI_PARAM_MODE]: mode,
        [P.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  );
}

/** A stream flushed after each part: one meta-block (at least) per part. */
async function flushed(parts: Uint8Array[]): Promise<Uint8Array> {
  const encoder = zlib.createBrotliCompress();
  const chunks: Buffer[] = [];
  encoder.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => encoder.on('end', resolve));
  for (const part of parts) {
    encoder.write(part);
    await new Promise<void>((resolve) => encoder.flush(P.BROTLI_OPERATION_FLUSH, resolve));
  }
  encoder.end();
  await done;
  return u8(Buffer.concat(chunks));
}

async function corpus(): Promise<Case[]> {
  const cases: Case[] = [];
  const add = (category: string, bytes: Uint8Array) => cases.push({ category, bytes });
  const random = seeded(23);
  const pick = (n: number) => Math.floor(random() * n);
  const kinds = ['html', 'json', 'text', 'image'] as const;
  const modes = [P.BROTLI_MODE_GENERIC, P.BROTLI_MODE_TEXT, P.BROTLI_MODE_FONT];
  const valid: Uint8Array[] = [];
  for (let i = 0; i < 200; i++) {
    const body = u8(realisticBody(kinds[i % 4]!, 100 + pick(3900), seeded(i + 1)));
    const stream = compress(body, i % 12, 10 + (i % 15), modes[i % 3]!);
    add('realistic', stream);
    valid.push(stream);
  }
  add('empty', compress(new Uint8Array(0), 5, 22, P.BROTLI_MODE_GENERIC));
  // big bodies: the encoder may cut them into meta-blocks
  for (const size of [70_000, 300_000]) {
    const body = u8(realisticBody('text', size, seeded(size)));
    for (const quality of [1, 5, 11]) add('big', compress(body, quality, 22, P.BROTLI_MODE_TEXT));
  }
  // flushed streams: several meta-blocks, the first shorter than the whole
  for (let i = 0; i < 20; i++) {
    const parts = Array.from({ length: 2 + (i % 4) }, (_, k) =>
      u8(realisticBody(kinds[(i + k) % 4]!, 200 + pick(3000), seeded(100 + i * 7 + k))),
    );
    add('flushed', await flushed(parts));
  }
  // mutated: cut, flipped, followed by garbage
  for (let i = 0; i < 60; i++) {
    const stream = valid[i]!;
    for (const cut of [1, 2, 3, 5, Math.floor(stream.length / 2), stream.length - 1])
      if (cut > 0 && cut < stream.length) add('truncated', stream.subarray(0, cut));
    for (let k = 0; k < 8; k++) {
      const flipped = stream.slice();
      flipped[pick(flipped.length)]! ^= 1 << pick(8);
      add('flipped', flipped);
    }
    const trailing = new Uint8Array(stream.length + 5);
    trailing.set(stream);
    trailing.set([1, 2, 3, 4, 5], stream.length);
    add('trailing-garbage', trailing);
  }
  for (let i = 0; i < 200; i++)
    add('random', u8(Uint8Array.from({ length: 1 + pick(64) }, () => pick(256))));
  return cases;
}

type Decoded = ReturnType<typeof contentDecode>;
function decodeWith(native: BrotliNative | null, bytes: Uint8Array): Decoded {
  useBrotliNative(native);
  try {
    return contentDecode(bytes, 'br');
  } finally {
    useBrotliNative(null);
  }
}

/** Categories (and how many cases of each) where `native` changes what contentDecode gives. */
function mismatches(cases: Case[], native: BrotliNative): Record<string, number> {
  const found: Record<string, number> = {};
  for (const c of cases) {
    const x = decodeWith(null, c.bytes);
    const y = decodeWith(native, c.bytes);
    const same =
      Buffer.compare(x.decoded, y.decoded) === 0 &&
      Object.getPrototypeOf(x.decoded) === Object.getPrototypeOf(y.decoded) &&
      x.error === y.error;
    if (!same) found[c.category] = (found[c.category] ?? 0) + 1;
  }
  return found;
}

describe('native brotli in contentDecode', () => {
  let cases: Case[];
  beforeAll(async () => {
    await loadBrotli();
    cases = await corpus();
  }, 60_000);
  afterEach(() => useBrotliNative(null));

  it('gives the port’s bytes and errors on real, big, flushed and mutated streams', () => {
    const taken: Record<string, number> = {};
    const native = nativeBrotli();
    let category = '';
    const counting: BrotliNative = (bytes, maxLength) => {
      const out = native(bytes, maxLength);
      if (out) taken[category] = (taken[category] ?? 0) + 1;
      return out;
    };
    const found: Record<string, number> = {};
    for (const c of cases) {
      category = c.category;
      Object.assign(found, mismatches([c], counting));
    }
    expect(cases.length).toBeGreaterThan(1000);
    expect(found).toEqual({});
    // not vacuous: Node decoded nearly every realistic stream (the rest, whose
    // first meta-block is shorter than the body, went to the port)
    const realistic = cases.filter((c) => c.category === 'realistic').length;
    expect(taken.realistic).toBeGreaterThanOrEqual(realistic * 0.9);
    expect(taken.big).toBeGreaterThan(0);
  }, 60_000);

  it('reads the port’s buffer size from the stream header', () => {
    const body = new TextEncoder().encode('x'.repeat(5000));
    expect(brotliPortSize(compress(body, 5, 22, P.BROTLI_MODE_GENERIC))).toBe(5000);
    expect(brotliPortSize(compress(new Uint8Array(0), 5, 22, P.BROTLI_MODE_GENERIC))).toBe(0);
    expect(brotliPortSize(new Uint8Array(0))).toBeNull();
  });

  it('catches a native decoder that gives other bytes (the comparison can fail)', () => {
    const native = nativeBrotli();
    const wrong: BrotliNative = (bytes, maxLength) => native(bytes, maxLength)?.subarray(1);
    const found = mismatches(cases, wrong);
    expect(found.realistic).toBeGreaterThan(150);
  }, 60_000);
});
