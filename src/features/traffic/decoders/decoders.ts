/**
 * Decoders a player chains on a piece of a flow (CyberChef-style): Base64 /
 * Base64url, URL (percent) encoding, hex, HTML entities, JWT, gzip and
 * deflate. Each takes bytes and gives bytes, or says why it cannot; a JWT
 * also gives its parts. Pure functions, no DOM: nothing decoded is ever
 * rendered as markup.
 */
import { formatDistanceStrict } from 'date-fns';
import { gunzipSync, inflateSync, unzlibSync } from 'fflate';

export type DecoderId = 'base64' | 'url' | 'hex' | 'html' | 'jwt' | 'gzip' | 'deflate';

export interface JwtParts {
  header: unknown;
  payload: unknown;
  /** the expiry in words ("expired 2 hours ago", "expires in 5 minutes"), null without `exp` */
  expiry: string | null;
  signatureBytes: number;
}

export type DecodeResult =
  { ok: true; bytes: Uint8Array; jwt?: JwtParts } | { ok: false; error: string };

export const DECODERS: { id: DecoderId; label: string }[] = [
  { id: 'base64', label: 'Base64 / Base64url' },
  { id: 'url', label: 'URL (percent) encoding' },
  { id: 'hex', label: 'Hex' },
  { id: 'html', label: 'HTML entities' },
  { id: 'jwt', label: 'JWT (signature not checked)' },
  { id: 'gzip', label: 'gzip' },
  { id: 'deflate', label: 'deflate (zlib or raw)' },
];

const utf8 = new TextEncoder();
const text = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes);
const fail = (error: string): DecodeResult => ({ ok: false, error });
const ok = (bytes: Uint8Array): DecodeResult => ({ ok: true, bytes });

/** Standard or URL-safe alphabet, padding optional, whitespace ignored. */
export function base64Bytes(input: string): Uint8Array | null {
  const clean = input.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (clean === '' || !/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) return null;
  const bin = atob(clean + '='.repeat((4 - (clean.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function percentDecode(input: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    const hex = input.slice(i + 1, i + 3);
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else if (ch === '+') {
      out.push(0x20);
    } else {
      out.push(...utf8.encode(ch));
    }
  }
  return new Uint8Array(out);
}

function hexBytes(input: string): Uint8Array | null {
  const clean = input.replace(/0x|\\x|[\s:,-]/gi, '');
  if (clean === '' || clean.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(clean)) return null;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The named entities seen in practice; numeric ones are all decoded. */
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  sect: '§',
  deg: '°',
  times: '×',
  divide: '÷',
  middot: '·',
  bull: '•',
  para: '¶',
  plusmn: '±',
  shy: '\u00ad',
};

function htmlDecode(input: string): string {
  return input.replace(
    /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?/g,
    (m, ref: string) => {
      if (ref.startsWith('#')) {
        const cp =
          ref[1] === 'x' || ref[1] === 'X'
            ? parseInt(ref.slice(2), 16)
            : parseInt(ref.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)
          ? String.fromCodePoint(cp)
          : '\ufffd';
      }
      return NAMED[ref] ?? m;
    },
  );
}

function jsonOf(bytes: Uint8Array | null): unknown {
  if (!bytes) return undefined;
  try {
    return JSON.parse(text(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

/** "expired 2 hours ago" / "expires in 5 minutes", from a NumericDate (seconds). */
export function expiryInWords(exp: number, now: Date): string {
  const at = new Date(exp * 1000);
  const distance = formatDistanceStrict(at, now);
  return at.getTime() <= now.getTime() ? `expired ${distance} ago` : `expires in ${distance}`;
}

function jwtDecode(input: string, now: Date): DecodeResult {
  const parts = input.trim().split('.');
  if (parts.length !== 3)
    return fail(`A JWT has three parts separated by dots; this has ${parts.length}.`);
  const header = jsonOf(base64Bytes(parts[0]!));
  const payloadBytes = base64Bytes(parts[1]!);
  const payload = jsonOf(payloadBytes);
  if (header === undefined || typeof header !== 'object' || header === null)
    return fail('The first part is not Base64url-encoded JSON: not a JWT.');
  if (payload === undefined)
    return fail('The second part is not Base64url-encoded JSON: not a JWT.');
  const exp: unknown =
    typeof payload === 'object' && payload !== null && 'exp' in payload ? payload.exp : undefined;
  const jwt: JwtParts = {
    header,
    payload,
    expiry: typeof exp === 'number' && Number.isFinite(exp) ? expiryInWords(exp, now) : null,
    signatureBytes: base64Bytes(parts[2]!)?.length ?? 0,
  };
  const shown = JSON.stringify({ header, payload }, null, 2);
  return { ok: true, bytes: utf8.encode(shown), jwt };
}

function inflateAny(bytes: Uint8Array): Uint8Array {
  try {
    return unzlibSync(bytes);
  } catch {
    return inflateSync(bytes);
  }
}

/** Applies one decoder to `bytes` (text decoders read them as UTF-8). */
export function decode(id: DecoderId, bytes: Uint8Array, now: Date = new Date()): DecodeResult {
  switch (id) {
    case 'base64': {
      const out = base64Bytes(text(bytes));
      return out ? ok(out) : fail('Not Base64: only A–Z, a–z, 0–9, + / (or - _) and = padding.');
    }
    case 'url':
      return ok(percentDecode(text(bytes)));
    case 'hex': {
      const out = hexBytes(text(bytes));
      return out ? ok(out) : fail('Not hex: an even number of 0–9 and a–f digits.');
    }
    case 'html':
      return ok(utf8.encode(htmlDecode(text(bytes))));
    case 'jwt':
      return jwtDecode(text(bytes), now);
    case 'gzip':
      try {
        return ok(gunzipSync(bytes));
      } catch (e) {
        return fail(`Not gzip data (${e instanceof Error ? e.message : String(e)}).`);
      }
    case 'deflate':
      try {
        return ok(inflateAny(bytes));
      } catch (e) {
        return fail(`Not deflate data (${e instanceof Error ? e.message : String(e)}).`);
      }
  }
}

/** Runs a chain of decoders; stops at the first that fails (its index and message). */
export function decodeChain(
  input: Uint8Array,
  chain: readonly DecoderId[],
  now: Date = new Date(),
): { steps: DecodeResult[]; output: Uint8Array } {
  const steps: DecodeResult[] = [];
  let current = input;
  for (const id of chain) {
    const result = decode(id, current, now);
    steps.push(result);
    if (!result.ok) break;
    current = result.bytes;
  }
  return { steps, output: current };
}

/** The bytes as text when they are UTF-8, else null (show them as hex). */
export function asText(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
