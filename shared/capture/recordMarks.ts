/**
 * A flow's "marks": what in its headers can make a body's text (as the
 * filter evaluator searches it: content-decoded, then read in the declared
 * charset) differ from the body's bytes. The raw-record prefilter
 * (`filter/prefilter.ts`) proves a body filter's NO from the bytes alone
 * only for a record with no mark. The capture index computes them once per
 * flow (`MitmFlowReader.nextSummary`, a local dump's `LocalDumpFlows`) so
 * the prefilter need not search every batch for them.
 *
 * The marks are a conservative superset of those facts: MARK_ENCODING for
 * any `Content-Encoding` header of the request or response (whatever its
 * value, though `identity` or an empty one undoes nothing), MARK_CHARSET
 * for any `Content-Type` whose charset `charsetIsSafe` calls unsafe (the
 * evaluator reads the first of each; the marks look at every one).
 */
import type { Flow } from '../schemas';
import { parseContentType, type Headers } from './decode';

export const MARK_ENCODING = 1;
export const MARK_CHARSET = 2;
/** every mark: what a caller that cannot tell uses */
export const MARK_ALL = MARK_ENCODING | MARK_CHARSET;

/** The charsets in which a body's ASCII bytes are its ASCII text, one for one. */
const ASCII_SAFE_ENCODINGS = new Set(['utf-8', 'windows-1252']);
const charsetSafety = new Map<string, boolean>();

/**
 * Whether a body with this Content-Type keeps its ASCII bytes as its text
 * (no charset, UTF-8, windows-1252 or a label `TextDecoder` does not know,
 * which the evaluator reads as UTF-8 too: `decodeText`).
 */
export function charsetIsSafe(contentType: string | undefined): boolean {
  const { charset } = parseContentType(contentType);
  if (charset === undefined) return true;
  let safe = charsetSafety.get(charset);
  if (safe === undefined) {
    let encoding = 'utf-8';
    try {
      encoding = new TextDecoder(charset).encoding;
    } catch {
      // an unknown label: the evaluator falls back to UTF-8 too (`decodeText`)
    }
    safe = ASCII_SAFE_ENCODINGS.has(encoding);
    if (charsetSafety.size > 256) charsetSafety.clear();
    charsetSafety.set(charset, safe);
  }
  return safe;
}

/**
 * The mark a header sets (0 for none); `name` compared as `headerValue`
 * compares it (`toLowerCase`). Only a name of the target's length can
 * lower-case to it: the one character whose lower case is an ASCII letter
 * and not itself is KELVIN SIGN (k, in neither name), and İ lower-cases to
 * two characters (i and a combining dot, which neither name holds).
 */
export function headerMark(name: string, value: string): number {
  if (name.length === 16) return name.toLowerCase() === 'content-encoding' ? MARK_ENCODING : 0;
  if (name.length === 12 && name.toLowerCase() === 'content-type')
    return charsetIsSafe(value) ? 0 : MARK_CHARSET;
  return 0;
}

/** The marks of a header list. */
export function headerMarks(headers: Headers | null | undefined): number {
  let marks = 0;
  for (const [name, value] of headers ?? []) marks |= headerMark(name, value);
  return marks;
}

/** The marks of a flow: its request's and response's headers. */
export function flowMarks(flow: Pick<Flow, 'request' | 'response'>): number {
  return headerMarks(flow.request?.headers) | headerMarks(flow.response?.headers);
}
