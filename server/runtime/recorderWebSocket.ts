/**
 * The recorder's WebSocket relay: an upgrade is opened to the service with
 * `ws`, both sides' messages are relayed and recorded in the flow (bodies
 * capped like HTTP bodies), and a refused upgrade is passed on as plain HTTP.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import type { Flow, WebSocketMessage } from '../../shared/schemas';
import { bodyFromBytes } from '../../shared/capture/body';
import { BodyCollector } from './body';
import { forwardable, headerPairs, now, rejectUpgrade } from './proxyHeaders';

/** What the relay shares with the recorder that started it. */
export interface RelayContext {
  target: { host: string; port: number };
  maxBodyBytes: number;
  baseFlow: (req: IncomingMessage, type: string, started: number) => Flow;
  emit: (flow: Flow) => void;
  /** websocket flows still open, by flow id */
  live: Map<string, { flow: Flow; close(): void }>;
  wss: WebSocketServer;
}

function wsBody(
  data: RawData,
  isBinary: boolean,
  maxBodyBytes: number,
): { content: WebSocketMessage['content'] } {
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

export function relayWebSocket(
  ctx: RelayContext,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): void {
  const { target, maxBodyBytes, baseFlow, emit, live, wss } = ctx;
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
      const fwdRes = forwardable(res.rawHeaders, new Set(['content-length', 'transfer-encoding']));
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
          ...wsBody(data, isBinary, maxBodyBytes),
          timestamp: now(),
        });
        if (up.readyState === WebSocket.OPEN) up.send(data, { binary: isBinary });
      });
      up.on('message', (data, isBinary) => {
        messages.push({
          from_client: false,
          type: isBinary ? 'binary' : 'text',
          ...wsBody(data, isBinary, maxBodyBytes),
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
