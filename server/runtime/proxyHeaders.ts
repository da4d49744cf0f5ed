/**
 * What the recorder does to headers and addresses on the way through: hop-by-hop
 * headers dropped, raw headers as ordered pairs, the Host a client asked for,
 * a peer's address, a response's head as the flow records it, and a refusal written straight to an upgrading socket.
 */
import http, { type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FlowResponse } from '../../shared/schemas';

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

export const now = () => Date.now() / 1000;

/** rawHeaders ([k, v, k, v, …]) as [name, value] pairs, order and duplicates kept. */
export function headerPairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

/** A service's response head as the flow records it (its body comes later). */
export function responseHead(res: IncomingMessage): FlowResponse {
  return {
    status_code: res.statusCode ?? 0,
    reason: res.statusMessage ?? '',
    http_version: `HTTP/${res.httpVersion}`,
    headers: headerPairs(res.rawHeaders),
    content: null,
    timestamp_start: now(),
    timestamp_end: null,
  };
}

export function forwardable(raw: string[], extraDrop: Set<string> = new Set()): string[] {
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

export function hostAndPort(
  req: IncomingMessage,
  fallbackPort: number,
): { host: string; port: number } {
  const header = req.headers.host ?? '';
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header);
  if (!m) return { host: '127.0.0.1', port: fallbackPort };
  return { host: m[1]!, port: m[2] ? Number(m[2]) : fallbackPort };
}

export function addr(socket: Socket | Duplex): [string, number] | null {
  const s = socket as Socket;
  return s.remoteAddress ? [s.remoteAddress, s.remotePort ?? 0] : null;
}

export function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}
