/**
 * mitmproxy flow dumps (`.mitm` / `.flows`, as written by `mitmdump -w`):
 * a sequence of tnetstrings, each one `Flow.get_state()` with a `version`.
 *
 * Mapped onto the ctfy `Flow` shape. Format 17 (mitmproxy 7–8, Debian's
 * 8.1.1) is the reference; 18–21 (mitmproxy 9–11) renamed a few connection
 * fields (`address` → `peername` on the client) which are read either way.
 * HTTP flows (with their WebSocket messages) are mapped; TCP, UDP and DNS
 * flows are skipped with a warning. Works in the browser and in Node.
 *
 * `MitmFlowReader` reads a dump incrementally (bytes pushed in chunks, flows
 * taken one at a time), so a server can parse a 200 MB file in slices
 * between other work; `parseMitmFile` is the whole-file wrapper.
 */
import type { Body, Flow, FlowRequest, FlowResponse, WebSocketMessage } from '../schemas';
import { formatCount } from '../format';
import { bodyFromBytes } from './body';
import { CLOSE_BRACKET, COMMA, MINUS, OPEN_BRACKET, PLUS, utf8Decode, ZERO } from './bytes';
import { asciiIdHash, idHash } from './idHash';
import { canonicalDecimal } from './floatText';
import { JsonBytesWriter } from './jsonBytes';
import { charsetIsSafe, flowMarks, MARK_CHARSET, MARK_ENCODING } from './recordMarks';
import { summaryRowOrObject } from './summaryRows';
import { TnetCursor, TnetKeys, TnetstringError, TnetType } from './tnetstring';

export interface MitmParseOptions {
  /** keep at most this many bytes of each body (`truncated: true` beyond) */
  maxBodyBytes?: number;
  /** stop after this many flows (a warning says so) */
  maxFlows?: number;
  /**
   * bodies as their size only (`data: ""`; `truncated` as `maxBodyBytes`
   * would set it): for an index of summaries, which never shows a body
   */
  bodySizesOnly?: boolean;
}

export interface MitmParseResult {
  flows: Flow[];
  warnings: string[];
}

/** Format versions whose HTTP fields are known to match. */
export const MITM_TESTED_VERSIONS = { min: 17, max: 21 } as const;

class FlowStateError extends Error {}

/** A flow as an index keeps it: `MitmFlowReader.nextSummary`. */
export interface MitmSummary {
  id: string;
  /** `timestamp_created` */
  created: number;
  /** `JSON.stringify(summaryRowOrObject(flow))` of the flow `next` would give (`bodySizesOnly`) */
  json: string;
  /** `flowMarks` of that flow (`recordMarks.ts`): for the raw-record prefilter */
  marks: number;
}

/**
 * A flow as the index keeps it, without strings: `MitmFlowReader.nextRow`.
 * One object, reused: valid until the reader's next call.
 */
export interface MitmSummaryRow {
  /** `idHash` of the flow's id (`idHash.ts`) */
  idHash: number;
  /** `timestamp_created` */
  created: number;
  /** `flowMarks` of the flow (`recordMarks.ts`) */
  marks: number;
  /**
   * the summary's JSON text (`MitmSummary.json`) as UTF-8: a view of the
   * reader's buffer; null when the text is in `json` instead
   */
  utf8: Uint8Array | null;
  /** the summary's JSON text when `utf8` is null */
  json: string;
}

/** A finite number or null as JSON text. */
function jsonNumber(value: number | null | undefined): string {
  return value == null ? 'null' : String(value);
}

/** Offsets of the wanted fields of one dict (-1 = absent), indexed like its `TnetKeys`. */
type Fields = Float64Array;

const FLOW = new TnetKeys([
  'id',
  'type',
  'version',
  'timestamp_created',
  'request',
  'response',
  'error',
  'websocket',
  'client_conn',
  'server_conn',
]);
const F_ID = 0,
  F_TYPE = 1,
  F_VERSION = 2,
  F_CREATED = 3,
  F_REQUEST = 4,
  F_RESPONSE = 5,
  F_ERROR = 6,
  F_WEBSOCKET = 7,
  F_CLIENT = 8,
  F_SERVER = 9;

const MESSAGE = new TnetKeys([
  'method',
  'scheme',
  'host',
  'port',
  'path',
  'http_version',
  'headers',
  'content',
  'timestamp_start',
  'timestamp_end',
  'status_code',
  'reason',
]);
const M_METHOD = 0,
  M_SCHEME = 1,
  M_HOST = 2,
  M_PORT = 3,
  M_PATH = 4,
  M_VERSION = 5,
  M_HEADERS = 6,
  M_CONTENT = 7,
  M_START = 8,
  M_END = 9,
  M_STATUS = 10,
  M_REASON = 11;

const ERROR = new TnetKeys(['msg', 'timestamp']);
const WEBSOCKET = new TnetKeys(['messages', 'close_code', 'close_reason']);
const CONNECTION = new TnetKeys(['peername', 'address']);

const fieldsFor = (keys: TnetKeys): Fields => new Float64Array(keys.names.length);

