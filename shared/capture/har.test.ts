import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FlowSchema, type Flow } from '../schemas';
import { bodyFromBytes, bodyToBytes } from './body';
import {
  flowsToHar,
  HAR_ENTRY_SEPARATOR,
  harToFlows,
  HarFormatError,
  HarTextWriter,
  type ContentDecoder,
} from './har';
import { parseMitmFile } from './mitm';

/** Content decoding by node:zlib: an implementation independent of the viewer's. */
const zlibDecode: ContentDecoder = (raw, contentEncoding) => {
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  try {
    let bytes = Buffer.from(raw);
    for (const coding of codings.reverse()) {
      if (coding === 'gzip' || coding === 'x-gzip') bytes = gunzipSync(bytes);
      else if (coding === 'br') bytes = brotliDecompressSync(bytes);
      else if (coding === 'deflate') {
        try {
          bytes = inflateSync(bytes);
        } catch {
          bytes = inflateRawSync(bytes);
        }
      } else throw new Error(`unsupported content coding "${coding}"`);
    }
    return { decoded: new Uint8Array(bytes), error: undefined };
  } catch (e) {
    return { decoded: raw, error: `Could not decode ${contentEncoding}: ${(e as Error).message}` };
  }
};

/** What HAR 1.2 keeps of a flow: content-encoded bodies decoded, their coding header gone. */
function decodedFlow(flow: Flow): Flow {
  const side = <T extends { headers: [string, string][]; content: Flow['request']['content'] }>(
    message: T,
  ): T => {
    const coding = message.headers.find(([n]) => n.toLowerCase() === 'content-encoding')?.[1];
    if (!coding || coding.trim().toLowerCase() === 'identity' || !message.content) return message;
    const { decoded, error } = zlibDecode(bodyToBytes(message.content), coding);
    if (error) return message;
    return {
      ...message,
      headers: message.headers.filter(([n]) => n.toLowerCase() !== 'content-encoding'),
      content: bodyFromBytes(decoded),
    };
  };
  return {
    ...flow,
    request: side(flow.request),
    response: flow.response ? side(flow.response) : null,
  };
}

const fixture = new Uint8Array(
  readFileSync(join(__dirname, '../../e2e/fixtures/mitmproxy-8.1.1.mitm')),
);
const { flows } = parseMitmFile(fixture);

type HarEntryShape = {
  startedDateTime: string;
  time: number;
  request: Record<string, unknown> & {
    url: string;
    queryString: unknown[];
    postData?: Record<string, unknown>;
  };
  response: Record<string, unknown> & { status: number; content: Record<string, unknown> };
  timings: Record<string, number>;
  _webSocketMessages?: Record<string, unknown>[];
};

describe('flowsToHar', () => {
  const har = flowsToHar(flows, {
    creator: { name: 'test', version: '9' },
    decodeContent: zlibDecode,
  }) as {
    log: { version: string; creator: unknown; entries: HarEntryShape[] };
  };

  it('writes a HAR 1.2 log with one entry per flow', () => {
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'test', version: '9' });
    expect(har.log.entries).toHaveLength(flows.length);
  });

  it('writes URL, query, timings and base64 bodies', () => {
    const entry = har.log.entries.find((e) => e.request.url.includes('/api/items'))!;
    expect(entry.request.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/items\?page=1&q=flag$/);
    expect(entry.request.queryString).toEqual([
      { name: 'page', value: '1' },
      { name: 'q', value: 'flag' },
    ]);
    expect(new Date(entry.startedDateTime).getTime()).toBeCloseTo(
      flows[0]!.request.timestamp_start * 1000,
      -1,
    );
    for (const key of ['send', 'wait', 'receive'])
      expect(entry.timings[key]).toBeGreaterThanOrEqual(0);
    expect(entry.time).toBeGreaterThan(0);

    const binary = har.log.entries.find((e) => e.request.url.endsWith('/binary'))!;
    expect(binary.response.content).toMatchObject({
      size: 256,
      encoding: 'base64',
      mimeType: 'application/octet-stream',
    });

    const login = har.log.entries.find((e) => e.request.url.endsWith('/login'))!;
    expect(login.request.postData).toMatchObject({
      mimeType: 'application/x-www-form-urlencoded',
      params: [
        { name: 'user', value: 'alice' },
        { name: 'password', value: 's3cr\u00e9t' },
        { name: 'note', value: 'a b&c' },
      ],
    });
  });

  it('writes a failed flow as Chrome does (status 0 and _error) and WebSocket messages', () => {
    const failed = har.log.entries.find((e) => e.request.url.endsWith('/upstream-down'))!;
    expect(failed.response).toMatchObject({
      status: 0,
      _error: expect.stringMatching(/Connect call failed/),
    });
    const ws = har.log.entries.find((e) => e._webSocketMessages)!;
    expect(ws._webSocketMessages).toHaveLength(5);
    expect(ws._webSocketMessages![1]).toMatchObject({
      type: 'send',
      opcode: 1,
      data: 'hello from client',
    });
    expect(ws._webSocketMessages![2]).toMatchObject({ type: 'send', opcode: 2, data: 'AAEC/w==' });
  });

  it('survives JSON and comes back as the same flows (a full round trip)', () => {
    const back = harToFlows(JSON.parse(JSON.stringify(har)));
    // the fixture has gzip, deflate and br responses: they come back decoded
    expect(back.warnings).toEqual([expect.stringMatching(/saved decoded/)]);
    expect(back.flows).toEqual(flows.map(decodedFlow));
    expect(flows.map(decodedFlow)).not.toEqual(flows);
    for (const flow of back.flows) FlowSchema.parse(flow);
  });
});

