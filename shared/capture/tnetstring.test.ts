import { describe, expect, it } from 'vitest';
import {
  encodeTnetstring,
  iterTnetstrings,
  readTnetstring,
  readTnetstrings,
  TnetCursor,
  TnetKeys,
  TnetstringError,
  TnetType,
  type TnetDict,
} from './tnetstring';

const enc = new TextEncoder();
const bytes = (text: string) => enc.encode(text);
const read = (text: string) => readTnetstring(bytes(text)).value;
/** builds `<length>:<payload><type>` with the right byte length */
const t = (payload: string, type: string) => `${bytes(payload).length}:${payload}${type}`;

function errorOf(input: Uint8Array | string, options?: { maxDepth?: number }): TnetstringError {
  try {
    readTnetstrings(typeof input === 'string' ? bytes(input) : input, options);
  } catch (error) {
    if (error instanceof TnetstringError) return error;
    throw error;
  }
  throw new Error('expected a TnetstringError');
}

describe('readTnetstring: types', () => {
  it('reads bytes as a view of the input, without copying', () => {
    const input = bytes('5:hello,');
    const value = readTnetstring(input).value;
    expect(ArrayBuffer.isView(value)).toBe(true);
    expect(new TextDecoder().decode(value as Uint8Array)).toBe('hello');
    expect((value as Uint8Array).buffer).toBe(input.buffer);
  });

  it('reads unicode strings as UTF-8', () => {
    expect(read('8:h\u00e9ll\u00f6!;')).toBe('h\u00e9ll\u00f6!');
    expect(read('0:;')).toBe('');
  });

  it('reads integers, including negative and beyond 2^53', () => {
    expect(read('2:42#')).toBe(42);
    expect(read('3:-17#')).toBe(-17);
    expect(read('1:0#')).toBe(0);
    expect(read('20:12345678901234567890#')).toBe(12345678901234567890n);
  });

  it('reads floats, including exponents and infinities', () => {
    expect(read('5:3.125^')).toBe(3.125);
    expect(read('6:-1e-05^')).toBe(-1e-5);
    expect(read('3:inf^')).toBe(Infinity);
    expect(read('4:-inf^')).toBe(-Infinity);
    expect(read('3:nan^')).toBeNaN();
  });

  it('reads booleans and null', () => {
    expect(read('4:true!')).toBe(true);
    expect(read('5:false!')).toBe(false);
    expect(read('0:~')).toBeNull();
  });

  it('reads lists and dicts, nested', () => {
    expect(read('0:]')).toEqual([]);
    expect(read('0:}')).toEqual({});
    const value = read(
      t(
        t('a', ';') + t(t('1', '#') + t('x', ',') + t('', '~'), ']') + t('b', ';') + t('true', '!'),
        '}',
      ),
    ) as TnetDict;
    expect(Object.keys(value)).toEqual(['a', 'b']);
    expect(value.b).toBe(true);
    const list = value.a as unknown[];
    expect(list[0]).toBe(1);
    expect(new TextDecoder().decode(list[1] as Uint8Array)).toBe('x');
    expect(list[2]).toBeNull();
  });

  it('accepts byte-string dict keys (Python 2 era dumps)', () => {
    expect(read('8:1:k,1:v;}')).toEqual({ k: 'v' });
  });

  it('does not let a __proto__ key change the prototype', () => {
    const value = read(t(t('__proto__', ';') + t(t('x', ';') + t('', '~'), '}'), '}')) as TnetDict;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ x: null });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('reads a sequence and skips whitespace between values', () => {
    expect(readTnetstrings(bytes('1:1#\n1:2#\r\n 0:~'))).toEqual([1, 2, null]);
    const offsets = [...iterTnetstrings(bytes('1:1#1:2#'))].map(({ offset, end }) => [offset, end]);
    expect(offsets).toEqual([
      [0, 4],
      [4, 8],
    ]);
  });
});

