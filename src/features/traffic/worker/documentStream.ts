/**
 * Reads a ctfy-traffic/1 document while it downloads: the elements of its
 * `flows` array come out as soon as each one is complete, so the table can
 * show the first rows long before a 100,000-flow capture has arrived.
 *
 * A small scanner follows strings, escapes and nesting to find where each
 * flow ends; the flows themselves are parsed by `JSON.parse`, a batch at a
 * time, so the bytes are walked once by the scanner and once natively. The
 * rest of the document (format, cursor, truncated…) is kept aside and
 * parsed at the end. A document that does not look like an object is kept
 * whole and handed to the same checks as a non-streamed one, so its errors
 * read the same.
 */
import { CaptureFormatError, parseCaptureJson } from '@shared/capture/captureJson';
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from '@shared/capture/bytes';
import { SummaryRowReader } from '@shared/capture/summaryRows';
import { parseTrafficDocument } from './document';

const FLOWS = 'flows';
const LEADING_COMMA = /^\s*,/;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** What the document said besides its flows, known once it has ended. */
export type DocumentEnd =
  | { kind: 'empty' }
  | {
      kind: 'flows';
      truncated: boolean;
      /** an opaque position to ask for what is new (`?since=`), when the server offers one */
      cursor: string | null;
      /** set when the answer holds only what is new since that cursor */
      since: string | null;
      /** flows found only at the end (a document the scanner could not follow) */
      late: unknown[];
    };

type Phase = 'start' | 'object' | 'flows' | 'after' | 'whole';

/** `view: "summary"` (a local-platform extension): the flows are summaries. */
export type DocumentView = 'summary' | null;

function viewOf(doc: unknown): DocumentView {
  return typeof doc === 'object' && doc !== null && (doc as { view?: unknown }).view === 'summary'
    ? 'summary'
    : null;
}

/**
 * What the head says before `flows` (the document up to and with
 * `"flows":[`): the view, and a reader of the rows when its flows are
 * summary rows (`layout: "rows"`, an extension; throws when their `fields`
 * lack one this side reads).
 */
function readHead(head: string): { view: DocumentView; rows: SummaryRowReader | null } {
  let doc: unknown;
  try {
    doc = JSON.parse(`${head}]}`);
  } catch {
    return { view: null, rows: null };
  }
  const view = viewOf(doc);
  const { layout, fields } = doc as { layout?: unknown; fields?: unknown };
  const rows = view === 'summary' && layout === 'rows' ? new SummaryRowReader(fields) : null;
  return { view, rows };
}

export class TrafficDocumentStream {
  private readonly decoder = new TextDecoder('utf-8');
  /** text not yet consumed: from the first unfinished flow (or skeleton part) on */
  private text = '';
  /** where scanning resumes in `text` */
  private pos = 0;
  private phase: Phase = 'start';
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** the document without the contents of its flows array */
  private skeleton = '';
  /** in `text`: start of skeleton text not yet copied into `skeleton` */
  private skeletonFrom = 0;
  /** in `text`: start of the flows not yet handed out, and end of the last complete one */
  private batchFrom = 0;
  private batchEnd = -1;
  /** key tracking at depth 1: is the current/last string the key "flows"? */
  private keyIndex = -1;
  private keyIsFlows = false;
  private expect: 'none' | 'colon' | 'array' = 'none';
  private flowsFound = false;
  private emitted = 0;
  private documentView: DocumentView = null;
  /** the flows are summary rows: each is turned back into its summary object */
  private rows: SummaryRowReader | null = null;
  private lastChecked = false;

  /**
   * What the flows are: `"summary"` when the document says so before its
   * flows (known before the first flow is handed out), else whole flows.
   */
  get view(): DocumentView {
    return this.documentView;
  }

  /**
   * Whether every flow of the last batch handed out came from a summary row
   * (checked by the row reader while it made the flow: a store need not
   * check it again).
   */
  get checked(): boolean {
    return this.lastChecked;
  }

  /** Flows handed out so far. */
  get count(): number {
    return this.emitted;
  }

  /** Feeds the next bytes; returns the flows they completed, in order (raw, not validated). */
  push(bytes: Uint8Array): unknown[] {
    const chunk = this.decoder.decode(bytes, { stream: true });
    return this.feed(chunk);
  }

  /** The bytes are all there: returns the flows still pending and what the document said. */
  end(): { flows: unknown[]; end: DocumentEnd } {
    const flows = this.feed(this.decoder.decode());
    if (this.phase === 'whole' || this.phase === 'start') {
      const json = parseCaptureJson(this.text);
      this.documentView = viewOf(json);
      const doc = parseTrafficDocument(json);
      if (doc.kind === 'empty') return { flows, end: { kind: 'empty' } };
      return {
        flows,
        end: {
          kind: 'flows',
          truncated: doc.truncated,
          cursor: null,
          since: null,
          late: doc.raw,
        },
      };
    }
    if (this.phase !== 'after' || this.depth !== 0) {
      throw new CaptureFormatError('The capture ended in the middle of the document.');
    }
    // anything after the closing brace is in the skeleton too: JSON.parse refuses it
    this.skeleton += this.text.slice(this.skeletonFrom, this.pos);
    const skeleton = parseCaptureJson(this.skeleton);
    // flows handed out already were read by the view said before them
    if (!this.flowsFound) this.documentView = viewOf(skeleton);
    const doc = parseTrafficDocument(skeleton);
    if (doc.kind === 'empty') return { flows, end: { kind: 'empty' } };
    const rest = skeleton as Record<string, unknown>;
    return {
      flows,
      end: {
        kind: 'flows',
        truncated: doc.truncated,
        cursor: typeof rest.cursor === 'string' ? rest.cursor : null,
        since: typeof rest.since === 'string' ? rest.since : null,
        late: this.flowsFound ? [] : doc.raw,
      },
    };
  }

