import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlowSchema } from '../../api/schemas';
import { bodyToBytes } from './body';
import { flowsToHar, harToFlows, HarFormatError } from './har';
import { parseMitmFile } from './mitm';

const fixture = new Uint8Array(
  readFileSync(join(__dirname, '../../../e2e/fixtures/mitmproxy-8.1.1.mitm')),
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
  const har = flowsToHar(flows, { name: 'test', version: '9' }) as {
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
    expect(back.warnings).toEqual([]);
    expect(back.flows).toEqual(flows);
    for (const flow of back.flows) FlowSchema.parse(flow);
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
