/**
 * tnetstrings (https://tnetstrings.info), as written by mitmproxy's flow
 * dumps: `<length>:<payload><type>`, where type is one of
 *
 *   ,  bytes        ;  unicode (UTF-8)   #  integer   ^  float
 *   !  boolean      ~  null (empty)      ]  list      }  dict (key, value, …)
 *
 * The reader is strict (every malformed byte is an error naming its offset),
 * bounded (a depth limit instead of unbounded recursion, lengths checked
 * against the input before use) and copy-free: byte strings are returned
 * as `subarray` views of the input.
 */
import { formatCount } from '../format';
import { COLON, decodeRange, isBytes, utf8Decode, utf8Encode } from './bytes';

export type TnetValue =
  Uint8Array | string | number | bigint | boolean | null | TnetValue[] | TnetDict;

/** A `__proto__` key is an own property, never the prototype. */
export interface TnetDict {
  [key: string]: TnetValue;
}

export class TnetstringError extends Error {
  readonly offset: number;
  /** the message without its offset, to restate it relative to another origin */
  readonly detail: string;
  constructor(message: string, offset: number) {
    super(`tnetstring: ${message} at byte ${offset}`);
    this.name = 'TnetstringError';
    this.offset = offset;
    this.detail = message;
  }
}

export interface TnetReadOptions {
  /** nesting deeper than this is rejected (default 64) */
  maxDepth?: number;
}

/** Longest length prefix accepted: 12 digits is far beyond any real input. */
const MAX_LENGTH_DIGITS = 12;
const DEFAULT_MAX_DEPTH = 64;

const TYPE_BYTES = 0x2c; // ,
const TYPE_UNICODE = 0x3b; // ;
const TYPE_INT = 0x23; // #
const TYPE_FLOAT = 0x5e; // ^
const TYPE_BOOL = 0x21; // !
const TYPE_NULL = 0x7e; // ~
const TYPE_LIST = 0x5d; // ]
const TYPE_DICT = 0x7d; // }

const FLOAT_SYNTAX = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:inf|infinity|nan)$/i;