  private feed(chunk: string): unknown[] {
    if (chunk === '' && this.phase !== 'start') return [];
    this.text += chunk;
    if (this.phase === 'whole') return [];
    const text = this.text;
    const length = text.length;
    let pos = this.pos;
    if (this.phase === 'start') {
      while (pos < length && (isSpace(text.charCodeAt(pos)) || text.charCodeAt(pos) === 0xfeff))
        pos++;
      if (pos === length) {
        this.pos = pos;
        return [];
      }
      if (text.charCodeAt(pos) !== OPEN_BRACE) {
        this.phase = 'whole';
        return [];
      }
      this.phase = 'object';
      this.skeletonFrom = pos;
    }
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    /** summary rows: where the last complete row ends (each ends with a newline); -2 until looked up */
    let lastLineEnd = -2;
    for (; pos < length; pos++) {
      const c = text.charCodeAt(pos);
      if (inString) {
        if (escaped) {
          escaped = false;
          if (this.keyIndex >= 0) this.keyIndex = -1; // an escaped key is not the plain "flows"
        } else if (c === BACKSLASH) {
          escaped = true;
        } else if (c === QUOTE) {
          inString = false;
          if (depth === 1 && this.phase === 'object') {
            this.keyIsFlows = this.keyIndex === FLOWS.length;
            this.expect = this.keyIsFlows ? 'colon' : 'none';
          }
        } else if (this.keyIndex >= 0) {
          this.keyIndex =
            this.keyIndex < FLOWS.length && c === FLOWS.charCodeAt(this.keyIndex)
              ? this.keyIndex + 1
              : -1;
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (this.phase === 'flows' && depth === 2) {
        // between or at the start of flows
        if (this.rows && c !== COMMA && c !== CLOSE_BRACKET) {
          // a row starts: rows hold no newline and each ends with one, so
          // every row up to the last newline is complete without scanning it
          if (lastLineEnd === -2) lastLineEnd = text.lastIndexOf('\n');
          if (lastLineEnd > pos) {
            this.batchEnd = lastLineEnd;
            pos = lastLineEnd;
            continue;
          }
        }
        if (c === COMMA) {
          this.batchEnd = pos;
          continue;
        }
        if (c === CLOSE_BRACKET) {
          this.batchEnd = pos;
          depth = 1;
          this.phase = 'object';
          this.skeletonFrom = pos;
          this.expect = 'none';
          continue;
        }
      }
      switch (c) {
        case QUOTE:
          inString = true;
          this.keyIndex = depth === 1 && this.phase === 'object' ? 0 : -1;
          break;
        case OPEN_BRACE:
          depth++;
          break;
        case OPEN_BRACKET:
          if (
            depth === 1 &&
            this.phase === 'object' &&
            this.expect === 'array' &&
            !this.flowsFound
          ) {
            this.flowsFound = true;
            this.phase = 'flows';
            this.skeleton += text.slice(this.skeletonFrom, pos + 1);
            ({ view: this.documentView, rows: this.rows } = readHead(this.skeleton));
            this.batchFrom = pos + 1;
            this.batchEnd = -1;
          }
          depth++;
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          depth--;
          if (depth === 0 && this.phase === 'object') this.phase = 'after';
          break;
        case COLON:
          if (depth === 1 && this.expect === 'colon') {
            this.expect = 'array';
            continue;
          }
          break;
        default:
          break;
      }
      if (depth <= 1 && c !== QUOTE) this.expect = 'none';
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    this.pos = pos;
    return this.takeBatch();
  }

  /** Parses the complete flows seen so far and drops the text they used. */
  private takeBatch(): unknown[] {
    let out: unknown[] = [];
    this.lastChecked = false;
    let cut: number;
    if (this.batchEnd >= 0) {
      let body = this.text.slice(this.batchFrom, this.batchEnd);
      // rows taken up to a newline leave the separator after it to the next batch
      if (this.rows) body = body.replace(LEADING_COMMA, '');
      if (body.trim() !== '') {
        const parsed = parseCaptureJson(`[${body}]`);
        if (Array.isArray(parsed)) out = parsed;
        const rows = this.rows;
        if (rows) {
          rows.takeAllRows();
          for (let i = 0; i < out.length; i++) out[i] = rows.decode(out[i], this.emitted + i);
          this.lastChecked = rows.takeAllRows();
        }
      }
      this.emitted += out.length;
      if (this.phase === 'flows') {
        // the separator that ended the batch is consumed: the next flow starts after it
        cut = this.batchEnd + 1;
        this.batchFrom = 0;
      } else {
        // the array has closed: keep its "]" for the skeleton
        cut = this.batchEnd;
        this.skeletonFrom = 0;
      }
      this.batchEnd = -1;
    } else if (this.phase === 'flows') {
      cut = this.batchFrom;
      this.batchFrom = 0;
    } else {
      this.skeleton += this.text.slice(this.skeletonFrom, this.pos);
      cut = this.pos;
      this.skeletonFrom = 0;
    }
    this.text = this.text.slice(cut);
    this.pos -= cut;
    return out;
  }
}