describe('readTnetstring: malformed input', () => {
  const cases: [string, string, number, RegExp][] = [
    ['non-digit length', 'x:abc,', 0, /invalid length prefix character/],
    ['empty length', ':abc,', 0, /empty length prefix/],
    ['no colon', '12345', 0, /unterminated length prefix/],
    ['leading zero', '01:a,', 0, /leading zero/],
    ['length too long', '1234567890123:', 0, /too long/],
    ['payload past end', '10:abc,', 0, /runs past the end of the input/],
    ['missing type byte', '3:abc', 0, /runs past the end/],
    ['unknown type', '3:abcX', 5, /unknown type byte 0x58/],
    ['bad integer', '2:4a#', 3, /invalid integer digit/],
    ['empty integer', '0:#', 2, /integer without digits/],
    ['bad float', '3:1.x^', 2, /invalid float/],
    ['bad boolean', '3:yes!', 2, /invalid boolean/],
    ['non-empty null', '1:x~', 0, /null with a non-empty payload/],
    ['dict key without value', '4:1:a;}', 2, /has no value/],
    ['dict key not a string', '8:1:1#1:a;}', 2, /not a string/],
    ['child past its list', '6:5:abc,]', 2, /enclosing list or dict/],
    ['second value damaged', '1:1#1:2?', 8, /unknown type byte|past the end/],
  ];
  it.each(cases)('%s', (_name, input, offset, message) => {
    const error = errorOf(input);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`at byte ${error.offset}`);
    if (_name !== 'second value damaged') expect(error.offset).toBe(offset);
    else expect(error.offset).toBeGreaterThanOrEqual(4);
  });

  it('rejects nesting beyond the depth limit instead of overflowing the stack', () => {
    // 100,000 nested lists: "N:…]" built from the inside out
    let inner = '0:]';
    for (let i = 0; i < 100_000; i++) inner = `${inner.length}:${inner}]`;
    const error = errorOf(inner);
    expect(error.message).toMatch(/nesting deeper than 64/);
    const fourDeep = t(t(t(t('', ']'), ']'), ']'), ']');
    expect(errorOf(fourDeep, { maxDepth: 3 }).message).toMatch(/nesting deeper than 3/);
    expect(readTnetstrings(bytes(fourDeep), { maxDepth: 4 })).toEqual([[[[[]]]]]);
  });

  it('never reads a huge declared length without the bytes behind it', () => {
    expect(errorOf('999999999999:x,').message).toMatch(/runs past the end/);
  });
});

describe('encodeTnetstring', () => {
  it('round-trips every type in order', () => {
    const value = {
      bytes: new Uint8Array([0, 1, 255]),
      text: 'h\u00e9llo \u{1f600}',
      int: -123,
      big: 2n ** 70n,
      float: 1.5,
      yes: true,
      no: false,
      nothing: null,
      list: [1, 'two', [3, { four: 4 }]],
      empty: {},
    };
    const decoded = readTnetstring(encodeTnetstring(value)).value as TnetDict;
    expect(Object.keys(decoded)).toEqual(Object.keys(value));
    expect(Array.from(decoded.bytes as Uint8Array)).toEqual([0, 1, 255]);
    expect({ ...decoded, bytes: null }).toEqual({ ...value, bytes: null });
  });

  it('writes the canonical form', () => {
    expect(new TextDecoder().decode(encodeTnetstring({ a: [1, null, true] }))).toBe(
      t(t('a', ';') + t(t('1', '#') + t('', '~') + t('true', '!'), ']'), '}'),
    );
  });

  it('handles large input linearly: 20,000 values and a 4 MB byte string', () => {
    const big = new Uint8Array(4 * 1024 * 1024).fill(7);
    const values = Array.from({ length: 20_000 }, (_, i) => ({
      i,
      path: `/item/${i}`,
      body: big.subarray(0, i % 100),
    }));
    const parts = [...values.map((v) => encodeTnetstring(v)), encodeTnetstring(big)];
    const total = parts.reduce((sum, part) => sum + part.length, 0);
    const joined = new Uint8Array(total);
    let offset = 0;
    for (const part of parts) {
      joined.set(part, offset);
      offset += part.length;
    }
    const decoded = readTnetstrings(joined);
    expect(decoded).toHaveLength(20_001);
    expect((decoded[12_345] as TnetDict).path).toBe('/item/12345');
    expect(((decoded[12_345] as TnetDict).body as Uint8Array).length).toBe(45);
    expect((decoded[20_000] as Uint8Array).length).toBe(big.length);
  });
});

