/**
 * Makes control and bidi characters visible, so a capture cannot hide text
 * (U+202E reorders what follows, NUL and ESC vanish) or fake a layout.
 * Pure: returns segments the view renders as React text, the special ones
 * in a distinct style.
 */

export interface TextSegment {
  text: string;
  /** true for a stand-in of an invisible character */
  special: boolean;
  /** the code point it stands for, for a tooltip/label */
  codePoint?: number;
}

// U+0000–U+001F except \t \n, U+007F–U+009F, LRM/RLM, bidi embeddings and isolates
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

function hex(cp: number): string {
  return cp.toString(16).toUpperCase().padStart(4, '0');
}

/** The stand-in shown for one invisible character. */
export function visibleStandIn(cp: number): string {
  if (cp <= 0x1f) return String.fromCharCode(0x2400 + cp); // ␀ … ␟
  if (cp === 0x7f) return '\u2421'; // ␡
  return `⟨U+${hex(cp)}⟩`;
}

export function hasInvisible(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  return INVISIBLE.test(text);
}

export function splitVisible(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  INVISIBLE.lastIndex = 0;
  for (let m = INVISIBLE.exec(text); m; m = INVISIBLE.exec(text)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), special: false });
    const cp = m[0].charCodeAt(0);
    out.push({ text: visibleStandIn(cp), special: true, codePoint: cp });
    last = m.index + 1;
  }
  if (last < text.length) out.push({ text: text.slice(last), special: false });
  return out;
}

/** A plain string with every invisible character replaced by its stand-in (for titles, short cells). */
export function toVisibleString(text: string): string {
  return text.replace(INVISIBLE, (ch) => visibleStandIn(ch.charCodeAt(0)));
}
