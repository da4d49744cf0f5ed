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
import { bodyFromBytes, isBytes, utf8Decode } from './bytes';
import { iterTnetstrings, TnetstringError, type TnetDict, type TnetValue } from './tnetstring';

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

function isDict(value: TnetValue | undefined): value is TnetDict {
  return typeof value === 'object' && value !== null && !isBytes(value) && !Array.isArray(value);
}

function text(value: TnetValue | undefined, field: string): string {
  if (typeof value === 'string') return value;
  if (isBytes(value)) return utf8Decode(value);
  throw new FlowStateError(`${field} is not a string`);
}

function optionalText(value: TnetValue | undefined): string | null {
  if (typeof value === 'string') return value;
  if (isBytes(value)) return utf8Decode(value);
  return null;
}

function num(value: TnetValue | undefined, field: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new FlowStateError(`${field} is not a number`);
}

function optionalNum(value: TnetValue | undefined): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

function dict(value: TnetValue | undefined, field: string): TnetDict {
  if (isDict(value)) return value;
  throw new FlowStateError(`${field} is not a dict`);
}

function address(value: TnetValue | undefined): [string, number] | null {
  if (!Array.isArray(value) || value.length < 2) return null;
  const host = optionalText(value[0]);
  const port = optionalNum(value[1]);
  return host === null || port === null ? null : [host, port];
}

function headers(value: TnetValue | undefined, field: string): [string, string][] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new FlowStateError(`${field} is not a list`);
  const out: [string, string][] = [];
  for (const pair of value) {
    if (!Array.isArray(pair) || pair.length !== 2)
      throw new FlowStateError(`${field} has an entry that is not a pair`);
    out.push([text(pair[0], `${field} name`), text(pair[1], `${field} value`)]);
  }
  return out;
}

function body(value: TnetValue | undefined, maxBytes: number): Body | null {
  if (isBytes(value)) return bodyFromBytes(value, maxBytes);
  if (typeof value === 'string') return bodyFromBytes(new TextEncoder().encode(value), maxBytes);
  return null;
}

function mapRequest(state: TnetDict, maxBytes: number): FlowRequest {
  return {
    method: text(state.method, 'request.method'),
    scheme: text(state.scheme, 'request.scheme'),
    host: text(state.host, 'request.host'),
    port: num(state.port, 'request.port'),
    path: text(state.path, 'request.path'),
    http_version: text(state.http_version, 'request.http_version'),
    headers: headers(state.headers, 'request.headers'),
    content: body(state.content, maxBytes),
    timestamp_start: num(state.timestamp_start, 'request.timestamp_start'),
    timestamp_end: optionalNum(state.timestamp_end),
  };
}

function mapResponse(state: TnetDict, maxBytes: number): FlowResponse {
  return {
    status_code: num(state.status_code, 'response.status_code'),
    reason: optionalText(state.reason) ?? '',
    http_version: text(state.http_version, 'response.http_version'),
    headers: headers(state.headers, 'response.headers'),
    content: body(state.content, maxBytes),
    timestamp_start: optionalNum(state.timestamp_start),
    timestamp_end: optionalNum(state.timestamp_end),
  };
}

const OPCODE_TEXT = 1;
const OPCODE_BINARY = 2;

function mapWebSocket(state: TnetDict, maxBytes: number): NonNullable<Flow['websocket']> {
  const messages: WebSocketMessage[] = [];
  const list = state.messages;
  if (Array.isArray(list)) {
    for (const message of list) {
      // [opcode, from_client, content, timestamp, (dropped, injected)]
      if (!Array.isArray(message) || message.length < 4) {
        throw new FlowStateError('websocket message is not a list of at least 4 items');
      }
      const opcode = num(message[0], 'websocket message type');
      const content = body(message[2], maxBytes) ?? {
        encoding: 'utf-8' as const,
        data: '',
        size: 0,
      };
      messages.push({
        from_client: message[1] === true,
        type:
          opcode === OPCODE_TEXT
            ? 'text'
            : opcode === OPCODE_BINARY
              ? 'binary'
              : `opcode-${opcode}`,
        content,
        timestamp: num(message[3], 'websocket message timestamp'),
      });
    }
  }
  return {
    messages,
    close_code: optionalNum(state.close_code),
    close_reason: optionalText(state.close_reason),
  };
}

function mapFlow(state: TnetDict, maxBytes: number): Flow {
  const request = mapRequest(dict(state.request, 'request'), maxBytes);
  const response = isDict(state.response) ? mapResponse(state.response, maxBytes) : null;
  const error = isDict(state.error)
    ? { msg: optionalText(state.error.msg) ?? '', timestamp: optionalNum(state.error.timestamp) }
    : null;
  const websocket = isDict(state.websocket) ? mapWebSocket(state.websocket, maxBytes) : null;
  const client = isDict(state.client_conn) ? state.client_conn : null;
  const server = isDict(state.server_conn) ? state.server_conn : null;
  return {
    id: text(state.id, 'id'),
    type: websocket ? 'websocket' : 'http',
    timestamp_created: optionalNum(state.timestamp_created) ?? request.timestamp_start,
    // format ≤ 18 calls the client's address `address`, later ones `peername`
    client_conn: client ? { peername: address(client.peername) ?? address(client.address) } : null,
    server_conn: server ? { address: address(server.address) } : null,
    request,
    response,
    error,
    websocket,
  };
}

function versionOf(state: TnetDict): number | null {
  const version = state.version;
  if (typeof version === 'number') return version;
  // before format 4 the version was mitmproxy's own (major, minor) tuple
  return null;
}

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
  const maxBytes = options.maxBodyBytes ?? Infinity;
  const maxFlows = options.maxFlows ?? Infinity;
  const flows: Flow[] = [];
  const tally = new WarningTally();
  const extra: string[] = [];
  let index = 0;
  try {
    for (const { value, offset } of iterTnetstrings(bytes)) {
      index++;
      if (flows.length >= maxFlows) {
        extra.push(`only the first ${maxFlows} flows were read`);
        break;
      }
      if (!isDict(value)) {
        tally.add('not a flow (not a dict)', `item ${index} at byte ${offset}`);
        continue;
      }
      const type = optionalText(value.type) ?? '(none)';
      const version = versionOf(value);
      if (type !== 'http') {
        tally.add(`${type} flows are not shown`, `flow ${index} at byte ${offset}`);
        continue;
      }
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
      try {
        flows.push(mapFlow(value, maxBytes));
      } catch (error) {
        if (!(error instanceof FlowStateError)) throw error;
        tally.add(
          'flows skipped because a field is malformed',
          `flow ${index} at byte ${offset}: ${error.message}`,
        );
      }
    }
  } catch (error) {
    if (!(error instanceof TnetstringError)) throw error;
    extra.push(
      flows.length > 0
        ? `the file is damaged after flow ${flows.length} (${error.message}); the flows before it are shown`
        : `not a mitmproxy flow file: ${error.message}`,
    );
  }
  return { flows, warnings: [...tally.lines(), ...extra] };
}
