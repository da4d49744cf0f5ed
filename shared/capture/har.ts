/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) ⇄ ctfy `Flow`.
 *
 * Export writes bodies as HAR 1.2 says: HTTP-decoded (the `Content-Encoding`
 * undone by the decoder the caller passes in), as text when the decoded
 * bytes are text and base64 (`encoding: "base64"`) only when they are
 * binary; `content.size` is the decoded length, `compression` the bytes the
 * coding saved, `bodySize` the bytes on the wire; headers stay as captured.
 * A body that cannot be decoded (a truncated gzip) is written as captured,
 * with a `comment` and `_ctfy.*_body.encoded`, so it re-opens with its coding.
 * On import, decoded bodies (ours, Chrome's, Firefox's) lose their
 * `Content-Encoding` header (with a warning) so the viewer does not decode
 * twice; files from before this rule (`_ctfy.rawBody`) keep their bytes raw.
 * WebSocket messages use Chrome's `_webSocketMessages`.
 */
import { z } from '../zod';
import type { Body, Flow, FlowRequest, FlowResponse, WebSocketMessage } from '../schemas';
import { formatNumber, plural } from '../format';
import { bodyFromBytes, bodyToBytes } from './body';
import { base64Decode, base64Encode, utf8Encode } from './bytes';
import { DEFAULT_PORTS, flowUrl } from './flowUrl';

export { flowUrl };

export interface HarCreator {
  name: string;
  version: string;
}

/**
 * Undoes a `Content-Encoding` list (the traffic viewer's gzip/deflate/br
 * decoder); `error` says why it could not, and `decoded` is then unused.
 */
export type ContentDecoder = (
  raw: Uint8Array,
  contentEncoding: string,
) => { decoded: Uint8Array; error: string | undefined };

export interface HarExportOptions {
  decodeContent: ContentDecoder;
  creator?: HarCreator;
}

const DEFAULT_CREATOR: HarCreator = { name: 'ctfy dashboard', version: '1' };

// ------------------------------------------------------------------ helpers

function headerValue(headers: [string, string][], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([key]) => key.toLowerCase() === lower)?.[1];
}

function safeDecodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function parseQuery(path: string): { name: string; value: string }[] {
  const queryStart = path.indexOf('?');
  if (queryStart < 0) return [];
  const hashStart = path.indexOf('#', queryStart);
  const query = path.slice(queryStart + 1, hashStart < 0 ? undefined : hashStart);
  if (!query) return [];
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq < 0
      ? { name: safeDecodeComponent(pair), value: '' }
      : {
          name: safeDecodeComponent(pair.slice(0, eq)),
          value: safeDecodeComponent(pair.slice(eq + 1)),
        };
  });
}

function parseCookieHeader(headers: [string, string][]): { name: string; value: string }[] {
  const cookies: { name: string; value: string }[] = [];
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'cookie') continue;
    for (const part of value.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      cookies.push({ name: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() });
    }
  }
  return cookies;
}

function parseSetCookies(headers: [string, string][]): Record<string, unknown>[] {
  const cookies: Record<string, unknown>[] = [];
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'set-cookie') continue;
    const [first = '', ...attributes] = value.split(';');
    const eq = first.indexOf('=');
    if (eq < 0) continue;
    const cookie: Record<string, unknown> = {
      name: first.slice(0, eq).trim(),
      value: first.slice(eq + 1).trim(),
    };
    for (const attribute of attributes) {
      const [key = '', ...rest] = attribute.split('=');
      const attrValue = rest.join('=').trim();
      switch (key.trim().toLowerCase()) {
        case 'path':
          cookie.path = attrValue;
          break;
        case 'domain':
          cookie.domain = attrValue;
          break;
        case 'expires':
          cookie.expires = attrValue;
          break;
        case 'httponly':
          cookie.httpOnly = true;
          break;
        case 'secure':
          cookie.secure = true;
          break;
      }
    }
    cookies.push(cookie);
  }
  return cookies;
}

function harHeaders(headers: [string, string][]): { name: string; value: string }[] {
  return headers.map(([name, value]) => ({ name, value }));
}

function isoTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}

function millis(from: number | null | undefined, to: number | null | undefined): number {
  if (from == null || to == null) return -1;
  return Math.max(0, (to - from) * 1000);
}