describe('HarTextWriter', () => {
  const options = { creator: { name: 'test', version: '9' }, decodeContent: zlibDecode };
  const written = (some: Flow[]) => {
    const writer = new HarTextWriter(options);
    return (
      writer.head(some.length) +
      some.map((flow) => writer.entry(flow)).join(HAR_ENTRY_SEPARATOR) +
      writer.tail(some.length)
    );
  };

  it.each([0, 1, 2, flows.length])(
    'writes %i entries as the very text of JSON.stringify(flowsToHar(…), null, 2)',
    (count) => {
      const some = flows.slice(0, count);
      expect(some).toHaveLength(count);
      expect(written(some)).toBe(JSON.stringify(flowsToHar(some, options), null, 2));
    },
  );

  it('writes bodies with newlines, quotes and non-ASCII text escaped as JSON does', () => {
    const [first] = flows;
    const flow: Flow = {
      ...first!,
      request: { ...first!.request, path: '/é?q="\n"' },
      response: first!.response && {
        ...first!.response,
        headers: [['Content-Type', 'text/plain; charset=utf-8']],
        content: bodyFromBytes(new TextEncoder().encode('line 1\nline 2\r\n\t"ü" </script>')),
      },
    };
    const text = written([flow, flow]);
    expect(text).toBe(JSON.stringify(flowsToHar([flow, flow], options), null, 2));
    expect(JSON.parse(text)).toEqual(flowsToHar([flow, flow], options));
  });
});

