/**
 * A filter's verdict on a mitmproxy dump's records read as raw bytes, before
 * any is parsed: for each record NO (certainly no match), YES (certainly a
 * match) or MAYBE. Only MAYBE records need the reader (`MitmFlowReader`) and
 * the evaluator (`matchBatch`), so a filter over a dump gives the
 * evaluator's answers by construction, as long as every NO and YES here is
 * proven. Where the bytes are: the platform's `traffic/matches` and the
 * worker's scan of a local file.
 *
 * What it proves, for a plain ASCII pattern (`isPlainAscii`: no regex
 * syntax), from where the pattern occurs in the record's bytes
 * (case-insensitively, as the evaluator's `i` flag does):
 * - headers: the evaluator searches `name: value` lines whose names and
 *   values are the UTF-8 text of the record's strings, which keeps every
 *   ASCII byte as it is. An occurrence inside a side's header list that
 *   cannot overlap the tnetstring framing (the text holds no `:` `,` `;`
 *   `]` and is not all digits) lies inside one name or value: YES. None
 *   there, and the text holds no separator of the joined lines (`:`,
 *   space, newline): NO.
 * - bodies: searched after content-decoding and in the declared charset.
 *   A body with no `Content-Encoding`, not cut by the size limit, in UTF-8
 *   or windows-1252 (both keep ASCII bytes as they are) is searched as its
 *   bytes; an encoded one is decoded here first (`contentDecode`, the same
 *   function the evaluator uses); any other charset, a truncated body or a
 *   websocket's messages: MAYBE unless an occurrence proves YES. Which
 *   records may have an encoding or such a charset (their "marks",
 *   `recordMarks.ts`) comes from the capture index when the caller has one
 *   (`scan`'s `marks`: the platform's index, a local dump's), else from a
 *   search of the batch for `content-encoding` and `charset`; only a
 *   marked record's headers are looked up.
 * - URL (`~u`, and in `~flag`-style `anyText`): an occurrence inside the
 *   scheme, host or path is in the URL; none, and the text holds none of
 *   the URL's joins (`:` `/` `[` `]`), is not all digits (the port) and is
 *   no part of `http://` (the default scheme): NO.
 * - /iu folds two non-ASCII characters to ASCII letters (ſ → s, KELVIN
 *   SIGN → k): a record holding their UTF-8 bytes is MAYBE for a pattern
 *   with an s or k.
 * Other patterns (regex syntax) are MAYBE, except that a plain piece every
 * match must contain (`requiredText`) proves NO where it is absent. Status
 * codes and flags are read from the record exactly. `!`, `&`, `|` combine
 * the three values (`!MAYBE` is MAYBE).
 */
import type { FlowRequest } from '../../schemas';
import { contentDecode } from '../contentDecode';
import { flowUrl } from '../flowUrl';
import { decodeRange } from '../bytes';
import { charsetIsSafe, MARK_CHARSET, MARK_ENCODING } from '../recordMarks';
import { TnetCursor, TnetKeys, TnetType, TnetstringError } from '../tnetstring';
import type { FilterField, FilterNode } from './parse';
import { isPlainAscii } from './urlText';

export const NO = 0;
export const YES = 1;
export const MAYBE = 2;
export type Verdict = typeof NO | typeof YES | typeof MAYBE;

export interface PrefilterOptions {
  /** bodies longer than this are cut by the reader (`MitmParseOptions.maxBodyBytes`) */
  maxBodyBytes?: number;
  /** false: never YES (MAYBE instead), for callers that need every matching flow parsed */
  proveMatches?: boolean;
}

/** A cursor that tells where a string's payload lies (no view made per string). */
class RangeCursor extends TnetCursor {
  start = 0;
  end = 0;
  /** The payload range of the string at `offset` into `start`/`end`; false when no string. */
  stringRange(offset: number): boolean {
    if (offset < 0) return false;
    const type = this.peek(offset);
    if (type !== TnetType.bytes && type !== TnetType.unicode) return false;
    this.start = this.payloadStart;
    this.end = this.payloadEnd;
    return true;
  }
  /** The payload range of the list or dict at `offset`; false for anything else. */
  containerRange(offset: number): boolean {
    if (offset < 0) return false;
    const type = this.peek(offset);
    if (type !== TnetType.list) return false;
    this.start = this.payloadStart;
    this.end = this.payloadEnd;
    return true;
  }
  isDict(offset: number): boolean {
    return offset >= 0 && this.peek(offset) === TnetType.dict;
  }
}

const FLOW = new TnetKeys(['id', 'request', 'response', 'error', 'websocket']);
const MESSAGE = new TnetKeys([
  'method',
  'scheme',
  'host',
  'path',
  'headers',
  'content',
  'status_code',
  'port',
]);
const M_METHOD = 0,
  M_SCHEME = 1,
  M_HOST = 2,
  M_PATH = 3,
  M_HEADERS = 4,
  M_CONTENT = 5,
  M_STATUS = 6,
  M_PORT = 7;

/** One side of a record (request or response) as byte ranges. */
interface Side {
  present: boolean;
  headersStart: number;
  headersEnd: number;
  /** -1 when there is no body string */
  bodyStart: number;
  bodyEnd: number;
  /** the first Content-Encoding / Content-Type value, as the evaluator's `headerValue` finds it */
  contentEncoding: string | undefined;
  contentType: string | undefined;
  /** whether the two above were looked up */
  looked: boolean;
  /** the record offset of the headers list (to look them up) */
  headersAt: number;
}

const newSide = (): Side => ({
  present: false,
  headersStart: 0,
  headersEnd: 0,
  bodyStart: -1,
  bodyEnd: -1,
  contentEncoding: undefined,
  contentType: undefined,
  looked: false,
  headersAt: -1,
});

