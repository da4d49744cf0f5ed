/**
 * JSON text written straight as UTF-8 bytes (`JsonBytesWriter`), for the
 * capture index's summary rows: a string whose bytes JSON would write as
 * they are (valid UTF-8 without a control character, `"` or `\`) is copied
 * between quotes, never decoded into a string and encoded back; anything
 * else is written as `JSON.stringify` of its text, so the bytes are always
 * those of `JSON.stringify` encoded as UTF-8.
 */
import { BACKSLASH, decodeRange, isUtf8, QUOTE } from './bytes';

const encoder = new TextEncoder();

/** A growing byte buffer JSON text is written into. */
export class JsonBytesWriter {
  bytes = new Uint8Array(4096);
  /** where the next byte goes */
  position = 0;

  /** Makes room for `count` more bytes. */
  reserve(count: number): void {
    const needed = this.position + count;
    if (needed <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.position));
    this.bytes = grown;
  }

  byte(value: number): void {
    this.reserve(1);
    this.bytes[this.position++] = value;
  }

  /** ASCII text (constants, numbers), one byte a character. */
  ascii(text: string): void {
    const length = text.length;
    this.reserve(length);
    const bytes = this.bytes;
    let at = this.position;
    for (let i = 0; i < length; i++) bytes[at++] = text.charCodeAt(i);
    this.position = at;
  }

  /** Any text, as UTF-8. */
  text(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit
    this.reserve(text.length * 3);
    this.position += encoder.encodeInto(text, this.bytes.subarray(this.position)).written;
  }

  /** Bytes `[start, end)` of `from`, as they are. */
  copy(from: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    const bytes = this.bytes;
    let at = this.position;
    for (let i = start; i < end; i++) bytes[at++] = from[i]!;
    this.position = at;
  }

  /**
   * `JSON.stringify` of the text of the UTF-8 bytes `[start, end)` of `from`
   * (invalid sequences read as U+FFFD, as `decodeRange` reads them).
   */
  jsonString(from: Uint8Array, start: number, end: number): void {
    // copied as it is checked: valid UTF-8 (decoded, it holds no lone
    // surrogate, the only other thing JSON escapes) with no control
    // character, quote or backslash is what JSON.stringify writes between
    // its quotes; anything else is left behind and written as JSON.stringify does
    this.reserve(end - start + 2);
    const bytes = this.bytes;
    let at = this.position;
    bytes[at++] = QUOTE;
    let ascii = true;
    for (let i = start; i < end; i++) {
      const byte = from[i]!;
      if (byte < 0x20 || byte === QUOTE || byte === BACKSLASH) {
        ascii = false;
        at = -1;
        break;
      }
      if (byte >= 0x80) ascii = false;
      bytes[at++] = byte;
    }
    if (ascii || (at >= 0 && isUtf8(from.subarray(start, end)))) {
      bytes[at++] = QUOTE;
      this.position = at;
    } else this.text(JSON.stringify(decodeRange(from, start, end)));
  }
}
