/**
 * "Copy raw request": the request as HTTP/1.1 text, to paste into `nc`,
 * Burp's Repeater or a raw socket. The request line keeps the path as
 * captured; headers keep their order, case and repeats; hop-by-hop headers
 * go, and Content-Length is set for the body that follows (a chunked upload
 * was stored de-chunked). A body that is not UTF-8 cannot travel as text:
 * it is left out, and the note says so (Copy as curl or Python sends it).
 */
import type { Flow } from '@shared/schemas';
import type { DecodedBody } from '@shared/capture/decode';
import { NOT_REPLAYED, UNSENDABLE, utf8OrNull, type Snippet } from './replay';

export function buildRawHttp(flow: Flow, body: DecodedBody | null): Snippet {
  const req = flow.request;
  const notes: string[] = [];
  const lines = [`${req.method} ${req.path} HTTP/1.1`];
  if (!req.headers.some(([name]) => name.toLowerCase() === 'host'))
    lines.push(
      `Host: ${req.port === 80 || req.port === 443 ? req.host : `${req.host}:${req.port}`}`,
    );
  const dropped: string[] = [];
  for (const [name, value] of req.headers) {
    if (NOT_REPLAYED.has(name.toLowerCase())) continue;
    if (UNSENDABLE.test(name) || UNSENDABLE.test(value) || name.includes(':')) {
      dropped.push(name);
      continue;
    }
    lines.push(`${name}: ${value}`);
  }
  if (dropped.length > 0)
    notes.push(
      `Left out (they would break the request's lines): ${dropped.map((n) => JSON.stringify(n)).join(', ')}.`,
    );
  const raw = body && body.raw.length > 0 ? body.raw : null;
  let text = '';
  if (raw) {
    const decoded = utf8OrNull(raw);
    if (decoded === null) {
      notes.push('The body is not UTF-8 text and is left out: Copy as curl or Python sends it.');
    } else {
      text = decoded;
      lines.push(`Content-Length: ${raw.length}`);
    }
    if (body?.truncated) notes.push('The captured body was truncated.');
  }
  lines.push('Connection: close');
  return {
    text: `${lines.join('\r\n')}\r\n\r\n${text}`,
    note: notes.length > 0 ? notes.join(' ') : undefined,
  };
}