/** What the walk of a record found: byte ranges of what filters read. */
interface Walk {
  ok: boolean;
  id: string | null;
  requestAt: number;
  responseAt: number;
  /** 0: not walked yet, 1: walked, -1: not as a flow has it */
  requestState: number;
  responseState: number;
  method: [number, number];
  port: number;
  /** the URL as the evaluator makes it, once asked for */
  url: string | null;
  scheme: [number, number];
  host: [number, number];
  path: [number, number];
  request: Side;
  response: Side;
  status: number;
  error: boolean;
  websocket: boolean;
}

type NodeBuffer = {
  from(b: ArrayBufferLike, o: number, l: number): { toString(e: string): string };
};
const NodeBufferClass = (globalThis as { Buffer?: NodeBuffer }).Buffer;
let windows1252: TextDecoder | null = null;

/**
 * The bytes as one character per byte (ASCII as itself, any other byte as
 * a non-ASCII character): Node's latin1, else the browser's windows-1252.
 */
export function byteText(bytes: Uint8Array): string {
  if (NodeBufferClass)
    return NodeBufferClass.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
      'latin1',
    );
  windows1252 ??= new TextDecoder('windows-1252');
  return windows1252.decode(bytes);
}

const escapeChar = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
const escapeRegExp = (text: string) => text.replace(/[\\^$.|?*+()[\]{}/-]/g, '\\$&');

/** The UTF-8 of ſ and KELVIN SIGN as `byteText` spells them, as regex text. */
function foldedSpelling(utf8: number[]): string {
  return [...byteText(new Uint8Array(utf8))].map((c) => escapeChar(c.charCodeAt(0))).join('');
}

type Region = 'url' | 'reqHeaders' | 'resHeaders' | 'reqBody' | 'resBody';
const REGIONS: Record<
  Exclude<
    FilterField,
    'method' | 'domain' | 'contentType' | 'requestContentType' | 'responseContentType'
  >,
  Region[]
> = {
  url: ['url'],
  header: ['reqHeaders', 'resHeaders'],
  requestHeader: ['reqHeaders'],
  responseHeader: ['resHeaders'],
  body: ['reqBody', 'resBody'],
  requestBody: ['reqBody'],
  responseBody: ['resBody'],
  anyText: ['url', 'reqHeaders', 'resHeaders', 'reqBody', 'resBody'],
};

/** A plain piece of text searched for in the records' bytes. */
interface Needle {
  /** the text, lower-cased when the search ignores case (a window's regex source) */
  text: string;
  /** how long every plain hit is */
  length: number;
  /** the same search over bytes */
  bytes: BytePattern;
  search: RegExp;
  /** one-shot test of the same search (for decoded bodies) */
  test: RegExp;
  /** per record of the current run: the first hit's index into `hits`, -1 for none */
  first: Int32Array;
  hits: number[];
  /** per record: the first hit spelt with ſ or KELVIN SIGN (which /iu folds onto s, k), -1 for none */
  foldedFirst: Int32Array;
  foldedHits: number[];
  /** can an occurrence overlap tnetstring framing? */
  frameSafe: boolean;
  /** can it only occur inside one header name or value? */
  headerSafe: boolean;
  /** can it only occur inside one body (no websocket joins)? */
  bodySafe: boolean;
  /** can it only occur inside the scheme, host or path of the URL? */
  urlSafe: boolean;
  /** does /iu fold ſ or KELVIN SIGN onto it? */
  folds: boolean;
}

/** A leaf of the expression that reads text. */
interface TextLeaf {
  kind: 'text';
  field: FilterField;
  pattern: RegExp;
  needle: Needle | null;
  /** true: the needle is the whole pattern (YES provable); false: only required */
  exact: boolean;
}

type Plan =
  | TextLeaf
  | { kind: 'maybe' }
  | { kind: 'status'; code: number }
  | { kind: 'flag'; flag: Extract<FilterNode, { kind: 'flag' }>['flag'] }
  | { kind: 'not'; operand: Plan }
  | { kind: 'and' | 'or'; left: Plan; right: Plan };

/**
 * A piece of plain text every match of `source` (a regular expression)
 * must contain, or null: the longest run of literal characters outside any
 * group, class or alternation that no quantifier makes optional.
 */
export function requiredText(source: string): string | null {
  if (source.includes('|') || source.includes('(?')) return null;
  let best = '';
  let run = '';
  let depth = 0;
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    let literal: string | null = null;
    let width = 1;
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined) return null;
      if (/[\\^$.|?*+()[\]{}/-]/.test(next)) literal = next;
      width = 2;
    } else if (ch === '[') {
      // skip the class
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      width = j - i + 1;
    } else if (ch === '{') {
      // a quantifier ({2}, {2,}, {2,32}) is skipped whole; a lone brace ends the run
      const quantifier = /^\{\d+(?:,\d*)?\}/.exec(source.slice(i));
      if (quantifier) width = quantifier[0].length;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    } else if (!/[.^$*+?{}]/.test(ch)) {
      literal = ch;
    }
    const after = source[i + width];
    const optional = after === '?' || after === '*' || after === '{';
    if (
      literal !== null &&
      depth === 0 &&
      !optional &&
      literal.charCodeAt(0) < 0x80 &&
      literal.charCodeAt(0) >= 0x20
    ) {
      run += literal;
      if (after === '+') end();
    } else end();
    i += width - 1;
  }
  end();
  return best.length > 0 ? best : null;
}

/**
 * Verdicts of one filter over raw dump records. Make one per filter
 * (`RecordPrefilter.for`); `scan` a run of records at a time.
 */