/**
 * Reads the fields of one flow state straight from the dump's bytes
 * (`TnetCursor`): only the fields the `Flow` shape needs are decoded, the
 * rest (TLS details, certificates, metadata) is skipped by length, and
 * dict keys are matched by their bytes (no string, no map per dict).
 */
class FlowMapper {
  /** reused for every header pair and message: no array per item */
  private readonly pairScratch: number[] = [];
  private readonly itemScratch: number[] = [];
  private readonly messageScratch: number[] = [];
  readonly flowFields = fieldsFor(FLOW);
  private readonly messageFields = fieldsFor(MESSAGE);
  private readonly errorFields = fieldsFor(ERROR);
  private readonly websocketFields = fieldsFor(WEBSOCKET);
  private readonly connectionFields = fieldsFor(CONNECTION);

  constructor(
    readonly cursor: TnetCursor,
    private readonly maxBytes: number,
    private readonly sizesOnly = false,
  ) {}

  private isNull(offset: number): boolean {
    return offset < 0 || this.cursor.peek(offset) === TnetType.null;
  }

  text(offset: number, field: string): string {
    const value = offset < 0 ? null : this.cursor.string(offset);
    if (value === null) throw new FlowStateError(`${field} is not a string`);
    return value;
  }

  optionalText(offset: number): string | null {
    return offset < 0 ? null : this.cursor.string(offset);
  }

  num(offset: number, field: string): number {
    const value = offset < 0 ? null : this.cursor.number(offset);
    if (value === null) throw new FlowStateError(`${field} is not a number`);
    return value;
  }

  optionalNum(offset: number): number | null {
    if (offset < 0) return null;
    const value = this.cursor.number(offset);
    return value !== null && Number.isFinite(value) ? value : null;
  }

  /** Fills `into` with the dict's fields; throws when it is not a dict. */
  dict(offset: number, field: string, keys: TnetKeys, into: Fields): Fields {
    if (offset < 0 || !this.cursor.fieldsInto(offset, keys, into))
      throw new FlowStateError(`${field} is not a dict`);
    return into;
  }

  /** Fills `into`; false for a missing or null value, or one that is not a dict. */
  optionalDict(offset: number, keys: TnetKeys, into: Fields): boolean {
    if (this.isNull(offset)) return false;
    return this.cursor.fieldsInto(offset, keys, into);
  }

  address(offset: number): [string, number] | null {
    if (offset < 0) return null;
    const items = this.cursor.listItems(offset, this.pairScratch);
    if (!items || items.length < 2) return null;
    const hostAt = items[0]!;
    const portAt = items[1]!;
    const host = this.cursor.string(hostAt);
    const port = this.cursor.number(portAt);
    return host === null || port === null ? null : [host, port];
  }

  connection(offset: number, peer: boolean): [string, number] | null | undefined {
    const fields = this.connectionFields;
    if (!this.optionalDict(offset, CONNECTION, fields)) return undefined;
    // format ≤ 18 calls the client's address `address`, later ones `peername`
    if (!peer) return this.address(fields[1]!);
    const peername = fields[0]!;
    const address = fields[1]!;
    return this.address(peername) ?? this.address(address);
  }

  headers(offset: number, field: string): [string, string][] {
    if (this.isNull(offset)) return [];
    const items = this.cursor.listItems(offset, this.itemScratch);
    if (!items) throw new FlowStateError(`${field} is not a list`);
    const count = items.length;
    const out = new Array<[string, string]>(count);
    const pair = this.pairScratch;
    for (let i = 0; i < count; i++) {
      if (!this.cursor.listItems(this.itemScratch[i]!, pair) || pair.length !== 2)
        throw new FlowStateError(`${field} has an entry that is not a pair`);
      const valueAt = pair[1]!;
      const name = this.text(pair[0]!, `${field} name`);
      out[i] = [name, this.text(valueAt, `${field} value`)];
    }
    return out;
  }

  body(offset: number): Body | null {
    if (offset < 0) return null;
    const bytes = this.cursor.bytesAt(offset);
    if (!bytes) return null;
    if (!this.sizesOnly && !this.summarising)
      return bodyFromBytes(bytes, { maxBytes: this.maxBytes });
    const body: Body = { encoding: 'utf-8', data: '', size: bytes.length };
    if (bytes.length > this.maxBytes) body.truncated = true;
    return body;
  }

  request(offset: number): FlowRequest {
    const f = this.dict(offset, 'request', MESSAGE, this.messageFields);
    return {
      method: this.text(f[M_METHOD]!, 'request.method'),
      scheme: this.text(f[M_SCHEME]!, 'request.scheme'),
      host: this.text(f[M_HOST]!, 'request.host'),
      port: this.num(f[M_PORT]!, 'request.port'),
      path: this.text(f[M_PATH]!, 'request.path'),
      http_version: this.text(f[M_VERSION]!, 'request.http_version'),
      headers: this.headers(f[M_HEADERS]!, 'request.headers'),
      content: this.body(f[M_CONTENT]!),
      timestamp_start: this.num(f[M_START]!, 'request.timestamp_start'),
      timestamp_end: this.optionalNum(f[M_END]!),
    };
  }