function contentText(body: Body): { text: string; encoding?: 'base64' } {
  return body.encoding === 'base64' ? { text: body.data, encoding: 'base64' } : { text: body.data };
}

function hasContentCoding(contentEncoding: string | undefined): contentEncoding is string {
  return (contentEncoding ?? '')
    .split(',')
    .some((coding) => coding.trim() !== '' && coding.trim().toLowerCase() !== 'identity');
}

/** A body as HAR 1.2 stores it: decoded, text unless binary. */
interface HarBody {
  text: string;
  encoding?: 'base64';
  /** decoded length in bytes */
  size: number;
  /** bytes saved by the content coding (decoded minus wire), when known */
  compression?: number;
  comment?: string;
  /** the text is still content-encoded: decoding failed */
  encoded: boolean;
}

function harBody(body: Body, headers: [string, string][], decode: ContentDecoder): HarBody {
  const coding = headerValue(headers, 'content-encoding');
  const raw = bodyToBytes(body);
  if (!hasContentCoding(coding) || raw.length === 0)
    return { ...contentText(body), size: body.size, encoded: false };
  const { decoded, error } = decode(raw, coding);
  if (error !== undefined) {
    return {
      ...contentText(body),
      size: body.size,
      comment: `${error}: the text is the body as captured, still ${coding}.`,
      encoded: true,
    };
  }
  return {
    ...contentText(bodyFromBytes(decoded)),
    size: decoded.length,
    // a truncated body's wire size counts bytes that were never decoded
    ...(body.truncated ? {} : { compression: decoded.length - body.size }),
    encoded: false,
  };
}

// ------------------------------------------------------------------ export

function exportEntry(flow: Flow, decode: ContentDecoder): Record<string, unknown> {
  const { request, response, error } = flow;
  const requestBody =
    request.content && request.content.size > 0
      ? harBody(request.content, request.headers, decode)
      : null;
  const responseBody = response?.content
    ? harBody(response.content, response.headers, decode)
    : null;
  const requestEnd = request.timestamp_end ?? request.timestamp_start;
  const send = millis(request.timestamp_start, requestEnd);
  const wait = response ? millis(requestEnd, response.timestamp_start ?? requestEnd) : 0;
  const receive = response
    ? millis(response.timestamp_start ?? requestEnd, response.timestamp_end)
    : 0;
  const end =
    response?.timestamp_end ?? response?.timestamp_start ?? error?.timestamp ?? requestEnd;
  const requestMime = headerValue(request.headers, 'content-type') ?? '';
  const entry: Record<string, unknown> = {
    startedDateTime: isoTime(request.timestamp_start),
    time: millis(request.timestamp_start, end),
    request: {
      method: request.method,
      url: flowUrl(request),
      httpVersion: request.http_version,
      cookies: parseCookieHeader(request.headers),
      headers: harHeaders(request.headers),
      queryString: parseQuery(request.path),
      ...(requestBody
        ? {
            postData: {
              mimeType: requestMime,
              text: requestBody.text,
              // HAR 1.2 has no postData.encoding: a custom field says the text is base64
              ...(requestBody.encoding ? { _encoding: requestBody.encoding } : {}),
              ...(requestMime.toLowerCase().startsWith('application/x-www-form-urlencoded') &&
              !requestBody.encoding &&
              !requestBody.encoded
                ? { params: parseQuery(`?${requestBody.text}`) }
                : {}),
              ...(requestBody.comment ? { comment: requestBody.comment } : {}),
            },
          }
        : {}),
      headersSize: -1,
      bodySize: request.content ? request.content.size : 0,
    },
    response: response
      ? {
          status: response.status_code,
          statusText: response.reason,
          httpVersion: response.http_version,
          cookies: parseSetCookies(response.headers),
          headers: harHeaders(response.headers),
          content: {
            size: responseBody?.size ?? 0,
            ...(responseBody?.compression !== undefined
              ? { compression: responseBody.compression }
              : {}),
            mimeType: headerValue(response.headers, 'content-type') ?? '',
            ...(responseBody
              ? {
                  text: responseBody.text,
                  ...(responseBody.encoding ? { encoding: responseBody.encoding } : {}),
                  ...(responseBody.comment ? { comment: responseBody.comment } : {}),
                }
              : {}),
          },
          redirectURL: headerValue(response.headers, 'location') ?? '',
          headersSize: -1,
          bodySize: response.content ? response.content.size : -1,
        }
      : {
          // Chrome's shape for a request that got no response
          status: 0,
          statusText: '',
          httpVersion: '',
          cookies: [],
          headers: [],
          content: { size: 0, mimeType: '' },
          redirectURL: '',
          headersSize: -1,
          bodySize: -1,
          _error: error?.msg ?? 'no response',
        },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send, wait, receive },
    _ctfy: {
      id: flow.id,
      type: flow.type,
      timestamp_created: flow.timestamp_created,
      request_timestamps: [request.timestamp_start, request.timestamp_end ?? null],
      response_timestamps: response
        ? [response.timestamp_start ?? null, response.timestamp_end ?? null]
        : null,
      request_body: request.content
        ? {
            present: true,
            truncated: request.content.truncated ?? false,
            encoded: requestBody?.encoded ?? false,
          }
        : null,
      response_body: response?.content
        ? {
            present: true,
            truncated: response.content.truncated ?? false,
            encoded: responseBody?.encoded ?? false,
          }
        : null,
      client: flow.client_conn?.peername ?? null,
      error: error ? { msg: error.msg, timestamp: error.timestamp ?? null } : null,
    },
  };
  const server = flow.server_conn?.address;
  if (server) {
    entry.serverIPAddress = server[0];
    entry.connection = String(server[1]);
  }
  if (flow.websocket) {
    entry._resourceType = 'websocket';
    entry._webSocketMessages = flow.websocket.messages.map((message) => ({
      type: message.from_client ? 'send' : 'receive',
      time: message.timestamp,
      opcode: message.type === 'text' ? 1 : 2,
      ...(message.type !== 'text'
        ? { data: base64Encode(bodyToBytes(message.content)) }
        : message.content.encoding === 'base64'
          ? { data: message.content.data, _encoding: 'base64' }
          : { data: message.content.data }),
    }));
    entry._webSocketClose = {
      code: flow.websocket.close_code ?? null,
      reason: flow.websocket.close_reason ?? null,
    };
  }
  return entry;
}