export class RecordPrefilter {
  /** whether a body is read (the marks matter) */
  private readonly wantsBodies: boolean;
  private readonly maxBodyBytes: number;
  private readonly proveMatches: boolean;
  // the current run
  private bytes: Uint8Array = new Uint8Array(0);
  private cursor: RangeCursor = new RangeCursor(new Uint8Array(0));
  private recordMarks = new Uint8Array(0);
  private walks: (Walk | null)[] = [];
  private starts: ArrayLike<number> = [];
  private ends: ArrayLike<number> = [];

  private constructor(
    private readonly plan: Plan,
    private readonly needles: Needle[],
    options: PrefilterOptions,
  ) {
    this.maxBodyBytes = options.maxBodyBytes ?? Infinity;
    this.proveMatches = options.proveMatches ?? true;
    this.wantsBodies = planReads(plan, (r) => r === 'reqBody' || r === 'resBody');
  }

  /**
   * The marks of the records found by searching their bytes (what `scan`
   * does without marks; as bytes or as a string as `searchRecordBytes`
   * chose): MARK_ENCODING where `content-encoding` occurs anywhere in the
   * record, MARK_CHARSET where `charset` does, not followed by `=utf-8`.
   */
  static searchedMarks(
    bytes: Uint8Array,
    starts: ArrayLike<number>,
    ends: ArrayLike<number>,
  ): Uint8Array {
    const marks = new Uint8Array(starts.length);
    searchMarks(bytes, searchBytes ? null : byteText(bytes), starts, ends, marks);
    return marks;
  }

  /** The prefilter of `node`; null when it could prove nothing (every record would be MAYBE). */
  static for(node: FilterNode | null, options: PrefilterOptions = {}): RecordPrefilter | null {
    if (!node) return null;
    const needles = new Map<string, Needle>();
    const plan = planOf(node, needles);
    if (!planProves(plan)) return null;
    return new RecordPrefilter(plan, [...needles.values()], options);
  }

  /**
   * Verdicts (NO, YES, MAYBE) for the records `[starts[i], ends[i])` of
   * `bytes`; `ids[i]` is the record's flow id for YES records (null when
   * it could not be read: then the verdict is MAYBE). `marks[i]`, when
   * given, are the record's `flowMarks` (`recordMarks.ts`) as the capture
   * index computed them (a superset of them is fine, fewer never): the
   * batch is then not searched for them.
   */
  scan(
    bytes: Uint8Array,
    starts: ArrayLike<number>,
    ends: ArrayLike<number>,
    marks?: ArrayLike<number>,
  ): { verdicts: Uint8Array; ids: (string | null)[] } {
    const count = starts.length;
    this.bytes = bytes;
    this.starts = starts;
    this.ends = ends;
    this.cursor = new RangeCursor(bytes);
    this.walks = new Array<Walk | null>(count).fill(null);
    if (marks && marks.length !== count) throw new Error('prefilter: one mark per record');
    // the marks matter only to a body region; the index's spare searching for them
    const searched = !marks && this.wantsBodies;
    this.recordMarks = marks ? Uint8Array.from(marks) : new Uint8Array(count);
    // measured in Chromium on a realistic dump (8 MB, load 9): windows-1252 decoding 22 ms, then
    // a regex per text 1-3 ms; over the bytes 3-13 ms per text, but ſ/KELVIN spellings need two
    // more slow passes: bytes unless a text has an s or k under /iu; in Node, latin1 strings win
    if (searchBytes && !this.needles.some((needle) => needle.folds)) {
      // over the bytes themselves (where making a string of them is slow: a browser)
      for (const needle of this.needles) {
        needle.bytes.findAll(bytes, needle.hits);
        needle.foldedHits.length = 0;
        assignNeedle(needle, starts, ends);
      }
      if (searched) searchMarks(bytes, null, starts, ends, this.recordMarks);
    } else {
      const text = byteText(bytes);
      for (const needle of this.needles) {
        collectHits(needle.search, text, needle.length, needle.hits, needle.foldedHits);
        assignNeedle(needle, starts, ends);
      }
      if (searched) searchMarks(bytes, text, starts, ends, this.recordMarks);
    }
    const verdicts = new Uint8Array(count);
    const ids = new Array<string | null>(count).fill(null);
    for (let r = 0; r < count; r++) {
      let verdict: Verdict;
      try {
        verdict = this.verdict(this.plan, r);
        if (verdict === YES && !this.proveMatches) verdict = MAYBE;
        if (verdict === YES) {
          const id = this.walk(r).id;
          if (id === null) verdict = MAYBE;
          ids[r] = id;
        }
      } catch (e) {
        if (!(e instanceof TnetstringError)) throw e;
        verdict = MAYBE;
      }
      verdicts[r] = verdict;
    }
    this.walks = [];
    return { verdicts, ids };
  }

  /** The flow id of the record at `start` of `bytes` (null when unreadable). */
  static recordId(bytes: Uint8Array, start: number): string | null {
    try {
      const cursor = new TnetCursor(bytes);
      const fields = new Float64Array(FLOW.names.length);
      if (!cursor.fieldsInto(start, FLOW, fields) || fields[0]! < 0) return null;
      return cursor.string(fields[0]!);
    } catch {
      return null;
    }
  }

  private verdict(plan: Plan, r: number): Verdict {
    switch (plan.kind) {
      case 'maybe':
        return MAYBE;
      case 'not': {
        const v = this.verdict(plan.operand, r);
        return v === MAYBE ? MAYBE : v === YES ? NO : YES;
      }
      case 'and': {
        const left = this.verdict(plan.left, r);
        if (left === NO) return NO;
        const right = this.verdict(plan.right, r);
        return right === NO ? NO : left === YES && right === YES ? YES : MAYBE;
      }
      case 'or': {
        const left = this.verdict(plan.left, r);
        if (left === YES) return YES;
        const right = this.verdict(plan.right, r);
        return right === YES ? YES : left === NO && right === NO ? NO : MAYBE;
      }
      case 'status': {
        const w = this.walk(r);
        if (!w.ok || !this.responseOf(w)) return MAYBE;
        return w.status === plan.code ? YES : NO;
      }
      case 'flag':
        return this.flagVerdict(plan.flag, r);
      case 'text':
        return this.textVerdict(plan, r);
    }
  }

