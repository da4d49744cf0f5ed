/**
 * Summaries as rows (a local-platform extension, `?view=summary&layout=rows`):
 * each flow's summary (`summary.ts`) written as one JSON array of plain
 * values in the order of `SUMMARY_ROW_FIELDS`, which the document names in
 * its head (`"layout": "rows", "fields": [...]`). A row is about 40 % of the
 * summary object's JSON and parses much faster (no keys, no nested objects);
 * the reader turns it back into the very summary object.
 *
 * Exact both ways: `summaryRow` makes a row only of a flow whose summary it
 * can give back unchanged (every field of the usual shape and type, nothing
 * else); any other flow is sent as its summary object, which a reader takes
 * as it is (and checks like any flow). So `summaryFromRow(summaryRow(f))`
 * deep-equals `flowSummary(f)`, and a malformed flow stays malformed.
 */
import { CaptureFormatError } from './captureJson';
import { flowSummary } from './summary';
import { FlowRequestSchema, FlowResponseSchema } from '../schemas/traffic';

/** The fields of a row, in the order this side writes them. */
export const SUMMARY_ROW_FIELDS = [
  'id',
  'type',
  'timestamp_created',
  'method',
  'scheme',
  'host',
  'port',
  'path',
  'http_version',
  /** the Content-Type headers as they were: name, value, name, value… */
  'request_headers',
  /** body size, null when the request has no content */
  'request_size',
  /** the body's `truncated`, null when it has none */
  'request_truncated',
  'request_start',
  'request_end',
  /** null when there is no response (then so are the response fields) */
  'status_code',
  'reason',
  'response_http_version',
  'response_headers',
  'response_size',
  'response_truncated',
  'response_start',
  'response_end',
  /** the error's message, null when there is no error */
  'error',
  'error_timestamp',
  /** null when the flow is not a WebSocket */
  'websocket_message_count',
  'websocket_close_code',
  'websocket_close_reason',
] as const;

export type SummaryRowField = (typeof SUMMARY_ROW_FIELDS)[number];

