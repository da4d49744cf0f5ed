/**
 * mitmproxy flow dumps (`.mitm` / `.flows`, as written by `mitmdump -w`):
 * a sequence of tnetstrings, each one `Flow.get_state()` with a `version`.
 *
 * Mapped onto the ctfy `Flow` shape. Format 17 (mitmproxy 7–8, Debian's
 * 8.1.1) is the reference; 18–21 (mitmproxy 9–11) renamed a few connection
 * fields (`address` → `peername` on the client) which are read either way.
 * HTTP flows (with their WebSocket messages) are mapped; TCP, UDP and DNS
 * flows are skipped with a warning. Works in the browser and in Node.
 */
import type { Body, Flow, FlowRequest, FlowResponse, WebSocketMessage } from '../../api/schemas';
import { bodyFromBytes } from './bytes';
import { TnetCursor, TnetstringError, TnetType } from './tnetstring';

export interface MitmParseOptions {
  /** keep at most this many bytes of each body (`truncated: true` beyond) */
  maxBodyBytes?: number;
  /** stop after this many flows (a warning says so) */
  maxFlows?: number;
}

export interface MitmParseResult {
  flows: Flow[];
  warnings: string[];
}

/** Format versions whose HTTP fields are known to match. */
export const MITM_TESTED_VERSIONS = { min: 17, max: 21 } as const;

class FlowStateError extends Error {}

type Fields = Map<string, number>;

/**
 * Reads the fields of one flow state straight from the dump's bytes
 * (`TnetCursor`): only the fields the `Flow` shape needs are decoded, the
 * rest (TLS details, certificates, metadata) is skipped by length.
 */
class FlowMapper {
  /** reused for every header pair: no array per header */
  private readonly pairScratch: number[] = [];

  constructor(
    private readonly cursor: TnetCursor,
    private readonly maxBytes: number,
  ) {}

  private isNull(offset: number | undefined): boolean {
    return offset === undefined || this.cursor.peek(offset) === TnetType.null;
  }

  text(offset: number | undefined, field: string): string {
    const value = offset === undefined ? null : this.cursor.string(offset);
    if (value === null) throw new FlowStateError(`${field} is not a string`);
    return value;
  }

  optionalText(offset: number | undefined): string | null {
    return offset === undefined ? null : this.cursor.string(offset);
  }

  num(offset: number | undefined, field: string): number {
    const value = offset === undefined ? null : this.cursor.number(offset);
    if (value === null) throw new FlowStateError(`${field} is not a number`);
    return value;
  }

  optionalNum(offset: number | undefined): number | null {
    if (offset === undefined) return null;
    const value = this.cursor.number(offset);
    return value !== null && Number.isFinite(value) ? value : null;
  }

  dict(offset: number | undefined, field: string): Fields {
    const fields = offset === undefined ? null : this.cursor.dictFields(offset);
    if (!fields) throw new FlowStateError(`${field} is not a dict`);
    return fields;
  }

  optionalDict(offset: number | undefined): Fields | null {
    if (offset === undefined || this.isNull(offset)) return null;
    return this.cursor.dictFields(offset);
  }

  address(offset: number | undefined): [string, number] | null {
    if (offset === undefined) return null;
    const items = this.cursor.listItems(offset);
    if (!items || items.length < 2) return null;
    const host = this.cursor.string(items[0]!);
    const port = this.cursor.number(items[1]!);
    return host === null || port === null ? null : [host, port];
  }

  headers(offset: number | undefined, field: string): [string, string][] {
    if (offset === undefined || this.isNull(offset)) return [];
    const items = this.cursor.listItems(offset);
    if (!items) throw new FlowStateError(`${field} is not a list`);
    const out: [string, string][] = [];
    const pair = this.pairScratch;
    for (const item of items) {
      if (!this.cursor.listItems(item, pair) || pair.length !== 2)
        throw new FlowStateError(`${field} has an entry that is not a pair`);
      out.push([this.text(pair[0], `${field} name`), this.text(pair[1], `${field} value`)]);
    }
    return out;
  }

  body(offset: number | undefined): Body | null {
    if (offset === undefined) return null;
    const bytes = this.cursor.bytesAt(offset);
    return bytes ? bodyFromBytes(bytes, this.maxBytes) : null;
  }

  request(fields: Fields): FlowRequest {
    return {
      method: this.text(fields.get('method'), 'request.method'),
      scheme: this.text(fields.get('scheme'), 'request.scheme'),
      host: this.text(fields.get('host'), 'request.host'),
      port: this.num(fields.get('port'), 'request.port'),
      path: this.text(fields.get('path'), 'request.path'),
      http_version: this.text(fields.get('http_version'), 'request.http_version'),
      headers: this.headers(fields.get('headers'), 'request.headers'),
      content: this.body(fields.get('content')),
      timestamp_start: this.num(fields.get('timestamp_start'), 'request.timestamp_start'),
      timestamp_end: this.optionalNum(fields.get('timestamp_end')),
    };
  }

  response(fields: Fields): FlowResponse {
    return {
      status_code: this.num(fields.get('status_code'), 'response.status_code'),
      reason: this.optionalText(fields.get('reason')) ?? '',
      http_version: this.text(fields.get('http_version'), 'response.http_version'),
      headers: this.headers(fields.get('headers'), 'response.headers'),
      content: this.body(fields.get('content')),
      timestamp_start: this.optionalNum(fields.get('timestamp_start')),
      timestamp_end: this.optionalNum(fields.get('timestamp_end')),
    };
  }