  private flagVerdict(flag: Extract<Plan, { kind: 'flag' }>['flag'], r: number): Verdict {
    if (flag === 'all' || flag === 'http') return YES; // every mapped flow is HTTP (or websocket)
    if (flag === 'tcp') return NO;
    const w = this.walk(r);
    if (!w.ok) return MAYBE;
    const has =
      flag === 'error' ? w.error : flag === 'websocket' ? w.websocket : w.response.present;
    return (flag === 'noResponse' ? !has : has) ? YES : NO;
  }

  private textVerdict(leaf: TextLeaf, r: number): Verdict {
    const needle = leaf.needle;
    if (!needle) return leaf.field === 'url' ? this.urlVerdict(leaf, r) : MAYBE;
    const regions = REGIONS[leaf.field as keyof typeof REGIONS];
    if (!regions) return this.nameVerdict(leaf, r);
    const first = needle.first[r]!;
    const marks = this.recordMarks[r]!;
    const folding = needle.folds && needle.foldedFirst[r]! >= 0;
    // no occurrence anywhere in the record: NO wherever the text is the bytes
    if (first < 0 && !folding && this.quickNo(needle, regions, marks)) return NO;
    const w = this.walk(r);
    if (!w.ok) return MAYBE;
    let verdict: Verdict = NO;
    for (const region of regions) {
      const v = this.regionVerdict(leaf, needle, w, region, r, folding);
      // the URL is tested with the pattern itself: its YES holds for any pattern
      if (v === YES && (leaf.exact || region === 'url')) return YES;
      if (v !== NO) verdict = MAYBE;
    }
    return verdict;
  }

  /** Whether no occurrence in a record's bytes proves the regions hold none either. */
  private quickNo(needle: Needle, regions: Region[], marks: number): boolean {
    for (const region of regions) {
      if (region === 'url') {
        if (!needle.urlSafe) return false;
      } else if (region === 'reqHeaders' || region === 'resHeaders') {
        if (!needle.headerSafe) return false;
      } else if ((marks & (MARK_ENCODING | MARK_CHARSET)) !== 0 || !needle.bodySafe) return false;
    }
    return true;
  }

  /** Whether `pattern` matches the flow's URL, made as the evaluator makes it (`flowUrl`). */
  private urlMatches(pattern: RegExp, w: Walk): boolean {
    if (w.url === null) {
      const bytes = this.bytes;
      w.url = flowUrl({
        scheme: decodeRange(bytes, w.scheme[0], w.scheme[1]),
        host: decodeRange(bytes, w.host[0], w.host[1]),
        port: w.port,
        path: decodeRange(bytes, w.path[0], w.path[1]),
      } as FlowRequest);
    }
    pattern.lastIndex = 0;
    return pattern.test(w.url);
  }

  /** A URL leaf without a plain needle: walked and tested exactly. */
  private urlVerdict(leaf: TextLeaf, r: number): Verdict {
    const w = this.walk(r);
    if (!w.ok || !this.requestOf(w)) return MAYBE;
    return this.urlMatches(leaf.pattern, w) ? YES : NO;
  }

  /** Method or host (`~m`, `~d`): read and tested exactly. */
  private nameVerdict(leaf: TextLeaf, r: number): Verdict {
    const w = this.walk(r);
    if (!w.ok || !this.requestOf(w)) return MAYBE;
    const [start, end] = leaf.field === 'method' ? w.method : w.host;
    leaf.pattern.lastIndex = 0;
    return leaf.pattern.test(decodeRange(this.bytes, start, end)) ? YES : NO;
  }

  /** Whether the needle has a hit inside `[start, end)` of the current record. */
  private hitWithin(needle: Needle, r: number, start: number, end: number): boolean {
    let at = needle.first[r]!;
    if (at < 0) return false;
    const last = end - needle.length;
    const hits = needle.hits;
    const recordEnd = this.ends[r]!;
    for (; at < hits.length; at++) {
      const hit = hits[at]!;
      if (hit >= recordEnd || hit > last) return false;
      if (hit >= start) return true;
    }
    return false;
  }

  private regionVerdict(
    leaf: TextLeaf,
    needle: Needle,
    w: Walk,
    region: Region,
    r: number,
    folding: boolean,
  ): Verdict {
    const walked =
      region === 'url' || region === 'reqHeaders' || region === 'reqBody'
        ? this.requestOf(w)
        : this.responseOf(w);
    if (!walked) return MAYBE;
    switch (region) {
      case 'url':
        // the URL is made as the evaluator makes it and the pattern tested on it
        return this.urlMatches(leaf.pattern, w) ? YES : NO;
      case 'reqHeaders':
      case 'resHeaders': {
        const side = region === 'reqHeaders' ? w.request : w.response;
        if (!side.present) return NO;
        const hit = this.hitWithin(needle, r, side.headersStart, side.headersEnd);
        if (hit && needle.frameSafe && leaf.exact) return YES;
        if (!needle.headerSafe || folding || hit) return MAYBE;
        return NO;
      }
      case 'reqBody':
      case 'resBody': {
        const side = region === 'reqBody' ? w.request : w.response;
        if (!side.present) return w.websocket ? MAYBE : NO;
        return this.bodyVerdict(leaf, needle, w, side, r, folding);
      }
    }
  }