  response(offset: number): FlowResponse | null {
    const f = this.messageFields;
    if (!this.optionalDict(offset, MESSAGE, f)) return null;
    return {
      status_code: this.num(f[M_STATUS]!, 'response.status_code'),
      reason: this.optionalText(f[M_REASON]!) ?? '',
      http_version: this.text(f[M_VERSION]!, 'response.http_version'),
      headers: this.headers(f[M_HEADERS]!, 'response.headers'),
      content: this.body(f[M_CONTENT]!),
      timestamp_start: this.optionalNum(f[M_START]!),
      timestamp_end: this.optionalNum(f[M_END]!),
    };
  }

  error(offset: number): Flow['error'] {
    const f = this.errorFields;
    if (!this.optionalDict(offset, ERROR, f)) return null;
    return {
      msg: this.optionalText(f[0]!) ?? '',
      timestamp: this.optionalNum(f[1]!),
    };
  }

  websocket(offset: number): NonNullable<Flow['websocket']> | null {
    const f = this.websocketFields;
    if (!this.optionalDict(offset, WEBSOCKET, f)) return null;
    const messages: WebSocketMessage[] = [];
    const listAt = f[0]!;
    const items = listAt < 0 ? null : this.cursor.listItems(listAt);
    for (const item of items ?? []) {
      // [opcode, from_client, content, timestamp, (dropped, injected)]
      const message = this.cursor.listItems(item, this.messageScratch);
      if (!message || message.length < 4) {
        throw new FlowStateError('websocket message is not a list of at least 4 items');
      }
      const [opcodeAt, fromClientAt, contentAt, timestampAt] = message as [
        number,
        number,
        number,
        number,
      ];
      const opcode = this.num(opcodeAt, 'websocket message type');
      messages.push({
        from_client: this.cursor.value(fromClientAt) === true,
        type:
          opcode === OPCODE_TEXT
            ? 'text'
            : opcode === OPCODE_BINARY
              ? 'binary'
              : `opcode-${opcode}`,
        content: this.body(contentAt) ?? { encoding: 'utf-8', data: '', size: 0 },
        timestamp: this.num(timestampAt, 'websocket message timestamp'),
      });
    }
    return {
      messages,
      close_code: this.optionalNum(f[1]!),
      close_reason: this.optionalText(f[2]!),
    };
  }

  /** The flow of the state whose fields are in `flowFields`. */
  flow(): Flow {
    const state = this.flowFields;
    const request = this.request(state[F_REQUEST]!);
    const response = this.response(state[F_RESPONSE]!);
    const error = this.error(state[F_ERROR]!);
    const websocket = this.websocket(state[F_WEBSOCKET]!);
    const client = this.connection(state[F_CLIENT]!, true);
    const server = this.connection(state[F_SERVER]!, false);
    return {
      id: this.text(state[F_ID]!, 'id'),
      type: websocket ? 'websocket' : 'http',
      timestamp_created: this.optionalNum(state[F_CREATED]!) ?? request.timestamp_start,
      client_conn: client === undefined ? null : { peername: client },
      server_conn: server === undefined ? null : { address: server },
      request,
      response,
      error,
      websocket,
    };
  }

