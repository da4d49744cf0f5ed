/**
 * The flows' URLs, case-folded and joined into blocks of text, for the most
 * common filter: a piece of plain text ("/api/", "upstream-down"). One
 * `indexOf` over a block of 2,048 URLs finds the few that hold it, where a
 * regular expression run on each of 100,000 URL strings (scattered over a
 * big heap) costs ten times more. Patterns with regex syntax do not come here.
 */

const BLOCK = 2048;
/** Between two URLs of a block; a needle never holds it, so no match spans two URLs. */
const SEPARATOR = '\u0000';

/**
 * Is `source`, as a case-insensitive Unicode regex (flags "iu"), a plain
 * piece of ASCII text that `UrlText` can look for? No regex syntax at all,
 * and no NUL (the separator).
 */
export function isPlainAscii(source: string): boolean {
  if (source.length === 0 || /[\\^$.|?*+()[\]{}]/.test(source)) return false;
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code === 0 || code > 0x7f) return false;
  }
  return true;
}

const FOLDABLE = /[A-Z\u017f\u212a]/;
const FOLDABLE_ALL = /[A-Z\u017f\u212a]/g;
const fold = (ch: string) => (ch === '\u017f' ? 's' : ch === '\u212a' ? 'k' : ch.toLowerCase());

/**
 * Case folding that agrees with /…/iu for an ASCII needle: ASCII capitals,
 * and the two non-ASCII characters that fold to ASCII letters (ſ → s,
 * KELVIN SIGN → k). The length stays the same.
 */
export function foldCase(text: string): string {
  return FOLDABLE.test(text) ? text.replace(FOLDABLE_ALL, fold) : text;
}

interface Block {
  text: string;
  /** flow index of the block's first URL */
  first: number;
  /** where each URL of the block ends in `text` */
  ends: Int32Array;
}

export class UrlText {
  private blocks: Block[] = [];
  /** folded URLs after the last block */
  private tail: string[] = [];
  private tailFirst = 0;
  /** URLs changed after they went into a block (rare: a flow updated in place) */
  private changed = new Map<number, string>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Sets the URL of flow `index`: the next one, or one already added. */
  set(index: number, url: string): void {
    const folded = foldCase(url);
    if (index < this.count) {
      if (index >= this.tailFirst) this.tail[index - this.tailFirst] = folded;
      else this.changed.set(index, folded);
      return;
    }
    if (index !== this.count) throw new RangeError(`URL ${index} set before URL ${this.count}`);
    this.tail.push(folded);
    this.count++;
    if (this.tail.length === BLOCK) this.seal();
  }

  private seal() {
    const ends = new Int32Array(this.tail.length);
    let at = 0;
    this.tail.forEach((url, i) => {
      at += url.length;
      ends[i] = at;
      at += SEPARATOR.length;
    });
    this.blocks.push({ text: this.tail.join(SEPARATOR), first: this.tailFirst, ends });
    this.tailFirst += this.tail.length;
    this.tail = [];
  }

  /**
   * Marks in `hits` (by flow index) the URLs that contain `needle`, which
   * must be plain ASCII text (`isPlainAscii`) and is folded here.
   */
  find(needle: string, hits: Uint8Array): void {
    const wanted = foldCase(needle);
    for (const block of this.blocks) {
      const { text, ends, first } = block;
      let url = 0;
      for (let at = text.indexOf(wanted); at !== -1;) {
        // the URL holding position `at`: the first whose end is past the match
        let lo = url;
        let hi = ends.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (ends[mid]! < at + wanted.length) lo = mid + 1;
          else hi = mid;
        }
        url = lo;
        hits[first + url] = 1;
        if (url + 1 >= ends.length) break;
        at = text.indexOf(wanted, ends[url]! + SEPARATOR.length);
        url++;
      }
    }
    for (const [index, url] of this.changed) hits[index] = url.includes(wanted) ? 1 : 0;
    for (let i = 0; i < this.tail.length; i++)
      if (this.tail[i]!.includes(wanted)) hits[this.tailFirst + i] = 1;
  }
}