  private bodyVerdict(
    leaf: TextLeaf,
    needle: Needle,
    w: Walk,
    side: Side,
    r: number,
    folding: boolean,
  ): Verdict {
    const length = side.bodyStart < 0 ? 0 : side.bodyEnd - side.bodyStart;
    // a body cut by the reader's limit: only its first bytes are searched
    const whole = length <= this.maxBodyBytes;
    // websocket messages are searched too, after the body (joined by newlines)
    const others = w.websocket;
    if ((this.recordMarks[r]! & (MARK_ENCODING | MARK_CHARSET)) !== 0) this.lookUp(side);
    if (!charsetIsSafe(side.contentType)) return MAYBE;
    const codings = side.contentEncoding?.trim().toLowerCase();
    if (codings && length > 0 && codings !== 'identity') {
      if (!whole) return MAYBE;
      // decoded as the evaluator decodes it, then searched
      const raw = this.bytes.subarray(side.bodyStart, side.bodyEnd);
      const { decoded } = contentDecode(raw, side.contentEncoding);
      needle.test.lastIndex = 0;
      const found = needle.test.test(byteText(decoded));
      if (found) return leaf.exact ? YES : MAYBE;
      return others || (needle.folds && hasFoldingBytes(decoded)) ? MAYBE : NO;
    }
    const hit = length > 0 && this.hitWithin(needle, r, side.bodyStart, side.bodyEnd);
    if (hit && whole && leaf.exact) return YES;
    if (hit || folding || (others && !needle.bodySafe)) return MAYBE;
    // websocket messages: each is its own string in the record, searched with it
    if (others && needle.first[r]! >= 0) return MAYBE;
    return NO;
  }

  /** Finds a side's first Content-Encoding and Content-Type values (as `headerValue` does). */
  private lookUp(side: Side): void {
    if (side.looked) return;
    side.looked = true;
    if (side.headersAt < 0) return;
    const cursor = this.cursor;
    const items = cursor.listItems(side.headersAt) ?? [];
    const pair: number[] = [];
    for (const item of items) {
      if (!cursor.listItems(item, pair) || pair.length !== 2) continue;
      if (!cursor.stringRange(pair[0]!)) continue;
      const name = nameOf(this.bytes, cursor.start, cursor.end);
      if (name === null) continue;
      if (
        name === 'content-encoding'
          ? side.contentEncoding !== undefined
          : side.contentType !== undefined
      )
        continue;
      const value = cursor.string(pair[1]!) ?? '';
      if (name === 'content-encoding') side.contentEncoding = value;
      else side.contentType = value;
    }
  }

  private readonly flowFields = new Float64Array(FLOW.names.length);
  private readonly messageFields = new Float64Array(MESSAGE.names.length);

  /** The record's top level (its id, which sides it has); each side is walked when asked for. */
  private walk(r: number): Walk {
    let w = this.walks[r];
    if (w) return w;
    w = {
      ok: false,
      id: null,
      requestAt: -1,
      responseAt: -1,
      requestState: 0,
      responseState: 0,
      method: [0, 0],
      port: 0,
      url: null,
      scheme: [0, 0],
      host: [0, 0],
      path: [0, 0],
      request: newSide(),
      response: newSide(),
      status: -1,
      error: false,
      websocket: false,
    };
    this.walks[r] = w;
    const cursor = this.cursor;
    const flow = this.flowFields;
    if (!cursor.fieldsInto(this.starts[r]!, FLOW, flow)) return w;
    w.id = flow[0]! >= 0 ? cursor.string(flow[0]!) : null;
    w.requestAt = flow[1]!;
    w.responseAt = flow[2]!;
    w.response.present = cursor.isDict(flow[2]!);
    w.error = cursor.isDict(flow[3]!);
    w.websocket = cursor.isDict(flow[4]!);
    w.ok = true;
    return w;
  }

  /** Walks the request (URL parts, headers, body) once; false when it is not as a flow has it. */
  private requestOf(w: Walk): boolean {
    if (w.requestState === 0) {
      w.requestState = -1;
      const cursor = this.cursor;
      const fields = this.messageFields;
      if (!cursor.fieldsInto(w.requestAt, MESSAGE, fields)) return false;
      for (const [index, into] of [
        [M_METHOD, w.method],
        [M_SCHEME, w.scheme],
        [M_HOST, w.host],
        [M_PATH, w.path],
      ] as const) {
        if (!cursor.stringRange(fields[index]!)) return false;
        into[0] = cursor.start;
        into[1] = cursor.end;
      }
      const port = fields[M_PORT]! >= 0 ? cursor.number(fields[M_PORT]!) : null;
      if (port === null) return false;
      w.port = port;
      if (!this.side(fields, w.request)) return false;
      w.requestState = 1;
    }
    return w.requestState === 1;
  }

  /** Walks the response (status, headers, body) once; false when it is not as a flow has it. */
  private responseOf(w: Walk): boolean {
    if (w.responseState === 0) {
      w.responseState = -1;
      if (w.response.present) {
        const cursor = this.cursor;
        const fields = this.messageFields;
        cursor.fieldsInto(w.responseAt, MESSAGE, fields);
        if (!this.side(fields, w.response)) return false;
        const status = fields[M_STATUS]! >= 0 ? cursor.number(fields[M_STATUS]!) : null;
        if (status === null) return false;
        w.status = status;
      }
      w.responseState = 1;
    }
    return w.responseState === 1;
  }

  private side(fields: Float64Array, side: Side): boolean {
    const cursor = this.cursor;
    side.present = true;
    const headersAt = fields[M_HEADERS]!;
    side.headersAt = headersAt;
    if (cursor.containerRange(headersAt)) {
      side.headersStart = cursor.start;
      side.headersEnd = cursor.end;
    } else if (headersAt >= 0 && cursor.peek(headersAt) !== TnetType.null) return false;
    const contentAt = fields[M_CONTENT]!;
    if (cursor.stringRange(contentAt)) {
      side.bodyStart = cursor.start;
      side.bodyEnd = cursor.end;
    }
    return true;
  }
}