type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isInteger(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const nullOr =
  <T>(check: (v: unknown) => v is T) =>
  (v: unknown): v is T | null =>
    v === null || check(v);

/** Exactly these keys (each present), nothing else. */
function hasKeys(object: Loose, keys: readonly string[]): boolean {
  let count = 0;
  for (const key in object) {
    if (!keys.includes(key)) return false;
    count++;
  }
  return count === keys.length;
}

// The keys of a flow's request and response: the shared schemas are their one home.
const REQUEST_KEYS = Object.keys(FlowRequestSchema.shape);
const RESPONSE_KEYS = Object.keys(FlowResponseSchema.shape);
const FLOW_KEYS = ['id', 'type', 'timestamp_created', 'request', 'response', 'error', 'websocket'];
const CONNECTION_KEYS = ['client_conn', 'server_conn'];

/** A summary's header list (Content-Type only) flattened; null when it is not [string, string] pairs. */
function flatHeaders(headers: unknown): string[] | null {
  if (!Array.isArray(headers)) return null;
  const flat: string[] = [];
  for (const pair of headers) {
    if (!Array.isArray(pair) || pair.length !== 2) return null;
    const [name, value] = pair as unknown[];
    if (!isString(name) || !isString(value)) return null;
    flat.push(name, value);
  }
  return flat;
}

/** A summary's body stub as [size, truncated]; null when it would not come back the same. */
function stubFields(content: unknown): [number | null, boolean | null] | null {
  if (content === null) return [null, null];
  if (!isObject(content)) return null;
  const { size, truncated } = content;
  if (!isInt(size) || size < 0) return null;
  if (truncated != null && typeof truncated !== 'boolean') return null;
  return [size, truncated ?? null];
}

/**
 * The row of a flow's summary, or null when the summary is not one a row
 * gives back unchanged (send the summary object then).
 */
export function summaryRow(flow: Loose, summary: Loose = flowSummary(flow)): unknown[] | null {
  for (const key in flow)
    if (!FLOW_KEYS.includes(key) && !CONNECTION_KEYS.includes(key)) return null;
  for (const key of FLOW_KEYS) if (!(key in flow)) return null;
  const { id, type, timestamp_created: created, request, response, error, websocket } = flow;
  if (!isString(id) || !isString(type) || !isNumber(created)) return null;

  const req = summary.request;
  if (!isObject(req) || !hasKeys(req, REQUEST_KEYS)) return null;
  if (!isObject(request) || !('content' in request)) return null;
  const reqHeaders = flatHeaders(req.headers);
  const reqBody = stubFields(request.content);
  if (
    !isString(req.method) ||
    !isString(req.scheme) ||
    !isString(req.host) ||
    !isInt(req.port) ||
    !isString(req.path) ||
    !isString(req.http_version) ||
    !reqHeaders ||
    !reqBody ||
    !isNumber(req.timestamp_start) ||
    !nullOr(isNumber)(req.timestamp_end)
  )
    return null;

  let responseFields: unknown[] = [null, null, null, null, null, null, null, null];
  if (response !== null) {
    const res = summary.response;
    if (!isObject(res) || !hasKeys(res, RESPONSE_KEYS) || !isObject(response)) return null;
    const resHeaders = flatHeaders(res.headers);
    const resBody = stubFields(response.content);
    if (
      !isInt(res.status_code) ||
      !isString(res.reason) ||
      !isString(res.http_version) ||
      !resHeaders ||
      !resBody ||
      !nullOr(isNumber)(res.timestamp_start) ||
      !nullOr(isNumber)(res.timestamp_end)
    )
      return null;
    responseFields = [
      res.status_code,
      res.reason,
      res.http_version,
      resHeaders,
      resBody[0],
      resBody[1],
      res.timestamp_start,
      res.timestamp_end,
    ];
  }

  let errorFields: unknown[] = [null, null];
  if (error !== null) {
    if (!isObject(error) || !hasKeys(error, ['msg', 'timestamp'])) return null;
    if (!isString(error.msg) || !nullOr(isNumber)(error.timestamp)) return null;
    errorFields = [error.msg, error.timestamp];
  }

  let websocketFields: unknown[] = [null, null, null];
  if (websocket !== null) {
    if (!isObject(websocket) || !hasKeys(websocket, ['messages', 'close_code', 'close_reason']))
      return null;
    const { messages, close_code: code, close_reason: reason } = websocket;
    if (!Array.isArray(messages) || !nullOr(isInt)(code) || !nullOr(isString)(reason)) return null;
    websocketFields = [messages.length, code, reason];
  }

  return [
    id,
    type,
    created,
    req.method,
    req.scheme,
    req.host,
    req.port,
    req.path,
    req.http_version,
    reqHeaders,
    reqBody[0],
    reqBody[1],
    req.timestamp_start,
    req.timestamp_end,
    ...responseFields,
    ...errorFields,
    ...websocketFields,
  ];
}

/** A flow's summary as a row, or as the summary object when no row fits (`summary`: its summary, made already). */
export function summaryRowOrObject(flow: Loose, summary: Loose = flowSummary(flow)): unknown {
  return summaryRow(flow, summary) ?? summary;
}

function pairs(flat: unknown): [string, string][] | null {
  if (!Array.isArray(flat) || flat.length % 2 !== 0) return null;
  const out: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const name: unknown = flat[i];
    const value: unknown = flat[i + 1];
    if (!isString(name) || !isString(value)) return null;
    out.push([name, value]);
  }
  return out;
}

function stub(size: unknown, truncated: unknown): Loose | null | undefined {
  if (size === null) return truncated === null ? null : undefined;
  if (!isInt(size) || size < 0) return undefined;
  const body: Loose = { encoding: 'utf-8', data: '', size, omitted: true };
  if (truncated !== null) {
    if (typeof truncated !== 'boolean') return undefined;
    body.truncated = truncated;
  }
  return body;
}