describe('harToFlows on HARs from browsers', () => {
  const chromeHar = {
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      entries: [
        {
          startedDateTime: '2026-03-01T10:00:00.000Z',
          time: 52.5,
          request: {
            method: 'GET',
            url: 'https://chal.example:8443/api/data?x=1#frag',
            httpVersion: 'h2',
            headers: [
              { name: ':authority', value: 'chal.example:8443' },
              { name: 'accept', value: 'a' },
              { name: 'accept', value: 'b' },
            ],
            queryString: [{ name: 'x', value: '1' }],
            cookies: [],
            headersSize: -1,
            bodySize: 0,
          },
          response: {
            status: 200,
            statusText: '',
            httpVersion: 'h2',
            headers: [
              { name: 'content-type', value: 'application/json' },
              { name: 'content-encoding', value: 'br' },
            ],
            cookies: [],
            content: { size: 11, mimeType: 'application/json', text: '{"ok":true}' },
            redirectURL: '',
            headersSize: -1,
            bodySize: 20,
          },
          cache: {},
          timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0.5, wait: 40, receive: 12 },
          serverIPAddress: '[2001:db8::1]',
          connection: '8443',
        },
        {
          startedDateTime: '2026-03-01T10:00:01.000Z',
          time: 3,
          request: {
            method: 'GET',
            url: 'http://down.example/',
            httpVersion: 'HTTP/1.1',
            headers: [],
            queryString: [],
          },
          response: {
            status: 0,
            statusText: '',
            httpVersion: '',
            headers: [],
            content: { size: 0 },
            _error: 'net::ERR_CONNECTION_REFUSED',
          },
          timings: { send: 0, wait: 0, receive: 0 },
        },
        {
          startedDateTime: '2026-03-01T10:00:02.000Z',
          time: 1,
          request: {
            method: 'GET',
            url: 'wss://chal.example/ws',
            httpVersion: 'HTTP/1.1',
            headers: [],
            queryString: [],
          },
          response: {
            status: 101,
            statusText: 'Switching Protocols',
            httpVersion: 'HTTP/1.1',
            headers: [],
            content: { size: 0 },
          },
          timings: {},
          _webSocketMessages: [
            { type: 'send', time: 1772359202.1, opcode: 1, data: 'hi' },
            { type: 'receive', time: 1772359202.2, opcode: 2, data: 'AP8=' },
            { type: 'receive', time: 1772359202.3, opcode: 9, data: '' },
          ],
        },
        { startedDateTime: 'yesterday', request: { method: 'GET', url: 'http://x/' } },
        'not an entry',
      ],
    },
  };

  const { flows: imported, warnings } = harToFlows(chromeHar);

  it('maps request, response, timings and addresses', () => {
    expect(imported).toHaveLength(3);
    const [first] = imported;
    expect(first!.request).toMatchObject({
      method: 'GET',
      scheme: 'https',
      host: 'chal.example',
      port: 8443,
      path: '/api/data?x=1#frag',
      http_version: 'HTTP/2.0',
    });
    expect(first!.request.headers).toEqual([
      [':authority', 'chal.example:8443'],
      ['accept', 'a'],
      ['accept', 'b'],
    ]);
    expect(first!.request.timestamp_start).toBe(Date.parse('2026-03-01T10:00:00.000Z') / 1000);
    expect(first!.response!.timestamp_start! - first!.request.timestamp_start).toBeCloseTo(
      0.0405,
      6,
    );
    expect(first!.response!.timestamp_end! - first!.response!.timestamp_start!).toBeCloseTo(
      0.012,
      6,
    );
    expect(first!.server_conn?.address).toEqual(['2001:db8::1', 8443]);
    for (const flow of imported) FlowSchema.parse(flow);
  });

  it('treats browser bodies as decoded: drops Content-Encoding and says so', () => {
    const response = imported[0]!.response!;
    expect(response.headers).toEqual([['content-type', 'application/json']]);
    expect(new TextDecoder().decode(bodyToBytes(response.content!))).toBe('{"ok":true}');
    expect(warnings).toContainEqual(expect.stringMatching(/Content-Encoding header was removed/));
  });

  it('maps a status-0 entry to an error flow', () => {
    expect(imported[1]!.response).toBeNull();
    expect(imported[1]!.error?.msg).toBe('net::ERR_CONNECTION_REFUSED');
  });

  it('maps _webSocketMessages, skipping control frames', () => {
    const ws = imported[2]!;
    expect(ws.type).toBe('websocket');
    expect(ws.websocket!.messages.map((m) => [m.from_client, m.type])).toEqual([
      [true, 'text'],
      [false, 'binary'],
    ]);
    expect(Array.from(bodyToBytes(ws.websocket!.messages[1]!.content))).toEqual([0, 255]);
  });

  it('skips unreadable entries with one warning that names them', () => {
    expect(warnings).toContainEqual(
      expect.stringMatching(/^2 HAR entries were skipped: entry 4: .*; entry 5/),
    );
  });

  it('rejects a document that is not a HAR', () => {
    expect(() => harToFlows({ hello: 'world' })).toThrow(HarFormatError);
    expect(() => harToFlows(null)).toThrow(/not a HAR file/);
  });
});