function asciiSlice(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

class Reader {
  /** the input (a plain Uint8Array view of it) */
  readonly bytes: Uint8Array;
  private readonly maxDepth: number;
  /** offset just after the value last read (a field, not a returned tuple: no garbage per value) */
  next = 0;
  /** the payload of the value whose frame was read last: `[payloadStart, payloadEnd)` */
  payloadStart = 0;
  payloadEnd = 0;
  /** dict keys repeat in every flow: decode each distinct key once */
  private readonly keyCache = new Map<number, string>();

  constructor(bytes: Uint8Array, options: TnetReadOptions) {
    // a Node Buffer's subarray() makes Buffers (slow); a plain view of the same memory makes Uint8Arrays
    this.bytes =
      Object.getPrototypeOf(bytes) === Uint8Array.prototype
        ? bytes
        : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  /**
   * Reads one value starting at `offset`; every byte of it, type byte
   * included, must lie before `limit`. Sets `this.next` to the offset after it.
   */
  read(offset: number, limit: number, depth: number): TnetValue {
    this.header(offset, limit);
    const start = this.payloadStart;
    const end = this.payloadEnd;
    const type = this.bytes[end]!;
    this.next = end + 1;
    switch (type) {
      case TYPE_BYTES:
        return this.bytes.subarray(start, end);
      case TYPE_UNICODE:
        return utf8Decode(this.bytes.subarray(start, end));
      case TYPE_INT:
        return this.int(start, end);
      case TYPE_FLOAT:
        return this.float(start, end);
      case TYPE_BOOL:
        return this.bool(start, end);
      case TYPE_NULL:
        if (end !== start) throw new TnetstringError('null with a non-empty payload', offset);
        return null;
      case TYPE_LIST: {
        const list = this.list(start, end, depth);
        this.next = end + 1;
        return list;
      }
      case TYPE_DICT: {
        const dict = this.dict(start, end, depth);
        this.next = end + 1;
        return dict;
      }
      default:
        throw new TnetstringError(`unknown type byte 0x${type.toString(16).padStart(2, '0')}`, end);
    }
  }

  /** Parses `<length>:` at `offset`; sets the payload's [start, end) (the type byte is at `end`). */
  protected header(offset: number, limit: number): void {
    // the common case in a small function (inlined where it is called); any
    // doubt goes to `headerError`, which names what is wrong
    const end = this.frameAt(offset, limit);
    if (end < 0) this.headerError(offset, limit);
    this.payloadEnd = end;
  }

  /**
   * The frame at `offset` as `header` reads it, without throwing: the
   * offset of its type byte (its payload is then `[payloadStart, that)`),
   * or -1 when anything about it is not as `header` wants it.
   */
  frameAt(offset: number, limit: number): number {
    const bytes = this.bytes;
    let max = offset + MAX_LENGTH_DIGITS;
    if (max > limit) max = limit;
    let length = 0;
    let i = offset;
    for (; i < max; i++) {
      const byte = bytes[i]!;
      if (byte < 0x30 || byte > 0x39) break;
      length = length * 10 + (byte - 0x30);
    }
    const end = i + 1 + length;
    if (
      i === offset ||
      i >= limit ||
      bytes[i] !== COLON ||
      (bytes[offset] === 0x30 && i - offset > 1) ||
      end >= limit
    )
      return -1;
    this.payloadStart = i + 1;
    return end;
  }

  /** Throws the error `header` found at `offset` (the frame is read again, slowly, to name it). */
  protected headerError(offset: number, limit: number): never {
    const bytes = this.bytes;
    if (offset >= limit)
      throw new TnetstringError('expected a length prefix, found end of input', offset);
    let length = 0;
    let i = offset;
    for (; i < limit; i++) {
      const byte = bytes[i]!;
      if (byte === COLON) break;
      if (byte < 0x30 || byte > 0x39) {
        throw new TnetstringError(
          `invalid length prefix character 0x${byte.toString(16).padStart(2, '0')}`,
          i,
        );
      }
      if (i - offset >= MAX_LENGTH_DIGITS)
        throw new TnetstringError('length prefix too long', offset);
      length = length * 10 + (byte - 0x30);
    }
    if (i === offset) throw new TnetstringError('empty length prefix', offset);
    if (i >= limit) throw new TnetstringError('unterminated length prefix (no ":")', offset);
    if (bytes[offset] === 0x30 && i - offset > 1) {
      throw new TnetstringError('length prefix has a leading zero', offset);
    }
    const start = i + 1;
    const end = start + length;
    if (end >= limit) {
      const container = limit === bytes.length ? 'the input' : 'its enclosing list or dict';
      throw new TnetstringError(
        `payload of ${formatCount(length, 'byte')} runs past the end of ${container}`,
        offset,
      );
    }
    throw new TnetstringError('malformed length prefix', offset);
  }

  protected int(start: number, end: number): number | bigint {
    const bytes = this.bytes;
    let i = start;
    const negative = bytes[i] === 0x2d;
    if (negative || bytes[i] === 0x2b) i++;
    if (i >= end) throw new TnetstringError('integer without digits', start);
    if (end - i > 15) {
      const text = asciiSlice(bytes, start, end);
      if (!/^[+-]?\d+$/.test(text))
        throw new TnetstringError(`invalid integer "${text.slice(0, 40)}"`, start);
      const big = BigInt(text);
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(big)
        : big;
    }
    let value = 0;
    for (; i < end; i++) {
      const byte = bytes[i]!;
      if (byte < 0x30 || byte > 0x39) throw new TnetstringError('invalid integer digit', i);
      value = value * 10 + (byte - 0x30);
    }
    return negative ? -value : value;
  }

  protected float(start: number, end: number): number {
    const text = asciiSlice(this.bytes, start, end);
    if (!FLOAT_SYNTAX.test(text))
      throw new TnetstringError(`invalid float "${text.slice(0, 40)}"`, start);
    const lower = text.toLowerCase();
    if (lower.includes('nan')) return NaN;
    if (lower.includes('inf')) return lower.startsWith('-') ? -Infinity : Infinity;
    return Number(text);
  }

  private bool(start: number, end: number): boolean {
    const text = asciiSlice(this.bytes, start, end);
    if (text === 'true') return true;
    if (text === 'false') return false;
    throw new TnetstringError(`invalid boolean "${text.slice(0, 40)}"`, start);
  }

  private list(start: number, end: number, depth: number): TnetValue[] {
    if (depth >= this.maxDepth)
      throw new TnetstringError(`nesting deeper than ${this.maxDepth}`, start);
    const items: TnetValue[] = [];
    let offset = start;
    while (offset < end) {
      items.push(this.read(offset, end, depth + 1));
      offset = this.next;
    }
    return items;
  }

  /** A dict key: `;` or `,` string, decoded once per distinct short key. */
  protected key(offset: number, limit: number): string {
    this.header(offset, limit);
    const start = this.payloadStart;
    const end = this.payloadEnd;
    const type = this.bytes[end]!;
    this.next = end + 1;
    if (type !== TYPE_UNICODE && type !== TYPE_BYTES) {
      throw new TnetstringError('dict key is not a string', offset);
    }
    if (end - start > 32) return utf8Decode(this.bytes.subarray(start, end));
    const bytes = this.bytes;
    let hash = end - start;
    for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + bytes[i]!) | 0;
    const cached = this.keyCache.get(hash);
    if (cached !== undefined && cached.length === end - start && asciiAt(cached, bytes, start))
      return cached;
    const name = utf8Decode(bytes.subarray(start, end));
    // only pure-ASCII keys can be compared byte for char above
    if (name.length === end - start && this.keyCache.size < 4096) this.keyCache.set(hash, name);
    return name;
  }

  private dict(start: number, end: number, depth: number): TnetDict {
    if (depth >= this.maxDepth)
      throw new TnetstringError(`nesting deeper than ${this.maxDepth}`, start);
    // a plain object keeps V8's fast properties (Object.create(null) would not);
    // `__proto__` is defined as an own property so it cannot change the prototype
    const dict: TnetDict = {};
    let offset = start;
    while (offset < end) {
      const keyOffset = offset;
      const name = this.key(offset, end);
      const afterKey = this.next;
      if (afterKey >= end)
        throw new TnetstringError(`dict key "${name.slice(0, 40)}" has no value`, keyOffset);
      const value = this.read(afterKey, end, depth + 1);
      if (name === '__proto__') {
        Object.defineProperty(dict, name, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        dict[name] = value;
      }
      offset = this.next;
    }
    return dict;
  }
}

/** The type bytes, for `TnetCursor.peek`. */
export const TnetType = {
  bytes: TYPE_BYTES,
  unicode: TYPE_UNICODE,
  int: TYPE_INT,
  float: TYPE_FLOAT,
  bool: TYPE_BOOL,
  null: TYPE_NULL,
  list: TYPE_LIST,
  dict: TYPE_DICT,
} as const;

/** 2^53: integers below it are exact doubles */
const EXACT_MANTISSA = 2 ** 53;
/** 10^0 … 10^22, every one an exact double */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** Whether `bytes` from `start` spell `text` (an ASCII string), char for byte. */
function asciiAt(text: string, bytes: Uint8Array, start: number): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}

/**
 * A fixed set of ASCII dict keys, matched against a key's bytes (no string
 * is made for a key): for `TnetCursor.fieldsInto`.
 */
export class TnetKeys {
  readonly names: readonly string[];
  /** each name's bytes */
  private readonly encoded: Uint8Array[];
  /**
   * by a key's length and first byte (`slot`): 1 + the index of the first
   * name there, 0 for none; names that share a slot are chained by `nextInSlot`
   */
  private readonly slots = new Int16Array(SLOT_COUNT);
  private readonly nextInSlot: Int16Array;

  constructor(names: readonly string[]) {
    this.names = names;
    this.encoded = [];
    this.nextInSlot = new Int16Array(names.length);
    names.forEach((name, index) => {
      // eslint-disable-next-line no-control-regex
      if (!/^[\x00-\x7f]+$/.test(name)) throw new Error(`TnetKeys: "${name}" is not ASCII`);
      if (name.length > MAX_KEY_LENGTH) throw new Error(`TnetKeys: "${name}" is too long`);
      this.encoded.push(Uint8Array.from(name, (c) => c.charCodeAt(0)));
      const slot = slotOf(name.length, name.charCodeAt(0));
      // chained in the order given
      let last = this.slots[slot]! - 1;
      if (last < 0) this.slots[slot] = index + 1;
      else {
        while (this.nextInSlot[last]! > 0) last = this.nextInSlot[last]! - 1;
        this.nextInSlot[last] = index + 1;
      }
    });
  }

  /** The index of the key whose bytes are `bytes[start, end)`, or -1. */
  find(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length > MAX_KEY_LENGTH || length === 0) return -1;
    for (
      let at = this.slots[slotOf(length, bytes[start]!)]!;
      at > 0;
      at = this.nextInSlot[at - 1]!
    ) {
      const name = this.encoded[at - 1]!;
      if (name.length !== length) continue;
      let same = true;
      for (let i = 1; i < length; i++) {
        if (name[i] !== bytes[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return at - 1;
    }
    return -1;
  }
}

/** `TnetKeys` names are at most this long */
const MAX_KEY_LENGTH = 63;
const SLOT_COUNT = 64 * 16;
/** a key's slot in `TnetKeys`: its length and the low bits of its first byte */
function slotOf(length: number, first: number): number {
  return (length << 4) | (first & 15);
}

/**
 * Random access without building trees: a value is addressed by its offset,
 * and containers are walked by skipping over their children's payloads
 * (a tnetstring states its length up front). Used to map big dumps fast,
 * reading only the fields that are needed. Every value that is read is
 * checked as strictly as by `readTnetstring`; skipped payloads are only
 * checked for their length and type byte.
 */
export class TnetCursor extends Reader {
  private readonly total: number;

  constructor(bytes: Uint8Array, options: TnetReadOptions = {}) {
    super(bytes, options);
    this.total = this.bytes.length;
  }

  /** The type byte of the value at `offset`; `next` is set to the offset after it. */
  peek(offset: number, limit = this.total): number {
    this.header(offset, limit);
    const type = this.bytes[this.payloadEnd]!;
    this.next = this.payloadEnd + 1;
    return type;
  }

  /** The whole value at `offset`, as `readTnetstring` would give it. */
  value(offset: number): TnetValue {
    return this.read(offset, this.total, 0);
  }

  /** A byte or unicode string as text (UTF-8, invalid bytes replaced); null for other types. */
  string(offset: number): string | null {
    const type = this.peek(offset);
    if (type !== TYPE_BYTES && type !== TYPE_UNICODE) return null;
    return decodeRange(this.bytes, this.payloadStart, this.payloadEnd);
  }

  /** The raw payload of a byte or unicode string, as a view of the input; null for other types. */
  bytesAt(offset: number): Uint8Array | null {
    const type = this.peek(offset);
    if (type !== TYPE_BYTES && type !== TYPE_UNICODE) return null;
    return this.bytes.subarray(this.payloadStart, this.payloadEnd);
  }

  /** the first item of the list `pair` checked last: its type byte and payload range */
  pairFirstType = 0;
  pairFirstStart = 0;
  pairFirstEnd = 0;
  /** the second item of that list: its type byte and payload range */
  pairSecondType = 0;
  pairSecondStart = 0;
  pairSecondEnd = 0;

  /**
   * Whether the value at `offset` is a list of exactly two items (as
   * `listItems(offset)?.length === 2`, checking every item's frame the same
   * way); their types and payloads are then in `pairFirst…` and
   * `pairSecond…`. Makes no array.
   */
  pair(offset: number): boolean {
    if (this.peek(offset) !== TYPE_LIST) return false;
    const bytes = this.bytes;
    const end = this.payloadEnd;
    let at = this.payloadStart;
    let count = 0;
    while (at < end) {
      this.header(at, end);
      if (count === 0) {
        this.pairFirstType = bytes[this.payloadEnd]!;
        this.pairFirstStart = this.payloadStart;
        this.pairFirstEnd = this.payloadEnd;
      } else if (count === 1) {
        this.pairSecondType = bytes[this.payloadEnd]!;
        this.pairSecondStart = this.payloadStart;
        this.pairSecondEnd = this.payloadEnd;
      }
      count++;
      at = this.payloadEnd + 1;
    }
    this.next = end + 1;
    return count === 2;
  }

  /** Whether a type byte (`peek`) is a byte or unicode string's. */
  static isStringType(type: number): boolean {
    return type === TYPE_BYTES || type === TYPE_UNICODE;
  }

  /** The string with payload `[start, end)` as text (as `string` decodes it). */
  text(start: number, end: number): string {
    return decodeRange(this.bytes, start, end);
  }

  /**
   * Whether the string with payload `[start, end)`, as text, lower-cased,
   * is `lower` (lower-case ASCII): compared on the bytes, no string made
   * unless they go beyond ASCII.
   */
  isLowerCase(start: number, end: number, lower: string): boolean {
    const bytes = this.bytes;
    let same = end - start === lower.length;
    for (let i = start; i < end; i++) {
      let byte = bytes[i]!;
      if (byte >= 0x80) return decodeRange(bytes, start, end).toLowerCase() === lower;
      if (!same) continue;
      if (byte >= 0x41 && byte <= 0x5a) byte += 0x20;
      if (byte !== lower.charCodeAt(i - start)) same = false;
    }
    return same;
  }

  /** The payload length of a byte or unicode string (as `bytesAt(offset).length`); -1 for other types. */
  stringLength(offset: number): number {
    const type = this.peek(offset);
    if (type !== TYPE_BYTES && type !== TYPE_UNICODE) return -1;
    return this.payloadEnd - this.payloadStart;
  }

  /** An int or float as a number; null for other types (and for null). */
  number(offset: number): number | null {
    return this.peekedNumber(this.peek(offset));
  }

  /** `number` of the value `peek` read last, whose type byte is `type`. */
  peekedNumber(type: number): number | null {
    if (type === TYPE_INT) {
      const value = this.int(this.payloadStart, this.payloadEnd);
      return typeof value === 'bigint' ? Number(value) : value;
    }
    return type === TYPE_FLOAT ? this.decimal(this.payloadStart, this.payloadEnd) : null;
  }

  /**
   * A float payload. Plain decimals whose digits make an integer below
   * 2^53 (16-digit timestamps too) are computed from their digits (both the
   * digits and the power of ten are exact doubles, so one division is
   * correctly rounded, as `Number(text)` is); anything else (17-digit
   * timestamps, exponents, inf, nan) goes through the text.
   */
  private decimal(start: number, end: number): number {
    const bytes = this.bytes;
    let i = start;
    const negative = bytes[i] === 0x2d;
    if (negative || bytes[i] === 0x2b) i++;
    let mantissa = 0;
    let digits = 0;
    let fraction = 0;
    let dot = false;
    for (; i < end; i++) {
      const byte = bytes[i]!;
      if (byte >= 0x30 && byte <= 0x39) {
        mantissa = mantissa * 10 + (byte - 0x30);
        digits++;
        if (dot) fraction++;
      } else if (byte === 0x2e && !dot) {
        dot = true;
      } else {
        return this.float(start, end);
      }
    }
    if (digits === 0) return this.float(start, end);
    // the digits are exact below 2^53 (a bigger true mantissa never computes below it)
    if (!(mantissa < EXACT_MANTISSA) || fraction >= POWERS_OF_TEN.length)
      return Number(asciiSlice(bytes, start, end));
    const value = fraction === 0 ? mantissa : mantissa / POWERS_OF_TEN[fraction]!;
    return negative ? -value : value;
  }

  /**
   * Finds the values of the wanted keys of the dict at `offset` without
   * decoding any key: `into[i]` becomes the offset of the value of
   * `keys.names[i]` (the last one when a key repeats), or -1. Every key
   * and value frame is checked as `dictFields` checks it. Returns false
   * (and leaves `into` all -1) when the value is not a dict.
   */
  fieldsInto(offset: number, keys: TnetKeys, into: Float64Array): boolean {
    for (let i = 0; i < into.length; i++) into[i] = -1;
    if (this.peek(offset) !== TYPE_DICT) return false;
    const bytes = this.bytes;
    const end = this.payloadEnd;
    let at = this.payloadStart;
    while (at < end) {
      const keyOffset = at;
      const keyEnd = this.frameAt(at, end);
      if (keyEnd < 0) this.headerError(at, end);
      const keyStart = this.payloadStart;
      const keyType = bytes[keyEnd]!;
      if (keyType !== TYPE_UNICODE && keyType !== TYPE_BYTES) {
        throw new TnetstringError('dict key is not a string', keyOffset);
      }
      at = keyEnd + 1;
      if (at >= end) {
        const name = utf8Decode(bytes.subarray(keyStart, keyEnd));
        throw new TnetstringError(`dict key "${name.slice(0, 40)}" has no value`, keyOffset);
      }
      const index = keys.find(bytes, keyStart, keyEnd);
      if (index >= 0) into[index] = at;
      // the value's frame
      const valueEnd = this.frameAt(at, end);
      if (valueEnd < 0) this.headerError(at, end);
      at = valueEnd + 1;
    }
    this.next = end + 1;
    return true;
  }

  /**
   * The offsets of a list's items; null if the value is not a list. Pass
   * `into` to reuse an array (it is emptied first) instead of making one.
   */
  listItems(offset: number, into?: number[]): number[] | null {
    if (this.peek(offset) !== TYPE_LIST) return null;
    const end = this.payloadEnd;
    const items = into ?? [];
    items.length = 0;
    let at = this.payloadStart;
    while (at < end) {
      items.push(at);
      this.peek(at, end);
      at = this.next;
    }
    this.next = end + 1;
    return items;
  }

  /** A dict's keys with the offsets of their values; null if the value is not a dict. */
  dictFields(offset: number): Map<string, number> | null {
    if (this.peek(offset) !== TYPE_DICT) return null;
    const end = this.payloadEnd;
    const fields = new Map<string, number>();
    let at = this.payloadStart;
    while (at < end) {
      const keyOffset = at;
      const name = this.key(at, end);
      at = this.next;
      if (at >= end)
        throw new TnetstringError(`dict key "${name.slice(0, 40)}" has no value`, keyOffset);
      fields.set(name, at);
      this.peek(at, end);
      at = this.next;
    }
    this.next = end + 1;
    return fields;
  }
}

/** Reads the single tnetstring at `offset`; returns it and the offset just after it. */
export function readTnetstring(
  bytes: Uint8Array,
  offset = 0,
  options: TnetReadOptions = {},
): { value: TnetValue; end: number } {
  const reader = new Reader(bytes, options);
  const value = reader.read(offset, bytes.length, 0);
  return { value, end: reader.next };
}

/**
 * Iterates over a sequence of tnetstrings (a mitmproxy dump). Whitespace
 * between top-level values is skipped, as mitmproxy's reader does.
 * Throws `TnetstringError` at the first malformed value.
 */
export function* iterTnetstrings(
  bytes: Uint8Array,
  options: TnetReadOptions = {},
): Generator<{ value: TnetValue; offset: number; end: number }> {
  const reader = new Reader(bytes, options);
  let offset = 0;
  for (;;) {
    while (offset < bytes.length && isSpace(bytes[offset]!)) offset++;
    if (offset >= bytes.length) return;
    const value = reader.read(offset, bytes.length, 0);
    const end = reader.next;
    yield { value, offset, end };
    offset = end;
  }
}

/** Reads every tnetstring of a sequence. */
export function readTnetstrings(bytes: Uint8Array, options: TnetReadOptions = {}): TnetValue[] {
  const values: TnetValue[] = [];
  for (const { value } of iterTnetstrings(bytes, options)) values.push(value);
  return values;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

// ------------------------------------------------------------------ writer

/**
 * Writes back to front: a value's payload is written before its length
 * prefix, so one pass into one growing buffer suffices (no per-node arrays).
 */
class ReverseWriter {
  buffer: Uint8Array;
  /** index of the first written byte */
  position: number;

  constructor(initialSize = 1024) {
    this.buffer = new Uint8Array(initialSize);
    this.position = initialSize;
  }

  get written(): number {
    return this.buffer.length - this.position;
  }

  private reserve(count: number): void {
    if (this.position >= count) return;
    const used = this.written;
    let size = this.buffer.length * 2;
    while (size - used < count) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(this.position), size - used);
    this.buffer = grown;
    this.position = size - used;
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[--this.position] = value;
  }

  bytes(value: Uint8Array): void {
    this.reserve(value.length);
    this.position -= value.length;
    this.buffer.set(value, this.position);
  }

  ascii(text: string): void {
    this.reserve(text.length);
    for (let i = text.length - 1; i >= 0; i--) this.buffer[--this.position] = text.charCodeAt(i);
  }

  text(text: string): void {
    // eslint-disable-next-line no-control-regex
    if (/^[\x00-\x7f]*$/.test(text)) this.ascii(text);
    else this.bytes(utf8Encode(text));
  }

  result(): Uint8Array {
    return this.buffer.slice(this.position);
  }
}

function writeValue(writer: ReverseWriter, value: unknown, depth: number): void {
  if (depth > DEFAULT_MAX_DEPTH) throw new Error('encodeTnetstring: value nested too deeply');
  const endMark = writer.written;
  if (isBytes(value)) {
    writer.byte(TYPE_BYTES);
    writer.bytes(value);
  } else if (typeof value === 'string') {
    writer.byte(TYPE_UNICODE);
    writer.text(value);
  } else if (typeof value === 'bigint') {
    writer.byte(TYPE_INT);
    writer.ascii(value.toString());
  } else if (typeof value === 'number') {
    if (Number.isInteger(value)) {
      writer.byte(TYPE_INT);
      writer.ascii(String(value));
    } else {
      writer.byte(TYPE_FLOAT);
      writer.ascii(
        Number.isNaN(value)
          ? 'nan'
          : value === Infinity
            ? 'inf'
            : value === -Infinity
              ? '-inf'
              : String(value),
      );
    }
  } else if (typeof value === 'boolean') {
    writer.byte(TYPE_BOOL);
    writer.ascii(value ? 'true' : 'false');
  } else if (value === null || value === undefined) {
    writer.byte(TYPE_NULL);
  } else if (Array.isArray(value)) {
    writer.byte(TYPE_LIST);
    for (let i = value.length - 1; i >= 0; i--) writeValue(writer, value[i], depth + 1);
  } else if (typeof value === 'object') {
    writer.byte(TYPE_DICT);
    const entries = Object.entries(value as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i]!;
      writeValue(writer, item, depth + 1);
      writeValue(writer, key, depth + 1);
    }
  } else {
    throw new Error(`encodeTnetstring: cannot encode a ${typeof value}`);
  }
  const payloadLength = writer.written - endMark - 1;
  writer.byte(COLON);
  writer.ascii(String(payloadLength));
}

/**
 * Encodes a value: `Uint8Array` → bytes, string → unicode, integer → int,
 * other numbers → float, boolean, null/undefined → null, arrays → list,
 * plain objects → dict with unicode keys (in insertion order).
 */
export function encodeTnetstring(value: unknown): Uint8Array {
  const writer = new ReverseWriter();
  writeValue(writer, value, 0);
  return writer.result();
}
