import http from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { FlowSchema, type Flow } from '../../shared/schemas';
import { startRecorder, type Recorder } from './recorder';

const MAX = 1000;
const gzipped = gzipSync(Buffer.from(JSON.stringify({ hello: 'world', pad: 'x'.repeat(200) })));
const binary = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x81, 0xc3, 0x28]);

let upstream: http.Server;
let recorder: Recorder;
const flows: Flow[] = [];

function waitForFlows(n: number): Promise<Flow[]> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      if (flows.length >= n) return resolve(flows.splice(0, flows.length));
      if (Date.now() - t0 > 5000)
        return reject(new Error(`expected ${n} flows, got ${flows.length}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

/** A raw HTTP/1.1 request, so header order and duplicates are exactly ours. */
function rawRequest(port: number, head: string, body = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sock = connect(port, '127.0.0.1', () => sock.write(head + body));
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    sock.on('error', reject);
  });
}

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      switch (req.url) {
        case '/gzip':
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-encoding': 'gzip',
            'content-length': gzipped.length,
          });
          return res.end(gzipped);
        case '/binary':
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          return res.end(binary);
        case '/headers':
          res.setHeader('x-b', '2');
          res.setHeader('set-cookie', ['one=1', 'two=2']);
          res.setHeader('x-a', '1');
          res.writeHead(200, { 'content-type': 'text/plain' });
          return res.end('ok');
        case '/big':
          res.writeHead(200, { 'content-type': 'text/plain' });
          return res.end('é'.repeat(MAX)); // 2 bytes each: 2*MAX bytes
        case '/echo':
          res.writeHead(201, 'Made It', { 'content-type': 'application/x-www-form-urlencoded' });
          return res.end(Buffer.concat(chunks));
        case '/crash':
          return req.socket.destroy();
        default:
          res.writeHead(404, { 'content-type': 'text/html' });
          return res.end('<h1>not found</h1>');
      }
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  upstream.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data, isBinary) => {
        if (!isBinary && (data as Buffer).toString() === 'bye') return ws.close(4000, 'asked to');
        ws.send(data, { binary: isBinary });
      });
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const { port } = upstream.address() as AddressInfo;
  recorder = await startRecorder({
    target: { host: '127.0.0.1', port },
    listenPort: 0,
    maxBodyBytes: MAX,
    onFlow: (f) => flows.push(f),
  });
});

afterAll(async () => {
  await recorder.close();
  upstream.closeAllConnections();
  await new Promise((r) => upstream.close(r));
});

const url = (path: string) => `http://127.0.0.1:${recorder.port}${path}`;

describe('recording proxy', () => {
  it('keeps a gzip body encoded, with its content-encoding header', async () => {
    const res = await fetch(url('/gzip'));
    expect(await res.json()).toMatchObject({ hello: 'world' }); // the client still gets it
    const [flow] = await waitForFlows(1);
    expect(FlowSchema.parse(flow)).toBeTruthy();
    const r = flow!.response!;
    expect(r.status_code).toBe(200);
    expect(r.headers).toContainEqual(['content-encoding', 'gzip']);
    expect(r.content!.encoding).toBe('base64');
    expect(Buffer.from(r.content!.data, 'base64').equals(gzipped)).toBe(true);
    expect(r.content!.size).toBe(gzipped.length);
    expect(flow!.request).toMatchObject({
      method: 'GET',
      path: '/gzip',
      scheme: 'http',
      port: recorder.port,
    });
    expect(flow!.request.content).toBeNull();
    expect(flow!.error).toBeNull();
    expect(flow!.server_conn!.address![1]).toBe((upstream.address() as AddressInfo).port);
    expect(flow!.client_conn!.peername![0]).toBe('127.0.0.1');
    expect(flow!.timestamp_created).toBeGreaterThan(1.7e9);
    expect(flow!.timestamp_created).toBeLessThan(1e11); // seconds, not milliseconds
    expect(r.timestamp_end!).toBeGreaterThanOrEqual(flow!.request.timestamp_start);
  });

  it('records a non-UTF-8 body as base64', async () => {
    const res = await fetch(url('/binary'));
    expect(Buffer.from(await res.arrayBuffer()).equals(binary)).toBe(true);
    const [flow] = await waitForFlows(1);
    expect(flow!.response!.content).toEqual({
      encoding: 'base64',
      data: binary.toString('base64'),
      size: binary.length,
    });
  });

  it('records a 404 with its text body', async () => {
    const res = await fetch(url('/missing'));
    expect(res.status).toBe(404);
    const [flow] = await waitForFlows(1);
    expect(flow!.response!.status_code).toBe(404);
    expect(flow!.response!.reason).toBe('Not Found');
    expect(flow!.response!.content).toEqual({
      encoding: 'utf-8',
      data: '<h1>not found</h1>',
      size: 18,
    });
  });

  it('gives an upstream failure an error, no response, and a 502 to the client', async () => {
    const res = await fetch(url('/crash'));
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('Bad Gateway');
    const [flow] = await waitForFlows(1);
    expect(flow!.response).toBeNull();
    expect(flow!.error!.msg).toMatch(/upstream failed/);
    expect(flow!.error!.timestamp).toBeGreaterThan(1.7e9);
    expect(FlowSchema.safeParse(flow).success).toBe(true);
  });

  it('keeps header order and duplicates both ways', async () => {
    const reply = await rawRequest(
      recorder.port,
      'GET /headers HTTP/1.1\r\nHost: example.test\r\nX-Z: last-first\r\nCookie: a=1\r\nCookie: b=2\r\nX-A: 1\r\nConnection: close\r\n\r\n',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 200/);
    const [flow] = await waitForFlows(1);
    expect(flow!.request.headers).toEqual([
      ['Host', 'example.test'],
      ['X-Z', 'last-first'],
      ['Cookie', 'a=1'],
      ['Cookie', 'b=2'],
      ['X-A', '1'],
      ['Connection', 'close'],
    ]);
    expect(flow!.request.host).toBe('example.test');
    const names = flow!.response!.headers.map(([k]) => k.toLowerCase());
    expect(names.slice(0, 4)).toEqual(['x-b', 'set-cookie', 'set-cookie', 'x-a']);
    expect(flow!.response!.headers.filter(([k]) => k === 'set-cookie').map(([, v]) => v)).toEqual([
      'one=1',
      'two=2',
    ]);
  });

  it('records a request body and the reason phrase', async () => {
    const res = await fetch(url('/echo'), {
      method: 'POST',
      body: 'user=alice&pw=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(201);
    const [flow] = await waitForFlows(1);
    expect(flow!.request.method).toBe('POST');
    expect(flow!.request.content).toEqual({ encoding: 'utf-8', data: 'user=alice&pw=x', size: 15 });
    expect(flow!.response!.reason).toBe('Made It');
  });

  it('truncates a large body but keeps its true size', async () => {
    const res = await fetch(url('/big'));
    expect((await res.arrayBuffer()).byteLength).toBe(2 * MAX); // the client gets everything
    const [flow] = await waitForFlows(1);
    const body = flow!.response!.content!;
    expect(body.size).toBe(2 * MAX);
    expect(body.truncated).toBe(true);
    expect(body.encoding).toBe('utf-8');
    expect(Buffer.byteLength(body.data)).toBeLessThanOrEqual(MAX);
    expect(body.data).toBe('é'.repeat(MAX / 2));
  });

  it('relays and records WebSocket messages', async () => {
    const ws = new WebSocket(url('/ws').replace('http', 'ws'));
    const got: string[] = [];
    ws.on('message', (d, isBinary) =>
      got.push(isBinary ? `bin:${(d as Buffer).toString('hex')}` : (d as Buffer).toString()),
    );
    await new Promise((r, j) => ws.on('open', r).on('error', j));
    ws.send('hello');
    ws.send(Buffer.from([1, 2, 0xff]));
    // while open, the flow is visible as a live flow
    await vi.waitFor(
      () => expect(recorder.liveFlows()[0]?.websocket?.messages.length).toBeGreaterThanOrEqual(2),
      { timeout: 10_000 },
    );
    const closed = new Promise<[number, string]>((r) =>
      ws.on('close', (c, why) => r([c, why.toString()])),
    );
    ws.send('bye');
    expect(await closed).toEqual([4000, 'asked to']);
    expect(got).toEqual(['hello', 'bin:0102ff']);
    const [flow] = await waitForFlows(1);
    expect(flow!.type).toBe('websocket');
    expect(flow!.response!.status_code).toBe(101);
    const msgs = flow!.websocket!.messages.map((m) => [m.from_client, m.type, m.content.data]);
    const b64 = Buffer.from([1, 2, 0xff]).toString('base64');
    // each direction keeps its order (the two directions interleave freely)
    expect(msgs.filter(([fromClient]) => fromClient)).toEqual([
      [true, 'text', 'hello'],
      [true, 'binary', b64],
      [true, 'text', 'bye'],
    ]);
    expect(msgs.filter(([fromClient]) => !fromClient)).toEqual([
      [false, 'text', 'hello'],
      [false, 'binary', b64],
    ]);
    expect(flow!.websocket!.close_code).toBe(4000);
    expect(flow!.websocket!.close_reason).toBe('asked to');
    expect(recorder.liveFlows()).toEqual([]);
  });
});