  /**
   * The flow's index entry (into `row`): its id's hash, when it began and
   * the JSON text of its summary as `summaryRowOrObject` gives it
   * (`summaryRows.ts`), exactly as `JSON.stringify(summaryRowOrObject(flow()))`
   * with `bodySizesOnly`, encoded as UTF-8. Written without the flow where it
   * can be, straight from the dump's bytes into `writer`: a string JSON
   * would write as it is is copied (`JsonBytesWriter.jsonString`), only the
   * Content-Type headers are decoded, bodies are their lengths, and no
   * object is made per header or message. Every value the flow would check
   * is checked the same way and in the same order (the same flows are
   * skipped with the same warnings); a flow the fast walk cannot write as a
   * row (a WebSocket, an odd number) is made whole.
   */
  summaryRow(row: MitmSummaryRow): void {
    const state = this.flowFields;
    const cursor = this.cursor;
    const writer = this.writer;
    // a huge row (a path of megabytes) is not kept for the rest of the capture
    if (writer.bytes.length > WRITER_KEPT) writer.bytes = new Uint8Array(ROW_HEADROOM * 8);
    this.marks = 0;
    if (this.isNull(state[F_WEBSOCKET]!)) {
      // the row after its id and start (written last, before it, in `ROW_HEADROOM`)
      writer.position = ROW_HEADROOM;
      writer.byte(COMMA);
      if (this.requestRow(state[F_REQUEST]!)) {
        writer.byte(COMMA);
        if (this.responseRow(state[F_RESPONSE]!)) {
          const error = this.error(state[F_ERROR]!);
          this.checkConnection(state[F_CLIENT]!, true);
          this.checkConnection(state[F_SERVER]!, false);
          const idAt = state[F_ID]!;
          if (idAt < 0 || !TnetCursor.isStringType(cursor.peek(idAt)))
            throw new FlowStateError('id is not a string');
          const idStart = cursor.payloadStart;
          const idEnd = cursor.payloadEnd;
          const bytes = cursor.bytes;
          const hash = asciiIdHash(bytes, idStart, idEnd);
          row.idHash = hash >= 0 ? hash : idHash(cursor.text(idStart, idEnd));
          if (error === null) writer.ascii(',null,null');
          else {
            writer.byte(COMMA);
            writer.text(JSON.stringify(error.msg));
            writer.ascii(`,${jsonNumber(error.timestamp)}`);
          }
          writer.ascii(',null,null,null]');
          const end = writer.position;
          // the head: [id,"http",created
          writer.byte(OPEN_BRACKET);
          writer.jsonString(bytes, idStart, idEnd);
          writer.ascii(',"http",');
          const createdAt = state[F_CREATED]!;
          const created = createdAt < 0 ? null : this.numberText(createdAt);
          if (created !== null && Number.isFinite(created)) {
            this.writeNumberText(created);
            row.created = created;
          } else {
            writer.ascii(String(this.requestStart));
            row.created = this.requestStart;
          }
          const headLength = writer.position - end;
          const out = writer.bytes;
          if (headLength <= ROW_HEADROOM) {
            out.copyWithin(ROW_HEADROOM - headLength, end, end + headLength);
            row.utf8 = out.subarray(ROW_HEADROOM - headLength, end);
          } else {
            const joined = new Uint8Array(headLength + end - ROW_HEADROOM);
            joined.set(out.subarray(end, end + headLength));
            joined.set(out.subarray(ROW_HEADROOM, end), headLength);
            row.utf8 = joined;
          }
          row.json = '';
          row.marks = this.marks;
          return;
        }
      }
    }
    // bodies as sizes only: the summary has none
    this.summarising = true;
    let flow: Flow;
    try {
      flow = this.flow();
    } finally {
      this.summarising = false;
    }
    row.idHash = idHash(flow.id);
    row.created = flow.timestamp_created;
    row.utf8 = null;
    row.json = JSON.stringify(summaryRowOrObject(flow));
    row.marks = flowMarks(flow);
  }

  /** Checks a connection as `connection` reads it (the same errors), making nothing. */
  private checkConnection(offset: number, peer: boolean): void {
    const fields = this.connectionFields;
    if (!this.optionalDict(offset, CONNECTION, fields)) return;
    if (!peer) this.checkAddress(fields[1]!);
    else if (!this.checkAddress(fields[0]!)) this.checkAddress(fields[1]!);
  }

  /** Whether `address` would give an address (checked as it reads it), making nothing. */
  private checkAddress(offset: number): boolean {
    if (offset < 0) return false;
    const items = this.cursor.listItems(offset, this.pairScratch);
    if (!items || items.length < 2) return false;
    const portAt = items[1]!;
    const host = this.cursor.stringLength(items[0]!);
    const port = this.cursor.number(portAt);
    return host >= 0 && port !== null;
  }

  /** `summaryRow` makes a flow whole: its bodies as sizes only */
  private summarising = false;
  /** `flowMarks` of the headers `contentTypeRow` read so far for this summary */
  private marks = 0;
  /** `request.timestamp_start` of the last `requestRow` */
  private requestStart = 0;
  /** where `summaryRow` writes */
  private readonly writer = new JsonBytesWriter();
  /** `charsetIsSafe` of the Content-Type values seen (a capture repeats a few) */
  private readonly charsetSafe = new Map<string, boolean>();
  /**
   * the payload of the int `numberText` read last when `String` of its
   * value is that payload, byte for byte; -1 when it is not
   */
  private numberStart = -1;
  private numberEnd = -1;

  /**
   * The int or float at `offset` as `cursor.number` reads it (null for
   * another type). When `String` of it is the payload as it is (an int
   * without a plus, leading zero or more than 15 digits; a float
   * `canonicalDecimal` proves), that range is kept for `writeNumberText`.
   */
  private numberText(offset: number): number | null {
    const cursor = this.cursor;
    const type = cursor.peek(offset);
    this.numberStart = -1;
    if (type === TnetType.int) {
      const start = cursor.payloadStart;
      const end = cursor.payloadEnd;
      const bytes = cursor.bytes;
      const first = bytes[start];
      const digits = first === MINUS ? start + 1 : start;
      const length = end - digits;
      const value = cursor.peekedNumber(type);
      // (`int` checked the digits; "-0" is 0, whose String is "0")
      if (
        first !== PLUS &&
        length >= 1 &&
        length <= 15 &&
        (bytes[digits] !== ZERO || (length === 1 && digits === start))
      ) {
        this.numberStart = start;
        this.numberEnd = end;
      }
      return value;
    }
    if (type !== TnetType.float) return null;
    // most timestamps: the text is `String` of its value (`floatText.ts`)
    const value = canonicalDecimal(cursor.bytes, cursor.payloadStart, cursor.payloadEnd);
    if (Number.isNaN(value)) return cursor.peekedNumber(type);
    this.numberStart = cursor.payloadStart;
    this.numberEnd = cursor.payloadEnd;
    return value;
  }

