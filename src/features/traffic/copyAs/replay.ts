/**
 * The request a "Copy as …" snippet sends again: method, URL and body as
 * captured, and the headers an HTTP client can send as they were. What a
 * client cannot carry is left out and said (`notes`), never mangled: header
 * lines with CR, LF or NUL, and names that are not HTTP tokens. Duplicates
 * are joined (`Cookie` with "; ", others with ", "), as fetch and requests
 * would join them anyway.
 */
import type { Flow } from '@shared/schemas';
import { flowUrl } from '@shared/capture/flowUrl';
import type { DecodedBody } from '@shared/capture/decode';

/** Headers a client computes itself or that belong to one connection. */
export const NOT_REPLAYED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'content-length',
  'http2-settings',
]);

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** What a header line cannot carry. */
export const UNSENDABLE = /[\r\n\0]/;

export interface ReplayRequest {
  method: string;
  url: string;
  /** in the order first seen; one entry per name */
  headers: [string, string][];
  /** the body as captured (still content-encoded), null without one */
  body: Uint8Array | null;
  /** the body as text when it is UTF-8 (for a readable snippet) */
  bodyText: string | null;
  notes: string[];
}

/** The bytes as UTF-8 text, or null when they are not UTF-8. */
export function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function replayRequest(flow: Flow, body: DecodedBody | null): ReplayRequest {
  const req = flow.request;
  const notes: string[] = [];
  const dropped: string[] = [];
  const joined = new Set<string>();
  const byName = new Map<string, [string, string]>();
  const headers: [string, string][] = [];
  for (const [name, value] of req.headers) {
    const lower = name.toLowerCase();
    if (NOT_REPLAYED.has(lower)) continue;
    if (lower === 'host' && (value === req.host || value === `${req.host}:${req.port}`)) continue;
    if (!TOKEN.test(name) || UNSENDABLE.test(value)) {
      dropped.push(name);
      continue;
    }
    const seen = byName.get(lower);
    if (seen) {
      seen[1] += `${lower === 'cookie' ? '; ' : ', '}${value}`;
      joined.add(seen[0]);
      continue;
    }
    const header: [string, string] = [name, value];
    byName.set(lower, header);
    headers.push(header);
  }
  if (dropped.length > 0)
    notes.push(
      `Left out (a client cannot send them as captured): ${dropped.map((n) => JSON.stringify(n)).join(', ')}.`,
    );
  if (joined.size > 0)
    notes.push(`Repeated headers are sent once, joined: ${[...joined].join(', ')}.`);
  const raw = body && body.raw.length > 0 ? body.raw : null;
  if (body?.truncated) notes.push('The captured body was truncated.');
  return {
    method: req.method,
    url: flowUrl(req),
    headers,
    body: raw,
    bodyText: raw ? utf8OrNull(raw) : null,
    notes,
  };
}

export const hasHeader = (request: ReplayRequest, name: string) =>
  request.headers.some(([n]) => n.toLowerCase() === name.toLowerCase());

export interface Snippet {
  text: string;
  note: string | undefined;
}

export const noteOf = (request: ReplayRequest) =>
  request.notes.length > 0 ? request.notes.join(' ') : undefined;
