/**
 * The built-in traffic recorder: a reverse proxy on a loopback port in front
 * of one HTTP entrypoint. Every exchange becomes a Flow (`ctfy-traffic/1`):
 * headers in their order with duplicates, bodies as the raw bytes (still
 * content-encoded), timings, addresses, and `error` with `response: null`
 * (and a 502 to the client) when the upstream fails. WebSocket upgrades are
 * relayed with `ws` and their messages recorded.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import type { Flow, FlowRequest, FlowResponse, WebSocketMessage } from '../../src/api/schemas';
import { bodyFromBytes } from '../../src/lib/capture/body';
import { BodyCollector } from './body';

export interface RecorderOptions {
  /** the service behind the proxy */
  target: { host: string; port: number };
  /** 0 = any free port */
  listenPort: number;
  maxBodyBytes: number;
  /** a finished flow */
  onFlow(flow: Flow): void;
}

export interface Recorder {
  readonly port: number;
  /** websocket flows still open (their messages so far) */
  liveFlows(): Flow[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'upgrade',
]);

const now = () => Date.now() / 1000;

/** rawHeaders ([k, v, k, v, …]) as [name, value] pairs, order and duplicates kept. */
export function headerPairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

function forwardable(raw: string[], extraDrop: Set<string> = new Set()): string[] {
  const connectionTokens = new Set<string>();
  for (let i = 0; i + 1 < raw.length; i += 2)
    if (raw[i]!.toLowerCase() === 'connection')
      for (const t of raw[i + 1]!.split(',')) connectionTokens.add(t.trim().toLowerCase());
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(name) || connectionTokens.has(name) || extraDrop.has(name)) continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

function hostAndPort(req: IncomingMessage, fallbackPort: number): { host: string; port: number } {
  const header = req.headers.host ?? '';
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header);
  if (!m) return { host: '127.0.0.1', port: fallbackPort };
  return { host: m[1]!, port: m[2] ? Number(m[2]) : fallbackPort };
}

function addr(socket: Socket | Duplex): [string, number] | null {
  const s = socket as Socket;
  return s.remoteAddress ? [s.remoteAddress, s.remotePort ?? 0] : null;
}