/** Flows → a HAR 1.2 document (a plain object, ready for `JSON.stringify`). */
export function flowsToHar(flows: Flow[], options: HarExportOptions): unknown {
  const creator = options.creator ?? DEFAULT_CREATOR;
  return {
    log: {
      version: '1.2',
      creator: { name: creator.name, version: creator.version },
      pages: [],
      entries: flows.map((flow) => exportEntry(flow, options.decodeContent)),
    },
  };
}

/** Where the entries go in the document's text (two-space indentation). */
const ENTRIES_AT = '"entries": []';
/** an entry's indentation inside `log.entries` */
const ENTRY_INDENT = '      ';
/** What goes between two entries' texts (`HarTextWriter`). */
export const HAR_ENTRY_SEPARATOR = `,\n${ENTRY_INDENT}`;

/**
 * A HAR document's text an entry at a time: the same text as
 * `JSON.stringify(flowsToHar(flows, options), null, 2)`, without ever making
 * one string of it all (V8 caps a string at about 512 MB, which the HAR of
 * a capture of real size passes). Entries can be written in any order and
 * put in place by the caller: `head(n)`, then the `entry` texts joined by
 * `HAR_ENTRY_SEPARATOR`, then `tail(n)`, where n is the number of entries.
 */
export class HarTextWriter {
  private readonly empty: string;
  private readonly at: number;

  constructor(private readonly options: HarExportOptions) {
    this.empty = JSON.stringify(flowsToHar([], options), null, 2);
    this.at = this.empty.indexOf(ENTRIES_AT) + ENTRIES_AT.length - 1;
  }

  /** The text before the first entry of a document of `count` entries. */
  head(count: number): string {
    return this.empty.slice(0, this.at) + (count > 0 ? `\n${ENTRY_INDENT}` : '');
  }

  /** The text after the last entry of a document of `count` entries. */
  tail(count: number): string {
    return (count > 0 ? '\n    ' : '') + this.empty.slice(this.at);
  }