/**
 * Reads rows of a document that named its fields: `decode(row)` gives the
 * summary object back (an element that is not an array is passed on as it
 * is: a flow the server sent as its summary object). A row that is not
 * what its fields say throws `CaptureFormatError` naming the field.
 */
export class SummaryRowReader {
  private readonly at: Int32Array;
  private allRows = true;

  /** Throws when `fields` is not a list of names holding every field this side reads. */
  constructor(fields: unknown) {
    if (!Array.isArray(fields) || !fields.every(isString))
      throw new CaptureFormatError('The summary rows do not name their fields.');
    this.at = new Int32Array(SUMMARY_ROW_FIELDS.length);
    SUMMARY_ROW_FIELDS.forEach((field, i) => {
      const position = fields.indexOf(field);
      if (position < 0) throw new CaptureFormatError(`The summary rows lack the field "${field}".`);
      this.at[i] = position;
    });
  }

  /** Whether every flow decoded since the last call came from a row (checked here), then resets. */
  takeAllRows(): boolean {
    const all = this.allRows;
    this.allRows = true;
    return all;
  }

  decode(row: unknown, index: number): unknown {
    if (!Array.isArray(row)) {
      this.allRows = false;
      return row;
    }
    const at = this.at;
    const request = {
      method: str(row, at, 3, index),
      scheme: str(row, at, 4, index),
      host: str(row, at, 5, index),
      port: num(row, at, 6, index, false, true)!,
      path: str(row, at, 7, index),
      http_version: str(row, at, 8, index),
      headers: headers(row, at, 9, index),
      content: body(row, at, 10, index),
      timestamp_start: num(row, at, 12, index, false, false)!,
      timestamp_end: num(row, at, 13, index, true, false),
    };
    const status = num(row, at, 14, index, true, true);
    const response =
      status === null
        ? null
        : {
            status_code: status,
            reason: str(row, at, 15, index),
            http_version: str(row, at, 16, index),
            headers: headers(row, at, 17, index),
            content: body(row, at, 18, index),
            timestamp_start: num(row, at, 20, index, true, false),
            timestamp_end: num(row, at, 21, index, true, false),
          };
    const error =
      row[at[22]!] === null
        ? null
        : { msg: str(row, at, 22, index), timestamp: num(row, at, 23, index, true, false) };
    const count = num(row, at, 24, index, true, true);
    const websocket =
      count === null
        ? null
        : {
            messages: [],
            close_code: num(row, at, 25, index, true, true),
            close_reason: row[at[26]!] === null ? null : str(row, at, 26, index),
            message_count: count,
          };
    return {
      id: str(row, at, 0, index),
      type: str(row, at, 1, index),
      timestamp_created: num(row, at, 2, index, false, false)!,
      request,
      response,
      error,
      websocket,
    };
  }
}

function malformed(field: number, index: number): never {
  throw new CaptureFormatError(
    `Summary row ${index} has a malformed "${SUMMARY_ROW_FIELDS[field]}".`,
  );
}

function str(row: unknown[], at: Int32Array, field: number, index: number): string {
  const value = row[at[field]!];
  return typeof value === 'string' ? value : malformed(field, index);
}

function num(
  row: unknown[],
  at: Int32Array,
  field: number,
  index: number,
  nullable: boolean,
  integer: boolean,
): number | null {
  const value = row[at[field]!];
  if (value === null && nullable) return null;
  if (integer ? isInt(value) : isNumber(value)) return value as number;
  return malformed(field, index);
}

function headers(row: unknown[], at: Int32Array, field: number, index: number) {
  return pairs(row[at[field]!]) ?? malformed(field, index);
}

/** The body stub of the size at `field` and the `truncated` after it. */
function body(row: unknown[], at: Int32Array, field: number, index: number) {
  const made = stub(row[at[field]!], row[at[field + 1]!]);
  return made === undefined ? malformed(field, index) : made;
}