  /** Writes `String(value)` of the number `numberText` read last. */
  private writeNumberText(value: number): void {
    if (this.numberStart >= 0)
      this.writer.copy(this.cursor.bytes, this.numberStart, this.numberEnd);
    else this.writer.ascii(String(value));
  }

  /** `num`: the number (the same error when there is none), and its text written. */
  private writeNum(offset: number, field: string): number {
    const value = offset < 0 ? null : this.numberText(offset);
    if (value === null) throw new FlowStateError(`${field} is not a number`);
    this.writeNumberText(value);
    return value;
  }

  /** `optionalNum`: the number or null, written as `jsonNumber` writes it. */
  private writeOptionalNum(offset: number): void {
    const value = offset < 0 ? null : this.numberText(offset);
    if (value === null || !Number.isFinite(value)) this.writer.ascii('null');
    else this.writeNumberText(value);
  }

  /** `text`: checks the value is a string (the same error) and writes it as JSON. */
  private writeText(offset: number, field: string): void {
    const cursor = this.cursor;
    if (offset < 0 || !TnetCursor.isStringType(cursor.peek(offset)))
      throw new FlowStateError(`${field} is not a string`);
    this.writer.jsonString(cursor.bytes, cursor.payloadStart, cursor.payloadEnd);
  }

  /**
   * Writes the request's fields of a summary row (checked as `request`
   * checks them); false when the row would not give them back (the
   * summary is then an object: the caller makes the flow whole).
   */
  private requestRow(offset: number): boolean {
    const f = this.dict(offset, 'request', MESSAGE, this.messageFields);
    const writer = this.writer;
    this.writeText(f[M_METHOD]!, 'request.method');
    writer.byte(COMMA);
    this.writeText(f[M_SCHEME]!, 'request.scheme');
    writer.byte(COMMA);
    this.writeText(f[M_HOST]!, 'request.host');
    writer.byte(COMMA);
    const port = this.writeNum(f[M_PORT]!, 'request.port');
    writer.byte(COMMA);
    this.writeText(f[M_PATH]!, 'request.path');
    writer.byte(COMMA);
    this.writeText(f[M_VERSION]!, 'request.http_version');
    writer.byte(COMMA);
    this.contentTypeRow(f[M_HEADERS]!, 'request.headers');
    writer.byte(COMMA);
    this.bodyRow(f[M_CONTENT]!);
    writer.byte(COMMA);
    const start = this.writeNum(f[M_START]!, 'request.timestamp_start');
    writer.byte(COMMA);
    this.writeOptionalNum(f[M_END]!);
    if (!Number.isInteger(port) || !Number.isFinite(start)) return false;
    this.requestStart = start;
    return true;
  }

  /** The response's fields of a summary row (eight nulls without one), as `requestRow`. */
  private responseRow(offset: number): boolean {
    const f = this.messageFields;
    const writer = this.writer;
    if (!this.optionalDict(offset, MESSAGE, f)) {
      writer.ascii('null,null,null,null,null,null,null,null');
      return true;
    }
    const status = this.writeNum(f[M_STATUS]!, 'response.status_code');
    writer.byte(COMMA);
    // `optionalText(reason) ?? ''`
    const reasonAt = f[M_REASON]!;
    const cursor = this.cursor;
    if (reasonAt >= 0 && TnetCursor.isStringType(cursor.peek(reasonAt)))
      writer.jsonString(cursor.bytes, cursor.payloadStart, cursor.payloadEnd);
    else writer.ascii('""');
    writer.byte(COMMA);
    this.writeText(f[M_VERSION]!, 'response.http_version');
    writer.byte(COMMA);
    this.contentTypeRow(f[M_HEADERS]!, 'response.headers');
    writer.byte(COMMA);
    this.bodyRow(f[M_CONTENT]!);
    writer.byte(COMMA);
    this.writeOptionalNum(f[M_START]!);
    writer.byte(COMMA);
    this.writeOptionalNum(f[M_END]!);
    return Number.isInteger(status);
  }

  /**
   * A header list's Content-Type pairs, flattened as a row has them
   * (`["Content-Type","text/html"]`); every pair is checked as `headers`
   * checks it, but only the Content-Type ones are decoded. Adds the list's
   * marks (`headerMark`: a Content-Encoding, an unsafe charset) to `marks`.
   */
  private contentTypeRow(offset: number, field: string): void {
    const writer = this.writer;
    if (this.isNull(offset)) {
      writer.ascii('[]');
      return;
    }
    const from = writer.position;
    const marks = this.marks;
    if (this.contentTypeRowAtOnce(offset)) return;
    // something is odd: read again as `headers` reads it (the same errors)
    writer.position = from;
    this.marks = marks;
    const cursor = this.cursor;
    const items = cursor.listItems(offset, this.itemScratch);
    if (!items) throw new FlowStateError(`${field} is not a list`);
    writer.byte(OPEN_BRACKET);
    let first = true;
    for (let i = 0; i < items.length; i++) {
      if (!cursor.pair(items[i]!))
        throw new FlowStateError(`${field} has an entry that is not a pair`);
      if (!TnetCursor.isStringType(cursor.pairFirstType))
        throw new FlowStateError(`${field} name is not a string`);
      if (!TnetCursor.isStringType(cursor.pairSecondType))
        throw new FlowStateError(`${field} value is not a string`);
      if (
        this.headerRow(
          cursor.pairFirstStart,
          cursor.pairFirstEnd,
          cursor.pairSecondStart,
          cursor.pairSecondEnd,
          first,
        )
      )
        first = false;
    }
    writer.byte(CLOSE_BRACKET);
  }