  /** One flow's entry, indented for its place in the document. */
  entry(flow: Flow): string {
    const text = JSON.stringify(exportEntry(flow, this.options.decodeContent), null, 2);
    return text.replaceAll('\n', `\n${ENTRY_INDENT}`);
  }
}

// ------------------------------------------------------------------ import

/** `schema`, or `undefined` when it is absent or malformed (an importer keeps what it can). */
const optional = <T extends z.ZodMiniType>(schema: T) => z.catch(z.optional(schema), undefined);
/** `schema`, `null`, or `undefined` when it is absent or malformed. */
const nullish = <T extends z.ZodMiniType>(schema: T) => z.catch(z.nullish(schema), undefined);

const NameValue = z.object({ name: z.coerce.string(), value: z.catch(z.coerce.string(), '') });
const Timestamp = z.catch(z.nullable(z.number()), null);

const BodyNote = nullish(
  z.object({
    present: z.boolean(),
    truncated: z.boolean(),
    encoded: optional(z.boolean()),
  }),
);

const HarEntrySchema = z.object({
  startedDateTime: z.string(),
  time: z.catch(z.number(), 0),
  request: z.object({
    method: z.string(),
    url: z.string(),
    httpVersion: z.catch(z.string(), ''),
    headers: z.catch(z.array(NameValue), []),
    postData: nullish(
      z.object({
        mimeType: z.catch(z.string(), ''),
        text: optional(z.string()),
        encoding: optional(z.string()),
        _encoding: optional(z.string()),
        params: optional(
          z.array(z.looseObject({ name: z.string(), value: z.optional(z.string()) })),
        ),
      }),
    ),
    bodySize: z.catch(z.number(), -1),
  }),
  response: nullish(
    z.object({
      status: z.catch(z.number().check(z.int()), 0),
      statusText: z.catch(z.string(), ''),
      httpVersion: z.catch(z.string(), ''),
      headers: z.catch(z.array(NameValue), []),
      content: z.catch(
        z.object({
          size: z.catch(z.number(), 0),
          text: optional(z.string()),
          encoding: optional(z.string()),
        }),
        { size: 0 },
      ),
      _error: nullish(z.string()),
      _fetchError: nullish(z.string()),
    }),
  ),
  timings: z.catch(
    z.partial(
      z.object({
        send: z.catch(z.number(), -1),
        wait: z.catch(z.number(), -1),
        receive: z.catch(z.number(), -1),
      }),
    ),
    {},
  ),
  serverIPAddress: optional(z.string()),
  connection: optional(z.string()),
  _webSocketMessages: optional(
    z.array(
      z.object({
        type: z.string(),
        time: z.number(),
        opcode: z.number(),
        data: z.catch(z.string(), ''),
        _encoding: optional(z.string()),
      }),
    ),
  ),
  _webSocketClose: optional(
    z.object({
      code: z.catch(z.nullable(z.number()), null),
      reason: z.catch(z.nullable(z.string()), null),
    }),
  ),
  _ctfy: optional(
    z.object({
      id: optional(z.string()),
      type: optional(z.string()),
      timestamp_created: z.optional(Timestamp),
      request_timestamps: optional(z.tuple([Timestamp, Timestamp])),
      response_timestamps: nullish(z.tuple([Timestamp, Timestamp])),
      request_body: BodyNote,
      response_body: BodyNote,
      rawBody: optional(z.boolean()),
      client: nullish(z.tuple([z.string(), z.number()])),
      error: nullish(z.object({ msg: z.string(), timestamp: Timestamp })),
    }),
  ),
});
type HarEntry = z.infer<typeof HarEntrySchema>;

const HarDocumentSchema = z.object({
  log: z.object({
    version: z.optional(z.string()),
    entries: z.array(z.unknown()),
  }),
});

export class HarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HarFormatError';
  }
}

function parseUrl(
  url: string,
): { scheme: string; host: string; port: number; path: string } | null {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)(.*)$/s.exec(url);
  if (!match) return null;
  const scheme = match[1]!.toLowerCase();
  let authority = match[2]!;
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  let host = authority;
  let port: number | undefined;
  const ipv6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(authority);
  if (ipv6) {
    host = ipv6[1]!;
    if (ipv6[2]) port = Number(ipv6[2]);
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon >= 0 && /^\d+$/.test(authority.slice(colon + 1))) {
      host = authority.slice(0, colon);
      port = Number(authority.slice(colon + 1));
    }
  }
  const path = match[3] || '/';
  return { scheme, host, port: port ?? DEFAULT_PORTS[scheme] ?? 0, path };
}