/** Whether the bytes hold the UTF-8 of ſ or KELVIN SIGN (which /iu folds to s and k). */
function hasFoldingBytes(bytes: Uint8Array): boolean {
  for (let i = bytes.indexOf(0xc5); i >= 0; i = bytes.indexOf(0xc5, i + 1))
    if (bytes[i + 1] === 0xbf) return true;
  for (let i = bytes.indexOf(0xe2); i >= 0; i = bytes.indexOf(0xe2, i + 1))
    if (bytes[i + 1] === 0x84 && bytes[i + 2] === 0xaa) return true;
  return false;
}

const CONTENT_ENCODING = 'content-encoding';
const CONTENT_TYPE = 'content-type';

/** 'content-encoding' or 'content-type' when the bytes spell it (any case), else null. */
function nameOf(bytes: Uint8Array, start: number, end: number): string | null {
  const length = end - start;
  const name =
    length === CONTENT_ENCODING.length
      ? CONTENT_ENCODING
      : length === CONTENT_TYPE.length
        ? CONTENT_TYPE
        : null;
  if (name === null) return null;
  for (let i = 0; i < length; i++) {
    const byte = bytes[start + i]!;
    const lower = byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte;
    if (lower !== name.charCodeAt(i)) return null;
  }
  return name;
}

/**
 * Every hit of a global search in `text` (overlapping hits too), in order:
 * those `length` long into `hits`, the others (spelt with a folded
 * character) into `folded`.
 */
function collectHits(
  search: RegExp,
  text: string,
  length: number,
  hits: number[],
  folded: number[] | null,
): void {
  hits.length = 0;
  if (folded) folded.length = 0;
  search.lastIndex = 0;
  for (let m = search.exec(text); m; m = search.exec(text)) {
    if (m[0].length === length) hits.push(m.index);
    else folded?.push(m.index);
    search.lastIndex = m.index + 1;
  }
}

const UTF8_CHARSET = /^="?utf-8/i;

/** Keeps the hits `keep` accepts, in place. */
function filterHits(hits: number[], keep: (at: number) => boolean): void {
  let kept = 0;
  for (const at of hits) if (keep(at)) hits[kept++] = at;
  hits.length = kept;
}

// two plain searches are faster than one with an alternation
const MARK_SEARCHES: [RegExp, number][] = [
  [/content-encoding/gi, MARK_ENCODING],
  [/charset/gi, MARK_CHARSET],
];
const MARK_BYTE_SEARCHES: [BytePattern, number][] = [];

/**
 * Sets each record's marks (`into[r]`) from where `content-encoding` and
 * `charset` occur in its bytes: searched in `text` (the bytes' `byteText`)
 * with regexes, or in the bytes when there is no text.
 */
function searchMarks(
  bytes: Uint8Array,
  text: string | null,
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
  into: Uint8Array,
): void {
  const count = starts.length;
  const first = new Int32Array(count);
  const hits: number[] = [];
  if (text === null) {
    if (MARK_BYTE_SEARCHES.length === 0)
      MARK_BYTE_SEARCHES.push(
        [BytePattern.of('content-encoding', true), MARK_ENCODING],
        [BytePattern.of('charset', true), MARK_CHARSET],
      );
    for (const [search, mark] of MARK_BYTE_SEARCHES) {
      search.findAll(bytes, hits);
      if (mark === MARK_CHARSET) filterHits(hits, (at) => !utf8CharsetAt(bytes, at + 7));
      assignHits(hits, starts, ends, first);
      for (let r = 0; r < count; r++) if (first[r]! >= 0) into[r]! |= mark;
    }
    return;
  }
  for (const [search, mark] of MARK_SEARCHES) {
    collectHits(search, text, -1, hits, hits);
    // `charset=utf-8` (or "utf-8", any case) keeps ASCII as it is: not a mark
    // (a plain search and this look are faster than a lookahead in the search)
    if (mark === MARK_CHARSET)
      filterHits(hits, (at) => !UTF8_CHARSET.test(text.slice(at + 7, at + 15)));
    assignHits(hits, starts, ends, first);
    for (let r = 0; r < count; r++) if (first[r]! >= 0) into[r]! |= mark;
  }
}

/** `first[r]`: the index of the first hit inside record r, or -1. */
function assignHits(
  hits: number[],
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
  first: Int32Array,
): void {
  let at = 0;
  for (let r = 0; r < starts.length; r++) {
    const start = starts[r]!;
    while (at < hits.length && hits[at]! < start) at++;
    first[r] = at < hits.length && hits[at]! < ends[r]! ? at : -1;
  }
}

function assignNeedle(needle: Needle, starts: ArrayLike<number>, ends: ArrayLike<number>): void {
  if (needle.first.length !== starts.length) {
    needle.first = new Int32Array(starts.length);
    needle.foldedFirst = new Int32Array(starts.length);
  }
  assignHits(needle.hits, starts, ends, needle.first);
  if (needle.folds) assignHits(needle.foldedHits, starts, ends, needle.foldedFirst);
}

/**
 * A fixed-length pattern over bytes, each position a set of bytes, found by
 * Horspool's skip search (a byte at the window's end that no earlier
 * position takes moves the window past it).
 */
export class BytePattern {
  private readonly sets: Uint8Array;
  private readonly shift = new Int32Array(256);
  readonly length: number;

  /** `sets[i]`: whether position i takes each byte (0-255; missing: no). */
  constructor(sets: boolean[][]) {
    const m = sets.length;
    this.length = m;
    this.sets = new Uint8Array(m * 256);
    for (let i = 0; i < m; i++)
      for (let c = 0; c < 256; c++) this.sets[i * 256 + c] = sets[i]![c] ? 1 : 0;
    this.shift.fill(m);
    for (let i = 0; i < m - 1; i++)
      for (let c = 0; c < 256; c++) if (sets[i]![c]) this.shift[c] = m - 1 - i;
  }

