import { deflateSync, gzipSync, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { asText, decode, decodeChain, expiryInWords, type DecodeResult } from './decoders';

const enc = new TextEncoder();
const b = (text: string) => enc.encode(text);
const out = (r: DecodeResult) => (r.ok ? new TextDecoder().decode(r.bytes) : `ERROR ${r.error}`);
const b64url = (text: string) =>
  btoa(String.fromCharCode(...enc.encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

describe('decoders', () => {
  it('Base64 and Base64url, with or without padding and whitespace', () => {
    expect(out(decode('base64', b('aGVsbG8gd29ybGQ=')))).toBe('hello world');
    expect(out(decode('base64', b('aGVsbG8gd29ybGQ')))).toBe('hello world');
    expect(out(decode('base64', b(' aGVs\nbG8= ')))).toBe('hello');
    // "?>" encodes to "Pz4" (standard "+/" never needed) — "~~~" gives "fn5+" / "fn5-"
    expect(out(decode('base64', b('fn5-')))).toBe('~~~');
    expect(out(decode('base64', b('fn5+')))).toBe('~~~');
    expect(decode('base64', b('not base64!')).ok).toBe(false);
  });

  it('URL encoding to bytes, + as space, invalid escapes kept', () => {
    expect(out(decode('url', b('a%20b+c%2Fd%zz%C3%BC')))).toBe('a b c/d%zzü');
    const raw = decode('url', b('%ff%00'));
    expect(raw.ok && Array.from(raw.bytes)).toEqual([0xff, 0x00]);
  });

  it('hex, with separators and prefixes', () => {
    expect(out(decode('hex', b('68 65 6c 6c 6f')))).toBe('hello');
    expect(out(decode('hex', b('0x68:0x69')))).toBe('hi');
    expect(out(decode('hex', b('\\x41\\x42')))).toBe('AB');
    expect(decode('hex', b('abc')).ok).toBe(false);
  });

  it('HTML entities: named, decimal, hex; markup stays text', () => {
    expect(
      out(decode('html', b('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#39;&#x41;&amp;'))),
    ).toBe(`<script>alert("x")</script> 'A&`);
    expect(out(decode('html', b('&unknown; &#0; &#xD800;')))).toBe('&unknown; \ufffd \ufffd');
  });

  it('gzip and deflate (zlib-wrapped and raw)', () => {
    expect(out(decode('gzip', gzipSync(b('zipped'))))).toBe('zipped');
    expect(out(decode('deflate', zlibSync(b('zlib'))))).toBe('zlib');
    expect(out(decode('deflate', deflateSync(b('raw deflate'))))).toBe('raw deflate');
    expect(out(decode('gzip', b('plain')))).toMatch(/^ERROR Not gzip data/);
  });

  it('JWT: header and payload, expiry in words, the signature not checked', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    const token = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(
      JSON.stringify({ sub: 'alice', admin: false, exp: now.getTime() / 1000 + 3 * 3600 }),
    )}.c2lnbmF0dXJl`;
    const result = decode('jwt', b(token), now);
    if (!result.ok || !result.jwt) throw new Error('expected a JWT');
    expect(result.jwt.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(result.jwt.payload).toMatchObject({ sub: 'alice', admin: false });
    expect(result.jwt.expiry).toBe('expires in 3 hours');
    expect(result.jwt.signatureBytes).toBe(9);
    expect(expiryInWords(now.getTime() / 1000 - 2 * 86400, now)).toBe('expired 2 days ago');
    expect(decode('jwt', b('a.b'), now)).toEqual({
      ok: false,
      error: 'A JWT has three parts separated by dots; this has 2.',
    });
    expect(decode('jwt', b('bm90.anNvbg.x'), now).ok).toBe(false);
  });

  it('chains: URL → Base64 → gzip, and stops at the first failure', () => {
    const gz = gzipSync(b('flag{chained}'));
    const encoded = encodeURIComponent(btoa(String.fromCharCode(...gz)));
    const { steps, output } = decodeChain(b(encoded), ['url', 'base64', 'gzip']);
    expect(steps.every((s) => s.ok)).toBe(true);
    expect(asText(output)).toBe('flag{chained}');
    const failed = decodeChain(b('zz'), ['hex', 'gzip']);
    expect(failed.steps).toHaveLength(1);
    expect(failed.steps[0]!.ok).toBe(false);
  });

  it('asText gives null for bytes that are not UTF-8', () => {
    expect(asText(new Uint8Array([0xff, 0xfe]))).toBeNull();
    expect(asText(b('ü'))).toBe('ü');
  });
});