function normaliseHttpVersion(version: string): string {
  const lower = version.trim().toLowerCase();
  if (lower === 'h2' || lower === 'http/2' || lower === 'http/2.0') return 'HTTP/2.0';
  if (lower === 'h3' || lower.startsWith('http/3')) return 'HTTP/3';
  if (lower === '') return 'HTTP/1.1';
  return lower.startsWith('http/') ? version.toUpperCase() : version;
}

function importBody(
  text: string | undefined,
  base64: boolean,
  truncated: boolean,
  declaredSize?: number,
): Body | null {
  if (text === undefined) return null;
  const bytes = base64 ? base64Decode(text) : utf8Encode(text);
  const body = bodyFromBytes(bytes);
  if (truncated) {
    body.truncated = true;
    if (declaredSize !== undefined && declaredSize > body.size) body.size = declaredSize;
  }
  return body;
}

const DECODED_NOTE =
  'bodies in this HAR were saved decoded, so their Content-Encoding header was removed to show them as saved';

/**
 * A body saved decoded (HAR 1.2) loses its `Content-Encoding` header, so the
 * viewer does not try to decode it again; `keepCoding` when the text is the
 * bytes as captured (our `_ctfy` notes say so).
 */
function headersForBody(
  headers: [string, string][],
  hasText: boolean,
  keepCoding: boolean,
  notes: Set<string>,
): [string, string][] {
  if (!hasText || keepCoding) return headers;
  const coded = headers.some(
    ([name, value]) => name.toLowerCase() === 'content-encoding' && hasContentCoding(value),
  );
  if (!coded) return headers;
  notes.add(DECODED_NOTE);
  return headers.filter(([name]) => name.toLowerCase() !== 'content-encoding');
}