  /**
   * `contentTypeRow` of a well-formed header list, in one walk over it (a
   * frame read once, no array of items); false at anything odd, having
   * thrown nothing: the caller then reads the list as `headers` does.
   */
  private contentTypeRowAtOnce(offset: number): boolean {
    const cursor = this.cursor;
    const bytes = cursor.bytes;
    const writer = this.writer;
    const listEnd = cursor.frameAt(offset, bytes.length);
    if (listEnd < 0 || bytes[listEnd] !== TnetType.list) return false;
    writer.byte(OPEN_BRACKET);
    let first = true;
    let at = cursor.payloadStart;
    while (at < listEnd) {
      const itemEnd = cursor.frameAt(at, listEnd);
      if (itemEnd < 0 || bytes[itemEnd] !== TnetType.list) return false;
      const nameEnd = cursor.frameAt(cursor.payloadStart, itemEnd);
      if (nameEnd < 0 || !TnetCursor.isStringType(bytes[nameEnd]!)) return false;
      const nameStart = cursor.payloadStart;
      const valueEnd = cursor.frameAt(nameEnd + 1, itemEnd);
      if (valueEnd < 0 || !TnetCursor.isStringType(bytes[valueEnd]!) || valueEnd + 1 !== itemEnd)
        return false;
      const valueStart = cursor.payloadStart;
      at = itemEnd + 1;
      if (this.headerRow(nameStart, nameEnd, valueStart, valueEnd, first)) first = false;
    }
    writer.byte(CLOSE_BRACKET);
    return true;
  }

  /**
   * One header of a row's list (name and value as payload ranges): notes its
   * marks (`headerMark`), and writes it when it is a Content-Type (after a
   * comma unless `first`). Whether it was written.
   */
  private headerRow(
    nameStart: number,
    nameEnd: number,
    valueStart: number,
    valueEnd: number,
    first: boolean,
  ): boolean {
    const cursor = this.cursor;
    const writer = this.writer;
    // (as `headerMark`: only a name of 16 bytes can lower-case to content-encoding)
    if (nameEnd - nameStart === 16 && cursor.isLowerCase(nameStart, nameEnd, 'content-encoding'))
      this.marks |= MARK_ENCODING;
    if (!cursor.isLowerCase(nameStart, nameEnd, 'content-type')) return false;
    const text = cursor.text(valueStart, valueEnd);
    let safe = this.charsetSafe.get(text);
    if (safe === undefined) {
      safe = charsetIsSafe(text);
      if (this.charsetSafe.size >= 256) this.charsetSafe.clear();
      this.charsetSafe.set(text, safe);
    }
    if (!safe) this.marks |= MARK_CHARSET;
    if (!first) writer.byte(COMMA);
    writer.jsonString(cursor.bytes, nameStart, nameEnd);
    writer.byte(COMMA);
    writer.jsonString(cursor.bytes, valueStart, valueEnd);
    return true;
  }

  /** A body's size and `truncated` in a row, as `body` with sizes only makes them. */
  private bodyRow(offset: number): void {
    const size = offset < 0 ? -1 : this.cursor.stringLength(offset);
    if (size < 0) this.writer.ascii('null,null');
    else this.writer.ascii(size > this.maxBytes ? `${size},true` : `${size},null`);
  }
}

/** bytes kept free before a row for its head (id and start), written after the rest */
const ROW_HEADROOM = 512;
/** the row buffer is made small again past this size */
const WRITER_KEPT = 1 << 20;

const OPCODE_TEXT = 1;
const OPCODE_BINARY = 2;

/** Collects warnings by kind, so 100,000 skipped flows make one line, not 100,000. */
class WarningTally {
  private readonly counts = new Map<string, { count: number; example: string }>();
  add(kind: string, example: string): void {
    const entry = this.counts.get(kind);
    if (entry) entry.count++;
    else this.counts.set(kind, { count: 1, example });
  }
  lines(): string[] {
    return [...this.counts.entries()].map(([kind, { count, example }]) =>
      count === 1
        ? `${kind}: ${example}`
        : `${kind} (${formatCount(count, 'flow')}), e.g. ${example}`,
    );
  }
}

const EMPTY = new Uint8Array(0);
/** what `MitmFlowReader.take` gives: a flow, a `MitmSummary`, a `MitmSummaryRow` */
const TAKE_FLOW = 0;
const TAKE_SUMMARY = 1;
const TAKE_ROW = 2;
/** a length prefix longer than this is malformed, not unfinished */
const MAX_PREFIX = 13;

