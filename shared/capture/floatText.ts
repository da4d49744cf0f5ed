/**
 * A float's text as a dump has it (Python's `repr`: the shortest digits
 * that read back as the double, the nearest of them) is, for most
 * timestamps, the very text JavaScript's `String` gives that double. When
 * that can be proven from the digits alone (exact arithmetic, no string
 * made), the capture index copies the text instead of parsing and printing
 * the number (`canonicalDecimal`).
 */

/** 10^0 … 10^17, each an exact double */
const POWERS = Array.from({ length: 18 }, (_, i) => Number(`1e${i}`));
/** 2^27 + 1: Veltkamp's splitter for doubles */
const SPLITTER = 134217729;
/** far above the rounding error of `canonicalDecimal`'s sums (< 1e-7 units), far below a unit */
const MARGIN = 1e-6;

/** a double's bits, as two 32-bit words */
const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);
/** which word holds the sign, exponent and top of the mantissa */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LOW = 1 - HIGH;

/** The low part of `a * b` (Dekker's two-product: `a * b` is exactly the product plus it). */
function productError(a: number, b: number, product: number): number {
  let c = SPLITTER * a;
  const aHigh = c - (c - a);
  const aLow = a - aHigh;
  c = SPLITTER * b;
  const bHigh = c - (c - b);
  const bLow = b - bHigh;
  return aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

/**
 * The double nearest to the decimal text of bytes `[start, end)`, when
 * `String` of that double is the text byte for byte; NaN when that is not
 * so or cannot be told here (the caller parses and prints as usual).
 *
 * Taken: `<integer>.<fraction>` with a non-zero first digit, a non-zero last
 * digit and at most 17 digits (so, below 1e17, `String` writes it without
 * an exponent). With M the digits as an integer, f the fraction's length
 * and v the candidate double, R = M - v·10^f is computed exactly up to a
 * rounding error far below `MARGIN` (two-product). The text is `String(v)`
 * when (1) it is within half a unit of its last digit of v (`|R| < 1/2`),
 * so no other decimal of as many digits is nearer, (2) it lies inside v's
 * rounding interval (`|R| < h`, h half v's ulp in those units), so v is the
 * double the text reads as, and (3) no decimal with fewer digits rounds to
 * v: those nearest v are the two multiples of ten units around M (M's last
 * digit is not 0), and both lie outside the interval. Every comparison
 * keeps `MARGIN` to spare; a power of two (whose interval is lopsided) is
 * left to the caller.
 */
export function canonicalDecimal(bytes: Uint8Array, start: number, end: number): number {
  const first = bytes[start]!;
  const last = bytes[end - 1]!;
  if (first < 0x31 || first > 0x39 || last < 0x31 || last > 0x39) return NaN;
  const digits = end - start - 1;
  if (digits > 17) return NaN;
  // M = high·10^8 + low: low the last 8 digits
  const highDigits = digits - 8;
  let high = 0;
  let low = 0;
  let point = -1;
  let digit = 0;
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte === 0x2e) {
      if (point >= 0) return NaN;
      point = i;
    } else if (byte < 0x30 || byte > 0x39) return NaN;
    else if (digit++ < highDigits) high = high * 10 + (byte - 0x30);
    else low = low * 10 + (byte - 0x30);
  }
  if (point < 0) return NaN;
  const fraction = end - point - 1;
  const scale = POWERS[fraction]!;
  const whole = high * 1e8;
  const wholeLow = productError(high, 1e8, whole);
  let value = (high * 1e8 + low) / scale;
  // R = M - value·scale, exactly but for rounding far below MARGIN
  let product = value * scale;
  let r = whole - product + (wholeLow + low - productError(value, scale, product));
  float[0] = value;
  const highWord = words[HIGH]!;
  const exponent = (highWord >>> 20) & 0x7ff;
  // a power of two (or not a normal double, or below 2^53: never, the value is at least 1)
  if (exponent <= 53 || exponent === 0x7ff || ((highWord & 0xfffff) === 0 && words[LOW] === 0))
    return NaN;
  // the value's ulp (2^(exponent - 1075): biased exponent - 52)
  words[HIGH] = (exponent - 52) << 20;
  words[LOW] = 0;
  const ulp = float[0];
  // half of it, in units of the last digit
  const half = (ulp / 2) * scale;
  if (Math.abs(r) >= half - MARGIN) {
    // M above 2^53 is rounded, then divided: the double next to it, toward the text
    value = r > 0 ? value + ulp : value - ulp;
    float[0] = value;
    const next = words[HIGH];
    // (still in the same binade, and not a power of two)
    if (((next >>> 20) & 0x7ff) !== exponent || ((next & 0xfffff) === 0 && words[LOW] === 0))
      return NaN;
    product = value * scale;
    r = whole - product + (wholeLow + low - productError(value, scale, product));
  }
  const lastDigit = last - 0x30;
  if (
    Math.abs(r) < 0.5 - MARGIN &&
    Math.abs(r) < half - MARGIN &&
    Math.abs(r - lastDigit) > half + MARGIN &&
    Math.abs(r + 10 - lastDigit) > half + MARGIN
  )
    return value;
  return NaN;
}
