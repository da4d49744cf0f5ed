/**
 * "Copy as HTTPie": an `http` command line that sends the request again.
 * Every word goes through the one `shellQuote`; request items are escaped
 * for HTTPie's own parser (`\` before `:`, `=`, `@` and `;`, which would
 * otherwise start another kind of item). HTTPie's defaults the flow did not
 * send (User-Agent, Accept, Accept-Encoding, Connection, Content-Type) are
 * unset with empty `Name:` items. The path goes as captured
 * (`--path-as-is`); the body as captured, through `--raw` or, for bytes a
 * command line cannot carry, piped in with `printf`.
 */
import type { Flow } from '@shared/schemas';
import { canBeShellWord, shellQuote } from '../../../lib/shellQuote';
import type { DecodedBody } from '@shared/capture/decode';
import { printfBytes } from '../curl/curl';
import { hasHeader, replayRequest, type Snippet } from './replay';

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
const PATH_CHARS = new Set(`${UNRESERVED}!$&'()*+,;=:@/`);
const QUERY_CHARS = new Set([...PATH_CHARS, '?']);
const hex2 = (b: number) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`;

/** urllib3's `_encode_invalid_chars`: existing escapes upper-cased, anything else not allowed escaped. */
function urllib3Encode(component: string, allowed: Set<string>): string {
  let escapes = 0;
  const normalized = component.replace(/%[a-fA-F0-9]{2}/g, (m) => {
    escapes++;
    return m.toUpperCase();
  });
  const bytes = new TextEncoder().encode(normalized);
  const percents = bytes.filter((b) => b === 0x25).length;
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    out += (escapes === percents && b === 0x25) || (b < 128 && allowed.has(ch)) ? ch : hex2(b);
  }
  return out;
}

/** requests' `requote_uri` on a query: unreserved escapes decoded, the rest quoted. */
function requote(query: string): string {
  const safe = new Set(`${UNRESERVED}!#$%&'()*+,/:;=?@[]~`);
  let text = query;
  if (!/%(?![a-fA-F0-9]{2})/.test(query))
    text = query.replace(/%([a-fA-F0-9]{2})/g, (m, h: string) => {
      const ch = String.fromCharCode(parseInt(h, 16));
      return UNRESERVED.includes(ch) ? ch : m;
    });
  else safe.delete('%');
  let out = '';
  for (const b of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(b);
    out += b < 128 && safe.has(ch) ? ch : hex2(b);
  }
  return out;
}

/**
 * The request target HTTPie sends for a captured path: the path as is
 * (`--path-as-is`) but for urllib3's escaping; the query re-quoted by
 * requests, then escaped by urllib3; no fragment.
 */
export function httpieTarget(capturedPath: string): string {
  const match = /^([^?#]*)(?:\?([^#]*))?/.exec(capturedPath)!;
  const path = urllib3Encode(match[1] ?? '', PATH_CHARS);
  const query = match[2];
  return query === undefined ? path : `${path}?${urllib3Encode(requote(query), QUERY_CHARS)}`;
}

/** HTTPie's separator characters: a `\` before one of them escapes it. */
const SPECIAL = /[:=@;]/g;

/** Headers HTTPie sends on its own unless unset (an empty `Name:` item unsets them). */
const HTTPIE_DEFAULTS = ['Accept', 'Connection', 'Content-Type'];
/** Headers HTTPie sends first, whatever their place in the flow. */
export const HTTPIE_PLACES = [
  'User-Agent',
  'Accept-Encoding',
  'Accept',
  'Connection',
  'Content-Type',
];

/** Headers HTTPie (requests underneath) always sends: the flow's value, else its own. */
export const HTTPIE_ADDS = ['User-Agent', 'Accept-Encoding'];

/** The value as HTTPie's item parser reads it back, or null when it cannot (a `\` right before a separator). */
export function httpieItemValue(value: string): string | null {
  if (/\\[:=@;]/.test(value)) return null;
  return value.replace(SPECIAL, '\\$&');
}

export function buildHttpie(flow: Flow, body: DecodedBody | null): Snippet {
  const request = replayRequest(flow, body);
  const notes = [...request.notes];
  const items: string[] = [];
  const left: string[] = [];
  for (const [name, value] of request.headers) {
    const escaped = httpieItemValue(value);
    // HTTPie strips the ends of a value, and an empty one needs `Name;`
    if (escaped === null || value !== value.trim() || !canBeShellWord(value)) {
      left.push(name);
      continue;
    }
    items.push(value === '' ? `${name};` : `${name}:${escaped}`);
  }
  if (left.length > 0)
    notes.push(
      `Left out (HTTPie cannot send them as captured): ${left.map((n) => JSON.stringify(n)).join(', ')}.`,
    );
  for (const name of HTTPIE_DEFAULTS) if (!hasHeader(request, name)) items.push(`${name}:`);
  const added = HTTPIE_ADDS.filter((name) => !hasHeader(request, name));
  if (added.length > 0)
    notes.push(`HTTPie adds ${added.join(' and ')}, which the flow did not send.`);
  const firstIndex = request.headers.findIndex(
    ([n]) => !HTTPIE_PLACES.some((p) => p.toLowerCase() === n.toLowerCase()),
  );
  if (
    request.headers.some(
      ([n], i) =>
        i > firstIndex &&
        firstIndex >= 0 &&
        HTTPIE_PLACES.some((p) => p.toLowerCase() === n.toLowerCase()),
    )
  )
    notes.push(`HTTPie sends ${HTTPIE_PLACES.join(', ')} first.`);
  const target = httpieTarget(flow.request.path);
  if (target !== flow.request.path)
    notes.push(`HTTPie sends the path as ${JSON.stringify(target)} (re-encoded).`);

  const words = ['http', '--ignore-stdin', '--path-as-is', '--pretty=none', '--print=hb'];
  let prefix = '';
  if (request.body) {
    if (request.bodyText !== null && canBeShellWord(request.bodyText)) {
      words.push(`--raw=${shellQuote(request.bodyText)}`);
    } else {
      prefix = `printf ${printfBytes(request.body)} | `;
      words.splice(words.indexOf('--ignore-stdin'), 1);
      notes.push('The body has NUL or non-UTF-8 bytes: it is piped in with printf.');
    }
  }
  if (!canBeShellWord(request.method) || !canBeShellWord(request.url))
    notes.push(
      'The method or URL has NUL bytes, which a command line cannot carry: they are left out.',
    );
  const word = (text: string) => shellQuote(text.replace(/\0/g, ''));
  words.push(word(request.method), word(request.url), ...items.map(shellQuote));
  return {
    text: `${prefix}${words.join(' ')}\n`,
    note: notes.length > 0 ? notes.join(' ') : undefined,
  };
}