describe('TnetCursor', () => {
  const doc = {
    skipped: { deep: [[[1, 2, 3]]], blob: new Uint8Array(1000) },
    name: 'h\u00e9llo',
    raw: new Uint8Array([0, 255]),
    n: 42,
    f: 1.5,
    list: [1, 'a'],
  };
  const encoded = encodeTnetstring(doc);

  it('reads fields by offset, skipping the ones it does not need', () => {
    const cursor = new TnetCursor(encoded);
    const fields = cursor.dictFields(0)!;
    expect([...fields.keys()]).toEqual(['skipped', 'name', 'raw', 'n', 'f', 'list']);
    expect(cursor.string(fields.get('name')!)).toBe('h\u00e9llo');
    expect(Array.from(cursor.bytesAt(fields.get('raw')!)!)).toEqual([0, 255]);
    expect(cursor.number(fields.get('n')!)).toBe(42);
    expect(cursor.number(fields.get('f')!)).toBe(1.5);
    expect(cursor.string(fields.get('n')!)).toBeNull();
    expect(cursor.dictFields(fields.get('name')!)).toBeNull();
    const items = cursor.listItems(fields.get('list')!)!;
    expect(items.map((offset) => cursor.value(offset))).toEqual([1, 'a']);
    expect(cursor.peek(fields.get('skipped')!)).toBe(TnetType.dict);
    expect(cursor.next).toBe(fields.get('name')! - `4:name;`.length);
  });

  it('reports a child that overruns its dict with its offset', () => {
    const bad = bytes('10:1:a;9:abc,}');
    expect(() => new TnetCursor(bad).dictFields(0)).toThrow(/at byte 7/);
  });
});

describe('TnetCursor numbers and keys', () => {
  it('reads decimals exactly as Number() reads their text', () => {
    const texts = [
      '0.1',
      '-0.0',
      '1795886828.0060616',
      '1795886827.9997368',
      '123456789012345',
      '0.000001',
      '9007199254740993',
      '1.5e3',
      '-2.25',
      '+3.5',
      '.5',
      '5.',
      '999999999999999.9',
      'inf',
      '-inf',
      // digits below 2^53 and just above it, long fractions and leading zeros
      '1764470000.123456',
      '9007199254740991.5',
      '900719925474099.15',
      '9007199254740992.5',
      '0.9007199254740993',
      '0.0000000000000000000001',
      '0.00000000000000000000001',
      '0.000000000000000000000012345',
      '-1764470000.654321',
      '00000000000000001234.5',
    ];
    for (let i = 0; i < 2000; i++) {
      // 16- and 17-digit timestamps as Python and mitmproxy write them
      const micros = 1_764_470_000_000_000 + i * 7_919_113;
      texts.push(`${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`);
      texts.push(
        `${Math.floor(micros / 1e6)}.${String((micros % 1e6) * 10 + (i % 10)).padStart(7, '0')}`,
      );
    }
    let x = 1795886828;
    for (let i = 0; i < 500; i++) {
      x += 0.0013579;
      texts.push(String(x), (x / 1e6).toFixed(9), (i / 7).toFixed(i % 16));
    }
    for (const text of texts) {
      const bytes = new TextEncoder().encode(`${text.length}:${text}^`);
      expect(
        Object.is(new TnetCursor(bytes).number(0), Number(text.replace(/inf$/, 'Infinity'))),
        text,
      ).toBe(true);
    }
    expect(Number.isNaN(new TnetCursor(new TextEncoder().encode('3:nan^')).number(0))).toBe(true);
  });

  it('finds wanted dict fields by their bytes, the last of a repeated key winning', () => {
    const bytes = encodeTnetstring({ a: 1, skip: [1, 2], bb: 'x' });
    const keys = new TnetKeys(['bb', 'a', 'missing']);
    const into = new Float64Array(3);
    const cursor = new TnetCursor(bytes);
    expect(cursor.fieldsInto(0, keys, into)).toBe(true);
    expect(cursor.string(into[0]!)).toBe('x');
    expect(cursor.number(into[1]!)).toBe(1);
    expect(into[2]).toBe(-1);
    const repeated = new TnetCursor(new TextEncoder().encode('16:1:a;1:1#1:a;1:2#}'));
    expect(repeated.fieldsInto(0, keys, into)).toBe(true);
    expect(repeated.number(into[1]!)).toBe(2);
    expect(new TnetCursor(encodeTnetstring([1])).fieldsInto(0, keys, into)).toBe(false);
    expect(() =>
      new TnetCursor(new TextEncoder().encode('8:1:1#1:a;}')).fieldsInto(0, keys, into),
    ).toThrow(/dict key is not a string/);
  });
});