function entryToFlow(entry: HarEntry, index: number, notes: Set<string>): Flow {
  const ctfy = entry._ctfy;
  const url = parseUrl(entry.request.url);
  if (!url)
    throw new HarFormatError(
      `entry ${index + 1}: URL "${entry.request.url.slice(0, 80)}" is not absolute`,
    );
  const startedMs = Date.parse(entry.startedDateTime);
  if (Number.isNaN(startedMs))
    throw new HarFormatError(`entry ${index + 1}: startedDateTime is not a date`);
  const timings = entry.timings;
  const seconds = (ms: number | undefined) => (ms !== undefined && ms >= 0 ? ms / 1000 : 0);
  const requestStart = ctfy?.request_timestamps?.[0] ?? startedMs / 1000;
  const requestEnd = ctfy?.request_timestamps
    ? ctfy.request_timestamps[1]
    : requestStart + seconds(timings.send);

  const rawBody = ctfy?.rawBody === true;
  const postData = entry.request.postData;
  const requestBody = postData
    ? importBody(
        postData.text,
        postData.encoding === 'base64' || postData._encoding === 'base64',
        ctfy?.request_body?.truncated ?? false,
        entry.request.bodySize,
      )
    : ctfy?.request_body?.present
      ? bodyFromBytes(new Uint8Array(0))
      : null;

  const request: FlowRequest = {
    method: entry.request.method,
    scheme: url.scheme,
    host: url.host,
    port: url.port,
    path: url.path,
    http_version: normaliseHttpVersion(entry.request.httpVersion),
    headers: headersForBody(
      entry.request.headers.map(({ name, value }) => [name, value]),
      postData?.text !== undefined,
      rawBody || ctfy?.request_body?.encoded === true,
      notes,
    ),
    content: requestBody,
    timestamp_start: requestStart,
    timestamp_end: requestEnd,
  };

  const harResponse = entry.response;
  const failed = !harResponse || harResponse.status === 0;
  let response: FlowResponse | null = null;
  if (harResponse && !failed) {
    const content = harResponse.content;
    const headers = headersForBody(
      harResponse.headers.map(({ name, value }) => [name, value]),
      content.text !== undefined,
      rawBody || ctfy?.response_body?.encoded === true,
      notes,
    );
    const responseStart =
      ctfy?.response_timestamps?.[0] ?? (requestEnd ?? requestStart) + seconds(timings.wait);
    const responseEnd = ctfy?.response_timestamps
      ? ctfy.response_timestamps[1]
      : responseStart + seconds(timings.receive);
    response = {
      status_code: harResponse.status,
      reason: harResponse.statusText,
      http_version: normaliseHttpVersion(harResponse.httpVersion),
      headers,
      content:
        content.text !== undefined
          ? importBody(
              content.text,
              content.encoding === 'base64',
              ctfy?.response_body?.truncated ?? false,
              content.size,
            )
          : ctfy?.response_body?.present || !ctfy
            ? bodyFromBytes(new Uint8Array(0))
            : null,
      timestamp_start: responseStart,
      timestamp_end: responseEnd,
    };
  }

  let error: Flow['error'] = null;
  if (ctfy?.error) error = { msg: ctfy.error.msg, timestamp: ctfy.error.timestamp };
  else if (failed) {
    error = {
      msg: harResponse?._error || harResponse?._fetchError || 'no response',
      timestamp: requestStart + Math.max(0, entry.time) / 1000,
    };
  }

  let websocket: Flow['websocket'] = null;
  if (entry._webSocketMessages) {
    const messages: WebSocketMessage[] = [];
    for (const message of entry._webSocketMessages) {
      if (message.opcode !== 1 && message.opcode !== 2) continue; // ping, pong, close frames
      const binary = message.opcode === 2;
      messages.push({
        from_client: message.type === 'send',
        type: binary ? 'binary' : 'text',
        // Chrome: binary frames are base64; ours also mark odd text frames
        content:
          binary || message._encoding === 'base64'
            ? safeBinary(message.data)
            : bodyFromBytes(utf8Encode(message.data)),
        timestamp: message.time,
      });
    }
    websocket = {
      messages,
      close_code: entry._webSocketClose?.code ?? null,
      close_reason: entry._webSocketClose?.reason ?? null,
    };
  }

  const serverPort =
    entry.connection && /^\d+$/.test(entry.connection) ? Number(entry.connection) : url.port;
  return {
    id: ctfy?.id ?? `har-${index + 1}`,
    type: ctfy?.type ?? (websocket ? 'websocket' : 'http'),
    timestamp_created: ctfy?.timestamp_created ?? requestStart,
    client_conn: ctfy?.client ? { peername: ctfy.client } : null,
    server_conn: entry.serverIPAddress
      ? { address: [entry.serverIPAddress.replace(/^\[|\]$/g, ''), serverPort] }
      : null,
    request,
    response,
    error,
    websocket,
  };
}

/** Chrome writes binary frames as base64; a frame that is not valid base64 is kept as text. */
function safeBinary(data: string): Body {
  try {
    return bodyFromBytes(base64Decode(data));
  } catch {
    return bodyFromBytes(utf8Encode(data));
  }
}

/**
 * A HAR document (parsed JSON) → flows. Throws `HarFormatError` when the
 * document is not a HAR at all; entries that cannot be read are skipped
 * with a warning.
 */
export function harToFlows(har: unknown): { flows: Flow[]; warnings: string[] } {
  const document = HarDocumentSchema.safeParse(har);
  if (!document.success)
    throw new HarFormatError('not a HAR file: expected {"log": {"entries": [...]}}');
  const flows: Flow[] = [];
  const notes = new Set<string>();
  const skipped: string[] = [];
  document.data.log.entries.forEach((raw, index) => {
    const entry = HarEntrySchema.safeParse(raw);
    if (!entry.success) {
      const issue = entry.error.issues[0];
      skipped.push(
        `entry ${index + 1}: ${issue ? `${issue.path.join('.') || 'entry'}: ${issue.message}` : 'invalid'}`,
      );
      return;
    }
    try {
      flows.push(entryToFlow(entry.data, index, notes));
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      skipped.push(error.message);
    }
  });
  const warnings = [...notes];
  if (skipped.length > 0) {
    warnings.push(
      `${formatNumber(skipped.length)} HAR ${plural(skipped.length, 'entry was', 'entries were')} skipped: ${skipped.slice(0, 3).join('; ')}${skipped.length > 3 ? '; …' : ''}`,
    );
  }
  return { flows, warnings };
}