describe('HAR 1.2 bodies are stored decoded (issue 13 item 12)', () => {
  const json = JSON.stringify({ compressed: true, note: 'ünï ✓', pad: 'x'.repeat(400) });
  const jsonBytes = new TextEncoder().encode(json);
  const gz = new Uint8Array(gzipSync(jsonBytes));
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  const gzipFlow = (body: Uint8Array, over: Partial<Flow['request']> = {}): Flow => ({
    id: 'f1',
    type: 'http',
    timestamp_created: 1_700_000_000,
    request: {
      method: 'GET',
      scheme: 'http',
      host: 'target.test',
      port: 80,
      path: '/gzip',
      http_version: 'HTTP/1.1',
      headers: [['Accept-Encoding', 'gzip']],
      content: null,
      timestamp_start: 1_700_000_000,
      timestamp_end: 1_700_000_000.001,
      ...over,
    },
    response: {
      status_code: 200,
      reason: 'OK',
      http_version: 'HTTP/1.1',
      headers: [
        ['Content-Type', 'application/json'],
        ['Content-Encoding', 'gzip'],
      ],
      content: { encoding: 'base64', data: b64(body), size: body.length },
      timestamp_start: 1_700_000_000.01,
      timestamp_end: 1_700_000_000.02,
    },
    error: null,
    websocket: null,
  });
  type Entry = {
    request: { bodySize: number; postData?: Record<string, unknown> };
    response: {
      bodySize: number;
      headers: { name: string; value: string }[];
      content: Record<string, unknown>;
    };
    _ctfy: { response_body: { encoded: boolean } };
  };
  const exportOne = (flow: Flow) =>
    JSON.parse(JSON.stringify(flowsToHar([flow], { decodeContent: zlibDecode }))) as {
      log: { entries: Entry[] };
    };

  it('a gzip JSON response: decoded text, no encoding, size decoded, compression = bytes saved', () => {
    const har = exportOne(gzipFlow(gz));
    const { response } = har.log.entries[0]!;
    expect(response.content).toEqual({
      size: jsonBytes.length,
      compression: jsonBytes.length - gz.length,
      mimeType: 'application/json',
      text: json,
    });
    expect(response.content.compression).toBeGreaterThan(0);
    // bodySize counts the bytes on the wire; headers stay as captured
    expect(response.bodySize).toBe(gz.length);
    expect(response.headers).toContainEqual({ name: 'Content-Encoding', value: 'gzip' });
  });

  it('opens back as the decoded body, without the coding header', () => {
    const { flows: back, warnings } = harToFlows(exportOne(gzipFlow(gz)));
    const response = back[0]!.response!;
    expect(response.content).toEqual({ encoding: 'utf-8', data: json, size: jsonBytes.length });
    expect(response.headers).toEqual([['Content-Type', 'application/json']]);
    expect(warnings).toEqual([expect.stringMatching(/saved decoded/)]);
  });

  it('base64 only for binary: a gzip body that decodes to bytes with NUL', () => {
    const binary = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const har = exportOne(gzipFlow(new Uint8Array(gzipSync(binary))));
    const content = har.log.entries[0]!.response.content;
    expect(content).toMatchObject({ size: binary.length, encoding: 'base64', text: b64(binary) });
    const back = harToFlows(har).flows[0]!.response!;
    expect(Array.from(bodyToBytes(back.content!))).toEqual(Array.from(binary));
  });

  it('a body that cannot be decoded is kept as captured, says so, and re-opens with its coding', () => {
    const broken = gz.subarray(0, 20);
    const har = exportOne(gzipFlow(broken));
    const entry = har.log.entries[0]!;
    expect(entry.response.content).toMatchObject({
      size: broken.length,
      encoding: 'base64',
      text: b64(broken),
      comment: expect.stringMatching(/Could not decode gzip.*still gzip/),
    });
    expect(entry.response.content).not.toHaveProperty('compression');
    expect(entry._ctfy.response_body.encoded).toBe(true);
    const { flows: back, warnings } = harToFlows(har);
    expect(back[0]!.response!.headers).toContainEqual(['Content-Encoding', 'gzip']);
    expect(Array.from(bodyToBytes(back[0]!.response!.content!))).toEqual(Array.from(broken));
    expect(warnings).toEqual([]);
  });

  it('a request body: decoded postData, base64 only in the custom _encoding field', () => {
    const form = 'user=alice&note=a+b';
    const withForm = gzipFlow(gz, {
      method: 'POST',
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['Content-Encoding', 'gzip'],
      ],
      content: bodyFromBytes(new Uint8Array(gzipSync(form))),
    });
    const postData = exportOne(withForm).log.entries[0]!.request.postData!;
    expect(postData).toMatchObject({
      mimeType: 'application/x-www-form-urlencoded',
      text: form,
      params: [
        { name: 'user', value: 'alice' },
        { name: 'note', value: 'a b' },
      ],
    });
    expect(postData).not.toHaveProperty('encoding');
    const binaryPost = gzipFlow(gz, {
      method: 'POST',
      headers: [['Content-Type', 'application/octet-stream']],
      content: bodyFromBytes(new Uint8Array([0, 1, 2])),
    });
    const binary = exportOne(binaryPost).log.entries[0]!.request.postData!;
    expect(binary).toEqual({
      mimeType: 'application/octet-stream',
      text: 'AAEC',
      _encoding: 'base64',
    });
    expect(
      Array.from(bodyToBytes(harToFlows(exportOne(binaryPost)).flows[0]!.request.content!)),
    ).toEqual([0, 1, 2]);
  });

  it('a plain response: size is its length and there is nothing to decode', () => {
    const flow = gzipFlow(jsonBytes);
    flow.response!.headers = [['Content-Type', 'application/json; charset=utf-8']];
    flow.response!.content = bodyFromBytes(jsonBytes);
    const content = exportOne(flow).log.entries[0]!.response.content;
    expect(content).toEqual({
      size: jsonBytes.length,
      mimeType: 'application/json; charset=utf-8',
      text: json,
    });
  });

  it('still opens HARs written before this rule (_ctfy.rawBody) with their raw bytes', () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- false positive: without it _ctfy has no rawBody (tsc TS2339)
    const old = exportOne(gzipFlow(gz)) as unknown as {
      log: { entries: (Entry & { _ctfy: Record<string, unknown> })[] };
    };
    const entry = old.log.entries[0]!;
    entry._ctfy.rawBody = true;
    entry.response.content = {
      size: gz.length,
      mimeType: 'application/json',
      text: b64(gz),
      encoding: 'base64',
    };
    const back = harToFlows(old).flows[0]!.response!;
    expect(back.headers).toContainEqual(['Content-Encoding', 'gzip']);
    expect(Array.from(bodyToBytes(back.content!))).toEqual(Array.from(gz));
  });
});
