/**
 * "Copy as curl". Every value a capture supplies is
 * attacker-controlled, so every shell word goes through the one `shellQuote`
 * (single quotes, in which POSIX sh expands nothing). Bytes a shell word cannot carry (NUL) or that
 * are not UTF-8 go through `printf` octal escapes piped to `--data-binary @-`.
 */
import type { Flow } from '@shared/schemas';
import { flowUrl } from '@shared/capture/flowUrl';
import { canBeShellWord, shellQuote } from '../../../lib/shellQuote';
import { headerValue, type DecodedBody } from '@shared/capture/decode';
import { NOT_REPLAYED, utf8OrNull } from '../copyAs/replay';

/**
 * A `printf` format (already quoted) that prints exactly `bytes`: printable
 * ASCII stays, everything else (and `\`, `%`, `'`) becomes `\ooo`.
 */
export function printfBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const printable = b >= 0x20 && b < 0x7f && b !== 0x5c && b !== 0x25 && b !== 0x27;
    out += printable ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`;
  }
  return `'${out}'`;
}

const withoutNul = (text: string) => text.replace(/\0/g, '');

export interface CurlCommand {
  command: string;
  /** set when the body had to go through `printf … | curl --data-binary @-` */
  note: string | undefined;
}

/**
 * The request as a curl command line. `body` is the request body as captured
 * (still content-encoded: curl sends it as it was, with its Content-Encoding).
 */
export function buildCurl(flow: Flow, body: DecodedBody | null): CurlCommand {
  const req = flow.request;
  const notes: string[] = [];
  const url = flowUrl(req);
  const words: string[] = ['curl', '-g', '--path-as-is'];
  const method = req.method.toUpperCase();
  const hasBody = !!body && body.raw.length > 0;
  if (!canBeShellWord(req.method) || !canBeShellWord(url))
    notes.push(
      'The method or URL has NUL bytes, which a command line cannot carry: they are left out.',
    );
  if (method !== 'GET' || hasBody) words.push('-X', shellQuote(withoutNul(req.method)));
  words.push(shellQuote(withoutNul(url)));

  let compressed = false;
  const authority = `${req.host}`;
  for (const [name, value] of req.headers) {
    const lower = name.toLowerCase();
    if (NOT_REPLAYED.has(lower)) continue; // hop-by-hop or computed by curl
    if (lower === 'accept-encoding') {
      compressed = true;
      continue;
    }
    if (lower === 'host' && (value === authority || value === `${authority}:${req.port}`)) continue;
    const line = `${name}: ${value}`;
    if (!canBeShellWord(line)) continue;
    words.push('-H', shellQuote(line));
  }
  if (compressed) words.push('--compressed');

  let prefix = '';
  if (hasBody) {
    const text = utf8OrNull(body.raw);
    if (text !== null && canBeShellWord(text)) {
      words.push('--data-raw', shellQuote(text));
    } else {
      prefix = `printf ${printfBytes(body.raw)} | `;
      words.push('--data-binary', '@-');
      notes.push('The body has NUL or non-UTF-8 bytes: it is piped in with printf.');
    }
    if (body.truncated) notes.push('The captured body was truncated.');
  }
  if (!headerValue(req.headers, 'user-agent')) words.push('-A', "''");
  return { command: prefix + words.join(' '), note: notes.length ? notes.join(' ') : undefined };
}