  websocket(fields: Fields): NonNullable<Flow['websocket']> {
    const messages: WebSocketMessage[] = [];
    const list = fields.get('messages');
    const items = list === undefined ? null : this.cursor.listItems(list);
    for (const item of items ?? []) {
      // [opcode, from_client, content, timestamp, (dropped, injected)]
      const message = this.cursor.listItems(item);
      if (!message || message.length < 4) {
        throw new FlowStateError('websocket message is not a list of at least 4 items');
      }
      const opcode = this.num(message[0], 'websocket message type');
      messages.push({
        from_client: this.cursor.value(message[1]!) === true,
        type:
          opcode === OPCODE_TEXT
            ? 'text'
            : opcode === OPCODE_BINARY
              ? 'binary'
              : `opcode-${opcode}`,
        content: this.body(message[2]) ?? { encoding: 'utf-8', data: '', size: 0 },
        timestamp: this.num(message[3], 'websocket message timestamp'),
      });
    }
    return {
      messages,
      close_code: this.optionalNum(fields.get('close_code')),
      close_reason: this.optionalText(fields.get('close_reason')),
    };
  }

  flow(state: Fields): Flow {
    const request = this.request(this.dict(state.get('request'), 'request'));
    const responseFields = this.optionalDict(state.get('response'));
    const errorFields = this.optionalDict(state.get('error'));
    const websocketFields = this.optionalDict(state.get('websocket'));
    const client = this.optionalDict(state.get('client_conn'));
    const server = this.optionalDict(state.get('server_conn'));
    const websocket = websocketFields ? this.websocket(websocketFields) : null;
    return {
      id: this.text(state.get('id'), 'id'),
      type: websocket ? 'websocket' : 'http',
      timestamp_created:
        this.optionalNum(state.get('timestamp_created')) ?? request.timestamp_start,
      // format ≤ 18 calls the client's address `address`, later ones `peername`
      client_conn: client
        ? { peername: this.address(client.get('peername')) ?? this.address(client.get('address')) }
        : null,
      server_conn: server ? { address: this.address(server.get('address')) } : null,
      request,
      response: responseFields ? this.response(responseFields) : null,
      error: errorFields
        ? {
            msg: this.optionalText(errorFields.get('msg')) ?? '',
            timestamp: this.optionalNum(errorFields.get('timestamp')),
          }
        : null,
      websocket,
    };
  }
}

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
      count === 1 ? `${kind}: ${example}` : `${kind} (${count} flows), e.g. ${example}`,
    );
  }
}

/**
 * Parses a mitmproxy dump. Never throws on bad content: malformed bytes
 * stop the reading with a warning (flows read so far are kept), flows that
 * cannot be mapped are skipped with a warning.
 */
export function parseMitmFile(bytes: Uint8Array, options: MitmParseOptions = {}): MitmParseResult {
  const maxFlows = options.maxFlows ?? Infinity;
  const cursor = new TnetCursor(bytes);
  const mapper = new FlowMapper(cursor, options.maxBodyBytes ?? Infinity);
  const flows: Flow[] = [];
  const tally = new WarningTally();
  const extra: string[] = [];
  const total = bytes.length;
  let index = 0;
  let offset = 0;
  for (;;) {
    while (offset < total && isSpace(bytes[offset]!)) offset++;
    if (offset >= total) break;
    let state: Fields | null;
    let end: number;
    try {
      // the frame (length and type byte) of the next flow
      const type = cursor.peek(offset);
      end = cursor.next;
      state = type === TnetType.dict ? cursor.dictFields(offset) : null;
    } catch (error) {
      if (!(error instanceof TnetstringError)) throw error;
      extra.push(
        flows.length > 0
          ? `the file is damaged after flow ${flows.length} (${error.message}); the flows before it are shown`
          : `not a mitmproxy flow file: ${error.message}`,
      );
      break;
    }
    index++;
    if (flows.length >= maxFlows) {
      extra.push(`only the first ${maxFlows} flows were read`);
      break;
    }
    const at = offset;
    offset = end;
    if (!state) {
      tally.add('not a flow (not a dict)', `item ${index} at byte ${at}`);
      continue;
    }
    try {
      const typeOffset = state.get('type');
      const type = (typeOffset === undefined ? null : cursor.string(typeOffset)) ?? '(none)';
      if (type !== 'http') {
        tally.add(`${type} flows are not shown`, `flow ${index} at byte ${at}`);
        continue;
      }
      const versionOffset = state.get('version');
      // before format 4 the version was mitmproxy's own (major, minor) tuple
      const version =
        versionOffset !== undefined && cursor.peek(versionOffset) === TnetType.int
          ? cursor.number(versionOffset)
          : null;
      if (
        version === null ||
        version < MITM_TESTED_VERSIONS.min ||
        version > MITM_TESTED_VERSIONS.max
      ) {
        tally.add(
          `flow format version ${version ?? 'unknown'} is outside the tested ${MITM_TESTED_VERSIONS.min}–${MITM_TESTED_VERSIONS.max}; read as far as its fields match`,
          `flow ${index}`,
        );
      }
      flows.push(mapper.flow(state));
    } catch (error) {
      if (!(error instanceof FlowStateError) && !(error instanceof TnetstringError)) throw error;
      tally.add(
        'flows skipped because a field is malformed',
        `flow ${index} at byte ${at}: ${error.message}`,
      );
    }
  }
  return { flows, warnings: [...tally.lines(), ...extra] };
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