/**
 * Reads a mitmproxy dump incrementally: `push` the file's bytes in order
 * (any chunking), `finish` after the last, and take the flows with `next`.
 * Gives exactly the flows and warnings of `parseMitmFile` on the whole
 * file, byte offsets included. Before `finish`, a record cut by the end of
 * the bytes so far waits for more (a dump still being written); after it,
 * the cut record is reported as damage.
 */
export class MitmFlowReader {
  private buffer: Uint8Array = EMPTY;
  /** file offset of `buffer[0]` */
  private origin = 0;
  /** position in `buffer` of the first byte not consumed */
  private position = 0;
  private mapper: FlowMapper | null = null;
  private finished = false;
  private stopped = false;
  private readonly maxFlows: number;
  private readonly maxBytes: number;
  private readonly sizesOnly: boolean;
  private readonly tally = new WarningTally();
  private readonly extra: string[] = [];
  private index = 0;
  /** flows returned by `next` so far */
  flowCount = 0;
  /**
   * File offsets of the record of the flow `next` returned last: its bytes
   * are `[recordStart, recordEnd)`, which a new reader maps to the same flow
   * (a viewer keeps these instead of the bodies and reads the flow again).
   */
  recordStart = -1;
  recordEnd = -1;

  constructor(options: MitmParseOptions = {}) {
    this.maxFlows = options.maxFlows ?? Infinity;
    this.maxBytes = options.maxBodyBytes ?? Infinity;
    this.sizesOnly = options.bodySizesOnly ?? false;
  }

  /** Appends the next bytes of the file (the reader keeps a view, not a copy, when it can). */
  push(chunk: Uint8Array): void {
    if (this.finished) throw new Error('MitmFlowReader: push after finish');
    if (chunk.length === 0) return;
    const rest = this.buffer.length - this.position;
    if (rest === 0) {
      this.origin += this.buffer.length;
      this.buffer = chunk;
    } else {
      const joined = new Uint8Array(rest + chunk.length);
      joined.set(this.buffer.subarray(this.position));
      joined.set(chunk, rest);
      this.origin += this.position;
      this.buffer = joined;
    }
    this.position = 0;
    this.mapper = null;
  }

  /**
   * Forgets the bytes pushed but not yet read, for a caller that will push
   * them again at the front of its next chunk (so a big chunk is not copied
   * to join a cut record): the next `push` starts at `offset`.
   */
  dropPending(): void {
    this.origin += this.position;
    this.buffer = EMPTY;
    this.position = 0;
    this.mapper = null;
  }

  /** No more bytes will come: a cut last record is now damage. */
  finish(): void {
    this.finished = true;
  }

  /** File offset just after the last whole record (and its whitespace) read. */
  get offset(): number {
    return this.origin + this.position;
  }

  /** Bytes pushed but not yet read as whole records. */
  get pending(): number {
    return this.buffer.length - this.position;
  }

  /** True once nothing more will be read: finished and read, damaged, or at `maxFlows`. */
  get done(): boolean {
    return this.stopped || (this.finished && this.pending === 0);
  }

  /** True when reading stopped at malformed bytes (or a cut record after `finish`). */
  damaged = false;

  warnings(): string[] {
    return [...this.tally.lines(), ...this.extra];
  }

  /**
   * The next flow, or null when there is none for now: more bytes are
   * needed (`done` false) or the reading is over (`done` true). Records
   * that are not HTTP flows, or cannot be mapped, are skipped with a warning.
   */
  next(): Flow | null {
    return this.take(TAKE_FLOW) as Flow | null;
  }

  /**
   * Like `next`, but the flow as an index keeps it: its id, when it began and
   * summary row as JSON text (`MitmSummary`), made without the flow
   * itself where it can be (fast). The same flows, record ranges and
   * warnings as `next`; bodies count as with `bodySizesOnly`.
   */
  nextSummary(): MitmSummary | null {
    return this.take(TAKE_SUMMARY) as MitmSummary | null;
  }

  /**
   * Like `nextSummary`, but without a string: the id as its hash, the
   * summary as UTF-8 (`MitmSummaryRow`, one object reused: valid until the
   * next call). What a capture index keeps.
   */
  nextRow(): MitmSummaryRow | null {
    return this.take(TAKE_ROW) as MitmSummaryRow | null;
  }

  private readonly row: MitmSummaryRow = { idHash: 0, created: 0, marks: 0, utf8: null, json: '' };