  /** Text as bytes, each letter in either case when `ignoreCase`. */
  static of(text: string, ignoreCase: boolean): BytePattern {
    return new BytePattern(
      [...text].map((ch) => {
        const set: boolean[] = [];
        const code = ch.charCodeAt(0);
        set[code] = true;
        if (ignoreCase) {
          set[ch.toLowerCase().charCodeAt(0)] = true;
          set[ch.toUpperCase().charCodeAt(0)] = true;
        }
        return set;
      }),
    );
  }

  /** Every start of the pattern in `bytes` (overlapping ones too), in order, into `out`. */
  findAll(bytes: Uint8Array, out: number[]): void {
    out.length = 0;
    const m = this.length;
    const last = m - 1;
    const { sets, shift } = this;
    const lastRow = last * 256;
    const end = bytes.length - m;
    let i = 0;
    while (i <= end) {
      const b = bytes[i + last]!;
      if (sets[lastRow + b] === 1) {
        let j = last - 1;
        while (j >= 0 && sets[j * 256 + bytes[i + j]!] === 1) j--;
        if (j < 0) out.push(i);
      }
      i += shift[b]!;
    }
  }
}

/**
 * How the bytes are searched: as a latin1 string with regexes (Node, where
 * making the string is fast) or as bytes (a browser, where it is not).
 */
let searchBytes = NodeBufferClass === undefined;

/** Chooses the search (for tests and benchmarks, which run both). */
export function searchRecordBytes(asBytes: boolean): void {
  searchBytes = asBytes;
}

/** Whether `="utf-8` or `=utf-8` (any case) is at `at`. */
function utf8CharsetAt(bytes: Uint8Array, at: number): boolean {
  if (bytes[at] !== 0x3d) return false;
  let i = at + 1;
  if (bytes[i] === 0x22) i++;
  const want = 'utf-8';
  for (let k = 0; k < want.length; k++) {
    const byte = bytes[i + k];
    if (byte === undefined) return false;
    const lower = byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte;
    if (lower !== want.charCodeAt(k)) return false;
  }
  return true;
}

function makeNeedle(text: string, pattern: RegExp): Needle {
  const ignoreCase = pattern.flags.includes('i');
  const key = ignoreCase ? text.toLowerCase() : text;
  const flags = ignoreCase ? 'i' : '';
  const folds = ignoreCase && pattern.flags.includes('u') && /[sk]/i.test(text);
  // /iu also matches ſ for s and KELVIN SIGN for k: found too (as "folded" hits)
  const spelt = [...key]
    .map((c) =>
      folds && c === 's'
        ? `(?:s|${foldedSpelling([0xc5, 0xbf])})`
        : folds && c === 'k'
          ? `(?:k|${foldedSpelling([0xe2, 0x84, 0xaa])})`
          : escapeRegExp(c),
    )
    .join('');
  return {
    text: key,
    length: key.length,
    bytes: BytePattern.of(key, ignoreCase),
    search: new RegExp(spelt, `g${flags}`),
    test: new RegExp(escapeRegExp(key), flags),
    first: new Int32Array(0),
    hits: [],
    foldedFirst: new Int32Array(0),
    foldedHits: [],
    frameSafe: !/[:,;\]]/.test(text) && !/^\d+$/.test(text),
    headerSafe: !/[: \n]/.test(text),
    bodySafe: !text.includes('\n'),
    urlSafe: !/[:/[\]]/.test(text) && !/^\d+$/.test(text) && !'http://'.includes(key.toLowerCase()),
    folds,
  };
}

const TEXT_FIELDS = new Set<FilterField>([
  ...Object.keys(REGIONS),
  'method',
  'domain',
] as FilterField[]);

function planOf(node: FilterNode, needles: Map<string, Needle>): Plan {
  switch (node.kind) {
    case 'status':
      return { kind: 'status', code: node.code };
    case 'flag':
      return { kind: 'flag', flag: node.flag };
    case 'not':
      return { kind: 'not', operand: planOf(node.operand, needles) };
    case 'and':
    case 'or':
      return {
        kind: node.kind,
        left: planOf(node.left, needles),
        right: planOf(node.right, needles),
      };
    case 'match': {
      if (!TEXT_FIELDS.has(node.field)) return { kind: 'maybe' };
      const field = node.field;
      if (field === 'method' || field === 'domain')
        return { kind: 'text', field, pattern: node.pattern, needle: null, exact: true };
      // a URL is short: tested exactly wherever a needle cannot rule it out
      if (field === 'url' && !isPlainAscii(node.source))
        return { kind: 'text', field, pattern: node.pattern, needle: null, exact: true };
      const exact = isPlainAscii(node.source);
      const text = exact ? node.source : requiredText(node.source);
      // a window of classes (`[a-z0-9_]{2}\{`) every match holds, when longer than the plain text
      const window = exact ? null : requiredWindow(node.source, node.pattern.flags);
      if (window && window.length > (text?.length ?? 0)) {
        const key = `${node.pattern.flags}:/${window.source}`;
        let needle = needles.get(key);
        if (!needle) {
          needle = windowNeedle(window, node.pattern.flags);
          needles.set(key, needle);
        }
        return { kind: 'text', field, pattern: node.pattern, needle, exact: false };
      }
      if (text === null) return { kind: 'maybe' };
      const key = `${node.pattern.flags}:${text}`;
      let needle = needles.get(key);
      if (!needle) {
        needle = makeNeedle(text, node.pattern);
        needles.set(key, needle);
      }
      return { kind: 'text', field, pattern: node.pattern, needle, exact };
    }
  }
}

