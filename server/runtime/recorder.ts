/**
 * The built-in traffic recorder: a reverse proxy on a loopback port in front
 * of one HTTP entrypoint. Every exchange becomes a Flow (`ctfy-traffic/1`):
 * headers in their order with duplicates, bodies as the raw bytes (still
 * content-encoded), timings, addresses, and `error` with `response: null`
 * (and a 502 to the client) when the upstream fails. WebSocket upgrades are
 * relayed with `ws` and their messages recorded (`recorderWebSocket.ts`);
 * header and address handling is in `proxyHeaders.ts`.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Flow, FlowRequest, FlowResponse } from '../../shared/schemas';
import { BodyCollector } from './body';
import { addr, forwardable, headerPairs, hostAndPort, now, rejectUpgrade } from './proxyHeaders';
import { relayWebSocket } from './recorderWebSocket';

export interface RecorderOptions {
  /** the service behind the proxy */
  target: { host: string; port: number };
  /** 0 = any free port */
  listenPort: number;
  maxBodyBytes: number;
  /** a finished flow */
  onFlow: (flow: Flow) => void;
}

export interface Recorder {
  readonly port: number;
  /** websocket flows still open (their messages so far) */
  liveFlows: () => Flow[];
  close: () => Promise<void>;
}

export async function startRecorder(opts: RecorderOptions): Promise<Recorder> {
  const { target, maxBodyBytes, onFlow } = opts;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const sockets = new Set<Socket>();
  const live = new Map<string, { flow: Flow; close: () => void }>();
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

  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

  const server = http.createServer(handle);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      rejectUpgrade(socket, 501, 'Only WebSocket upgrades are proxied.\n');
      return;
    }
    relayWebSocket({ target, maxBodyBytes, baseFlow, emit, live, wss }, req, socket, head);
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