  private take(mode: number): Flow | MitmSummary | MitmSummaryRow | null {
    if (this.stopped) return null;
    const bytes = this.buffer;
    const total = bytes.length;
    for (;;) {
      let offset = this.position;
      while (offset < total && isSpace(bytes[offset]!)) offset++;
      this.position = offset;
      if (offset >= total) return null;
      if (!this.finished && !this.wholeRecordAt(offset)) return null;
      const mapper = (this.mapper ??= new FlowMapper(
        new TnetCursor(bytes),
        this.maxBytes,
        this.sizesOnly,
      ));
      const cursor = mapper.cursor;
      let isDict: boolean;
      let end: number;
      try {
        // the frame (length and type byte) of the next flow
        const type = cursor.peek(offset);
        end = cursor.next;
        isDict = type === TnetType.dict && cursor.fieldsInto(offset, FLOW, mapper.flowFields);
      } catch (error) {
        if (!(error instanceof TnetstringError)) throw error;
        const message = this.rebase(error);
        this.extra.push(
          this.flowCount > 0
            ? `the file is damaged after flow ${this.flowCount} (${message}); the flows before it are shown`
            : `not a mitmproxy flow file: ${message}`,
        );
        this.stopped = true;
        this.damaged = true;
        return null;
      }
      this.index++;
      if (this.flowCount >= this.maxFlows) {
        this.extra.push(`only the first ${formatCount(this.maxFlows, 'flow')} were read`);
        this.stopped = true;
        return null;
      }
      const at = this.origin + offset;
      this.position = end;
      if (!isDict) {
        this.tally.add('not a flow (not a dict)', `item ${this.index} at byte ${at}`);
        continue;
      }
      const flow = this.mapFlow(mapper, at, mode);
      if (flow) {
        this.flowCount++;
        this.recordStart = at;
        this.recordEnd = this.origin + end;
        return flow;
      }
    }
  }

  private mapFlow(
    mapper: FlowMapper,
    at: number,
    mode: number,
  ): Flow | MitmSummary | MitmSummaryRow | null {
    const state = mapper.flowFields;
    const cursor = mapper.cursor;
    try {
      const typeAt = state[F_TYPE]!;
      const type = isHttp(cursor, typeAt)
        ? 'http'
        : ((typeAt < 0 ? null : cursor.string(typeAt)) ?? '(none)');
      if (type !== 'http') {
        this.tally.add(`${type} flows are not shown`, `flow ${this.index} at byte ${at}`);
        return null;
      }
      const versionAt = state[F_VERSION]!;
      // before format 4 the version was mitmproxy's own (major, minor) tuple
      const version =
        versionAt >= 0 && cursor.peek(versionAt) === TnetType.int ? cursor.number(versionAt) : null;
      if (
        version === null ||
        version < MITM_TESTED_VERSIONS.min ||
        version > MITM_TESTED_VERSIONS.max
      ) {
        this.tally.add(
          `flow format version ${version ?? 'unknown'} is outside the tested ${MITM_TESTED_VERSIONS.min}–${MITM_TESTED_VERSIONS.max}; read as far as its fields match`,
          `flow ${this.index}`,
        );
      }
      if (mode === TAKE_FLOW) return mapper.flow();
      const row = this.row;
      mapper.summaryRow(row);
      if (mode === TAKE_ROW) return row;
      return {
        id: mapper.text(state[F_ID]!, 'id'),
        created: row.created,
        json: row.utf8 ? utf8Decode(row.utf8) : row.json,
        marks: row.marks,
      };
    } catch (error) {
      if (!(error instanceof FlowStateError) && !(error instanceof TnetstringError)) throw error;
      const message = error instanceof TnetstringError ? this.rebase(error) : error.message;
      this.tally.add(
        'flows skipped because a field is malformed',
        `flow ${this.index} at byte ${at}: ${message}`,
      );
      return null;
    }
  }

  /** The error's message with its offset in the file rather than in the buffer. */
  private rebase(error: TnetstringError): string {
    return this.origin === 0
      ? error.message
      : new TnetstringError(error.detail, error.offset + this.origin).message;
  }

  /**
   * Whether the record at `offset` lies wholly in the buffer. A prefix
   * that is malformed counts as whole, so the regular read reports it.
   */
  private wholeRecordAt(offset: number): boolean {
    const bytes = this.buffer;
    let length = 0;
    let i = offset;
    for (; i < bytes.length; i++) {
      const byte = bytes[i]!;
      if (byte === 0x3a) break;
      if (byte < 0x30 || byte > 0x39 || i - offset >= MAX_PREFIX) return true;
      length = length * 10 + (byte - 0x30);
    }
    if (i >= bytes.length) return false;
    // the payload, then its type byte
    return i + 1 + length < bytes.length;
  }
}

/**
 * Parses a mitmproxy dump. Never throws on bad content: malformed bytes
 * stop the reading with a warning (flows read so far are kept), flows that
 * cannot be mapped are skipped with a warning.
 */
export function parseMitmFile(bytes: Uint8Array, options: MitmParseOptions = {}): MitmParseResult {
  const reader = new MitmFlowReader(options);
  reader.push(bytes);
  reader.finish();
  const flows: Flow[] = [];
  for (let flow = reader.next(); flow; flow = reader.next()) flows.push(flow);
  return { flows, warnings: reader.warnings() };
}

/** Whether the value at `offset` is the string "http" (compared on its bytes: no string made). */
function isHttp(cursor: TnetCursor, offset: number): boolean {
  if (offset < 0 || !TnetCursor.isStringType(cursor.peek(offset))) return false;
  const bytes = cursor.bytes;
  const at = cursor.payloadStart;
  return (
    cursor.payloadEnd - at === 4 &&
    bytes[at] === 0x68 &&
    bytes[at + 1] === 0x74 &&
    bytes[at + 2] === 0x74 &&
    bytes[at + 3] === 0x70
  );
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