/** Whether a plan can prove anything (else every record is MAYBE). */
function planProves(plan: Plan): boolean {
  switch (plan.kind) {
    case 'maybe':
      return false;
    case 'not':
      return planProves(plan.operand);
    case 'and':
    case 'or':
      return planProves(plan.left) || planProves(plan.right);
    default:
      return true;
  }
}

/** Whether a plan reads a region `wanted` accepts. */
function planReads(plan: Plan, wanted: (region: Region) => boolean): boolean {
  switch (plan.kind) {
    case 'text': {
      const regions = REGIONS[plan.field as keyof typeof REGIONS];
      return !!regions && regions.some(wanted);
    }
    case 'not':
      return planReads(plan.operand, wanted);
    case 'and':
    case 'or':
      return planReads(plan.left, wanted) || planReads(plan.right, wanted);
    default:
      return false;
  }
}

/** A run of atoms every match holds: its regex source, length and the characters each may be. */
export interface RequiredWindow {
  source: string;
  length: number;
  /** per atom, the ASCII characters it matches */
  sets: boolean[][];
}

/** The ASCII characters an atom (a class, escape or character) matches. */
function atomSet(atom: string, flags: string): boolean[] | null {
  let re: RegExp;
  try {
    re = new RegExp(`^${atom}$`, flags.replace(/[gy]/g, ''));
  } catch {
    return null;
  }
  const set: boolean[] = [];
  let any = false;
  for (let c = 0; c < 128; c++) {
    set[c] = re.test(String.fromCharCode(c));
    any ||= set[c]!;
  }
  return any ? set : null;
}

/**
 * The longest run of consecutive atoms every match of `source` must hold,
 * each a character, a positive class of ASCII or `\d`/`\w`, and each but
 * the first and last repeated a fixed number of times; null when there is
 * none (alternation, lookaround, `.` or a negated class only). Not with
 * `iu` (it folds ſ and KELVIN SIGN onto ASCII letters).
 */
export function requiredWindow(source: string, flags: string): RequiredWindow | null {
  if (source.includes('|') || source.includes('(?')) return null;
  if (flags.includes('i') && flags.includes('u')) return null;
  type Atom = { source: string; set: boolean[]; min: number; max: number } | null;
  const atoms: Atom[] = [];
  let depth = 0;
  for (let i = 0; i < source.length;) {
    const ch = source[i]!;
    let atom: string | null = null;
    let width = 1;
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined) return null;
      width = 2;
      atom = /[dw]/.test(next) || /[\\^$.|?*+()[\]{}/-]/.test(next) ? ch + next : null;
    } else if (ch === '[') {
      let j = i + 1;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      width = j - i + 1;
      const body = source.slice(i, i + width);
      // a positive class of ASCII only (no negation, no \D \W \S \p)
      atom =
        /^\[\^/.test(body) || /\\[DWSPpuxc0-9]/.test(body) || /[^\x20-\x7e]/.test(body)
          ? null
          : body;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    } else if (ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) < 0x7f && !/[.^$*+?{}]/.test(ch)) {
      atom = escapeRegExp(ch);
    }
    i += width;
    let min = 1;
    let max = 1;
    const quantifier = /^(?:([*?+])|\{(\d+)(?:(,)(\d*))?\})\??/.exec(source.slice(i));
    if (quantifier) {
      i += quantifier[0].length;
      if (quantifier[1]) {
        min = quantifier[1] === '+' ? 1 : 0;
        max = Infinity;
      } else {
        min = Number(quantifier[2]);
        max = quantifier[3] ? (quantifier[4] ? Number(quantifier[4]) : Infinity) : min;
      }
    }
    const set = atom !== null && depth === 0 && min > 0 ? atomSet(atom, flags) : null;
    atoms.push(set ? { source: atom!, set, min, max } : null);
  }
  let best: RequiredWindow | null = null;
  for (let first = 0; first < atoms.length; first++) {
    if (!atoms[first]) continue;
    for (let last = first; last < atoms.length && atoms[last]; last++) {
      const inner = atoms.slice(first + 1, last);
      if (inner.some((a) => a!.min !== a!.max)) break;
      const run = atoms.slice(first, last + 1) as NonNullable<Atom>[];
      const length = run.reduce((n, a) => n + a.min, 0);
      if (length > 64) break;
      if (!best || length > best.length)
        best = {
          source: run.map((a) => (a.min === 1 ? a.source : `${a.source}{${a.min}}`)).join(''),
          length,
          sets: run.flatMap((a) => Array.from({ length: a.min }, () => a.set)),
        };
    }
  }
  return best;
}

function windowNeedle(window: RequiredWindow, flags: string): Needle {
  const ignoreCase = flags.includes('i');
  const any = (chars: string) =>
    window.sets.some((set) => [...chars].some((c) => set[c.charCodeAt(0)]));
  const all = (chars: string) =>
    window.sets.every((set) => [...chars].some((c) => set[c.charCodeAt(0)]));
  return {
    text: window.source,
    length: window.length,
    // the sets were made with the pattern's flags: both cases already where it ignores case
    bytes: new BytePattern(window.sets),
    search: new RegExp(window.source, ignoreCase ? 'gi' : 'g'),
    test: new RegExp(window.source, ignoreCase ? 'i' : ''),
    first: new Int32Array(0),
    hits: [],
    foldedFirst: new Int32Array(0),
    foldedHits: [],
    frameSafe: false,
    headerSafe: !any(': \n'),
    bodySafe: !any('\n'),
    // not in the URL's joins, nor all in the port's digits or the default scheme
    urlSafe: !any(':/[]') && !all('0123456789') && !all('httpHTTP'),
    folds: false,
  };
}