export async function startRecorder(opts: RecorderOptions): Promise<Recorder> {
  const { target, maxBodyBytes, onFlow } = opts;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const sockets = new Set<Socket>();
  const live = new Map<string, { flow: Flow; close(): void }>();
  let proxyPort = 0;

  const emit = (flow: Flow) => {
    try {
      onFlow(flow);
    } catch {
      // a failing sink never breaks the proxy
    }
  };

  function baseFlow(req: IncomingMessage, type: string, started: number): Flow {
    const { host, port } = hostAndPort(req, proxyPort);
    const request: FlowRequest = {
      method: req.method ?? 'GET',
      scheme: 'http',
      host,
      port,
      path: req.url ?? '/',
      http_version: `HTTP/${req.httpVersion}`,
      headers: headerPairs(req.rawHeaders),
      content: null,
      timestamp_start: started,
      timestamp_end: null,
    };
    const peer = addr(req.socket);
    return {
      id: randomUUID(),
      type,
      timestamp_created: started,
      client_conn: peer ? { peername: peer } : null,
      server_conn: { address: [target.host, target.port] },
      request,
      response: null,
      error: null,
      websocket: null,
    };
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const flow = baseFlow(req, 'http', now());
    const reqBody = new BodyCollector(maxBodyBytes);
    const resBody = new BodyCollector(maxBodyBytes);
    let response: FlowResponse | null = null;
    let done = false;

    const finish = (error: string | null) => {
      if (done) return;
      done = true;
      flow.request.content = reqBody.body();
      flow.request.timestamp_end ??= now();
      if (response) {
        response.content = resBody.body();
        response.timestamp_end ??= now();
      }
      flow.response = response;
      flow.error = error ? { msg: error, timestamp: now() } : null;
      emit(flow);
    };

    const upstream = http.request({
      host: target.host,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: forwardable(req.rawHeaders) as unknown as http.OutgoingHttpHeaders,
      agent,
      setHost: false,
    });

    req.on('data', (chunk: Buffer) => reqBody.push(chunk));
    req.on('end', () => {
      flow.request.timestamp_end = now();
    });
    req.pipe(upstream);

    upstream.on('response', (up) => {
      response = {
        status_code: up.statusCode ?? 0,
        reason: up.statusMessage ?? '',
        http_version: `HTTP/${up.httpVersion}`,
        headers: headerPairs(up.rawHeaders),
        content: null,
        timestamp_start: now(),
        timestamp_end: null,
      };
      res.writeHead(
        up.statusCode ?? 502,
        up.statusMessage,
        forwardable(up.rawHeaders) as unknown as http.OutgoingHttpHeaders,
      );
      up.on('data', (chunk: Buffer) => resBody.push(chunk));
      up.pipe(res);
      up.on('end', () => {
        if (response) response.timestamp_end = now();
        finish(null);
      });
      up.on('aborted', () => {
        finish('upstream closed the connection in the middle of the response');
        res.destroy();
      });
      up.on('error', (err) => {
        finish(`upstream error: ${err.message}`);
        res.destroy();
      });
    });

    upstream.on('error', (err) => {
      if (done) return;
      const code = (err as NodeJS.ErrnoException).code;
      const msg = `upstream failed: ${err.message}${code && !err.message.includes(code) ? ` (${code})` : ''}`;
      if (!res.headersSent) {
        const text = `502 Bad Gateway: the challenge service did not answer (${err.message})\n`;
        res.writeHead(502, {
          'content-type': 'text/plain; charset=utf-8',
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
        response = null;
      } else {
        res.destroy();
      }
      finish(msg);
    });

    res.on('close', () => {
      if (!done && !res.writableFinished) {
        upstream.destroy();
        finish('client disconnected before the response was complete');
      }
    });
  }

  // ------------------------------------------------------------ websockets
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  function wsBody(data: RawData, isBinary: boolean): { content: WebSocketMessage['content'] } {
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    const kept = buf.length > maxBodyBytes ? buf.subarray(0, maxBodyBytes) : buf;
    if (isBinary) {
      const content: WebSocketMessage['content'] = {
        encoding: 'base64',
        data: kept.toString('base64'),
        size: buf.length,
      };
      if (kept.length < buf.length) content.truncated = true;
      return { content };
    }
    return { content: bodyFromBytes(buf, { maxBytes: maxBodyBytes }) };
  }

  function rejectUpgrade(socket: Duplex, status: number, text: string): void {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
    );
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const flow = baseFlow(req, 'websocket', now());
    flow.request.timestamp_end = flow.request.timestamp_start;
    const protocols = (req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const drop = new Set([
      'host',
      'sec-websocket-key',
      'sec-websocket-version',
      'sec-websocket-extensions',
      'sec-websocket-protocol',
    ]);
    const headers: Record<string, string> = {};
    const fwd = forwardable(req.rawHeaders, drop);
    for (let i = 0; i + 1 < fwd.length; i += 2) headers[fwd[i]!] = fwd[i + 1]!;
    const up = new WebSocket(`ws://${target.host}:${target.port}${req.url ?? '/'}`, protocols, {
      headers,
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
    });
    let opened = false;
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      live.delete(flow.id);
      emit(flow);
    };

    up.on('upgrade', (res) => {
      flow.response = {
        status_code: res.statusCode ?? 101,
        reason: res.statusMessage ?? 'Switching Protocols',
        http_version: `HTTP/${res.httpVersion}`,
        headers: headerPairs(res.rawHeaders),
        content: null,
        timestamp_start: now(),
        timestamp_end: now(),
      };
    });
    up.on('unexpected-response', (_r, res) => {
      // The service refused the upgrade: pass its answer on as plain HTTP.
      flow.type = 'http';
      const body = new BodyCollector(maxBodyBytes);
      const chunks: Buffer[] = [];
      flow.response = {
        status_code: res.statusCode ?? 0,
        reason: res.statusMessage ?? '',
        http_version: `HTTP/${res.httpVersion}`,
        headers: headerPairs(res.rawHeaders),
        content: null,
        timestamp_start: now(),
        timestamp_end: null,
      };
      res.on('data', (c: Buffer) => {
        body.push(c);
        chunks.push(c);
      });
      res.on('end', () => {
        const payload = Buffer.concat(chunks);
        const lines = [`HTTP/1.1 ${res.statusCode ?? 502} ${res.statusMessage ?? ''}`];
        const fwdRes = forwardable(
          res.rawHeaders,
          new Set(['content-length', 'transfer-encoding']),
        );
        for (let i = 0; i + 1 < fwdRes.length; i += 2) lines.push(`${fwdRes[i]}: ${fwdRes[i + 1]}`);
        lines.push(`content-length: ${payload.length}`, 'connection: close', '', '');
        if (socket.writable)
          socket.end(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), payload]));
        if (flow.response) {
          flow.response.content = body.body();
          flow.response.timestamp_end = now();
        }
        record();
      });
    });
    up.on('error', (err) => {
      if (!opened) {
        flow.response = null;
        flow.error = { msg: `upstream failed: ${err.message}`, timestamp: now() };
        rejectUpgrade(
          socket,
          502,
          `502 Bad Gateway: the challenge service did not accept the WebSocket (${err.message})\n`,
        );
        record();
      }
    });
    up.on('open', () => {
      opened = true;
      const messages: WebSocketMessage[] = [];
      flow.websocket = { messages, close_code: null, close_reason: null };
      const chosen = up.protocol;
      const server = chosen
        ? new WebSocketServer({
            noServer: true,
            perMessageDeflate: false,
            handleProtocols: () => chosen,
          })
        : wss;
      if (!socket.writable) {
        up.terminate();
        flow.error = { msg: 'client disconnected during the handshake', timestamp: now() };
        record();
        return;
      }
      server.handleUpgrade(req, socket, head, (client) => {
        const entry = {
          flow,
          close: () => {
            client.terminate();
            up.terminate();
          },
        };
        live.set(flow.id, entry);
        client.on('message', (data, isBinary) => {
          messages.push({
            from_client: true,
            type: isBinary ? 'binary' : 'text',
            ...wsBody(data, isBinary),
            timestamp: now(),
          });
          if (up.readyState === WebSocket.OPEN) up.send(data, { binary: isBinary });
        });
        up.on('message', (data, isBinary) => {
          messages.push({
            from_client: false,
            type: isBinary ? 'binary' : 'text',
            ...wsBody(data, isBinary),
            timestamp: now(),
          });
          if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
        });
        const safeCode = (code: number) =>
          code >= 1000 && code <= 4999 && ![1004, 1005, 1006, 1015].includes(code) ? code : 1000;
        client.on('close', (code, reason) => {
          if (flow.websocket && flow.websocket.close_code == null) {
            flow.websocket.close_code = code;
            flow.websocket.close_reason = reason.toString('utf8');
          }
          if (up.readyState === WebSocket.OPEN) up.close(safeCode(code), reason);
          else up.terminate();
          record();
        });
        up.on('close', (code, reason) => {
          if (flow.websocket && flow.websocket.close_code == null) {
            flow.websocket.close_code = code;
            flow.websocket.close_reason = reason.toString('utf8');
          }
          if (client.readyState === WebSocket.OPEN) client.close(safeCode(code), reason);
          else client.terminate();
          record();
        });
        client.on('error', () => up.terminate());
        up.on('error', (err) => {
          flow.error ??= { msg: `upstream error: ${err.message}`, timestamp: now() };
          client.terminate();
        });
      });
    });
  }

  const server = http.createServer(handle);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      rejectUpgrade(socket, 501, 'Only WebSocket upgrades are proxied.\n');
      return;
    }
    upgrade(req, socket, head);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.listenPort, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  proxyPort = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    port: proxyPort,
    liveFlows: () => [...live.values()].map((e) => structuredClone(e.flow)),
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const e of [...live.values()]) e.close();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        agent.destroy();
        wss.close();
      });
      return closing;
    },
  };
}
