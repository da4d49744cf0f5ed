import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync as nodeGzip } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesBody, textBody } from '@shared/capture/testFlows';
import { contentDecode, decodeBody, loadBrotli } from '@shared/capture/contentDecode';
import { decodeText, parseContentType } from '@shared/capture/decode';
import { hasInvisible, splitVisible, toVisibleString } from './visible';
import {
  classifyBody,
  hexDumpLines,
  imageDataUrl,
  parseFormFields,
  parseMultipart,
  prettyJson,
  queryParams,
} from './views';

const enc = new TextEncoder();
const text = '{"hello":"wörld","n":[1,2,3]}'.repeat(20);
const raw = enc.encode(text);
const u8 = (b: Buffer) => new Uint8Array(b);

describe('contentDecode', () => {
  beforeAll(() => loadBrotli());

  it.each([
    ['gzip', u8(nodeGzip(raw))],
    ['x-gzip', u8(nodeGzip(raw))],
    ['deflate', u8(deflateSync(raw))],
    ['deflate', u8(deflateRawSync(raw))],
    ['br', u8(brotliCompressSync(raw))],
    ['gzip, br', u8(brotliCompressSync(nodeGzip(raw)))],
    ['identity', raw],
  ])('undoes %s', (coding, bytes) => {
    const out = contentDecode(bytes, coding);
    expect(out.error).toBeUndefined();
    expect(new TextDecoder().decode(out.decoded)).toBe(text);
  });

  it('reports a broken stream and keeps the raw bytes', () => {
    const broken = enc.encode('not gzip at all');
    const out = contentDecode(broken, 'gzip');
    expect(out.error).toMatch(/Could not decode gzip/);
    expect(out.decoded).toBe(broken);
  });

  it('refuses a gzip body whose trailer claims more than 64 MiB, before allocating for it', () => {
    // a real 1 KB gzip stream with a forged ISIZE of ~4 GB (fflate would allocate that much)
    const forged = u8(nodeGzip(raw));
    new DataView(forged.buffer, forged.byteOffset).setUint32(forged.length - 4, 0xfffffff0, true);
    const out = contentDecode(forged, 'gzip');
    expect(out.error).toBe('Could not decode gzip: decoded body is larger than 64 MiB');
    expect(out.decoded).toBe(forged);
    // at the limit it is still decoded (fflate keeps the stream's own bytes)
    const honest = u8(nodeGzip(raw));
    new DataView(honest.buffer, honest.byteOffset).setUint32(
      honest.length - 4,
      64 * 1024 * 1024,
      true,
    );
    expect(new TextDecoder().decode(contentDecode(honest, 'gzip').decoded)).toBe(text);
  });

  it('reports an unknown coding', () => {
    expect(contentDecode(raw, 'zstd-weird').error).toMatch(/unsupported content coding/);
  });

  it('decodeBody reads base64 bodies and keeps wire size and truncation', () => {
    const gz = u8(nodeGzip(raw));
    const body = { ...bytesBody(gz), truncated: false };
    const d = decodeBody(body, [['Content-Encoding', 'gzip']]);
    expect(d.wireSize).toBe(gz.length);
    expect(d.decoded.length).toBe(raw.length);
    expect(d.codings).toEqual(['gzip']);
    expect(decodeBody({ ...textBody('abc'), truncated: true }, []).truncated).toBe(true);
  });
});

describe('charsets and types', () => {
  it('parses content types', () => {
    expect(parseContentType('Text/HTML; Charset="ISO-8859-1"')).toEqual({
      mime: 'text/html',
      charset: 'ISO-8859-1',
      boundary: undefined,
    });
    expect(parseContentType('multipart/form-data; boundary=----x').boundary).toBe('----x');
  });
  it('decodes with the declared charset and falls back to utf-8', () => {
    expect(decodeText(new Uint8Array([0xe9]), 'iso-8859-1')).toEqual({
      text: 'é',
      charset: 'windows-1252',
    });
    expect(decodeText(enc.encode('é'), 'no-such-charset')).toEqual({ text: 'é', charset: 'utf-8' });
  });
  it('classifies bodies', () => {
    const ct = (v: string) => parseContentType(v);
    expect(classifyBody(enc.encode('{"a":1}'), ct('application/json'))).toBe('json');
    expect(classifyBody(enc.encode('{"a":1}'), ct(''))).toBe('json');
    expect(classifyBody(enc.encode('a=1'), ct('application/x-www-form-urlencoded'))).toBe('form');
    expect(classifyBody(new Uint8Array([0, 1, 2, 0xff]), ct('application/octet-stream'))).toBe(
      'binary',
    );
    expect(classifyBody(new Uint8Array([0x89, 0x50]), ct('image/png'))).toBe('image');
    expect(classifyBody(enc.encode('<svg onload=alert(1)>'), ct('image/svg+xml'))).toBe('text');
    expect(classifyBody(enc.encode('<script>x</script>'), ct('text/html'))).toBe('text');
    expect(classifyBody(new Uint8Array(), ct('text/html'))).toBe('empty');
  });
});

describe('views', () => {
  it('pretty-prints JSON and reports invalid JSON', () => {
    expect(prettyJson('{"a":[1]}')).toEqual({ ok: true, text: '{\n  "a": [\n    1\n  ]\n}' });
    expect(prettyJson('{nope').ok).toBe(false);
  });
  it('reads form fields and query parameters with duplicates and bad escapes', () => {
    expect(parseFormFields('a=1&b=x+y&a=%E2%9C%93&bad=%zz&flag')).toEqual([
      ['a', '1'],
      ['b', 'x y'],
      ['a', '✓'],
      ['bad', '%zz'],
      ['flag', ''],
    ]);
    expect(queryParams('/p?x=1&y=2#frag')).toEqual([
      ['x', '1'],
      ['y', '2'],
    ]);
    expect(queryParams('/p')).toEqual([]);
  });
  it('splits multipart bodies', () => {
    const body = enc.encode(
      '--XyZ\r\nContent-Disposition: form-data; name="field"\r\n\r\nvalue 1\r\n' +
        '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a b.txt"\r\nContent-Type: text/plain\r\n\r\nfile\r\nbody\r\n' +
        '--XyZ--\r\n',
    );
    const parts = parseMultipart(body, 'XyZ');
    expect(parts.map((p) => [p.name, p.filename, new TextDecoder().decode(p.body)])).toEqual([
      ['field', undefined, 'value 1'],
      ['file', 'a b.txt', 'file\r\nbody'],
    ]);
    expect(parts[1]!.contentType.mime).toBe('text/plain');
  });
  it('hex-dumps with offsets and ASCII', () => {
    const lines = hexDumpLines(enc.encode('ABCDEFGHIJKLMNOPQ\x00'));
    expect(lines[0]).toBe(
      '00000000  41 42 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  |ABCDEFGHIJKLMNOP|',
    );
    expect(lines[1]).toMatch(/^00000010 {2}51 00 {3}/);
    expect(lines[1]).toMatch(/\|Q\.\|$/);
  });
  it('makes data URLs only for raster images, never SVG', () => {
    expect(imageDataUrl(new Uint8Array([1, 2]), 'image/png')).toBe('data:image/png;base64,AQI=');
    expect(imageDataUrl(enc.encode('<svg/>'), 'image/svg+xml')).toBeNull();
    expect(imageDataUrl(enc.encode('<b>'), 'text/html')).toBeNull();
  });
});

describe('control and bidi characters', () => {
  it('makes them visible and leaves newline and tab alone', () => {
    const s = 'a\u0000b\u001bc\td\ne\u007f\u0085\u202Eevil\u2066\u200F';
    expect(toVisibleString(s)).toBe('a␀b␛c\td\ne␡⟨U+0085⟩⟨U+202E⟩evil⟨U+2066⟩⟨U+200F⟩');
    expect(hasInvisible('plain\ttext\n')).toBe(false);
    expect(hasInvisible('x\u202Ay')).toBe(true);
  });
  it('splits into plain and special segments', () => {
    expect(splitVisible('ab\u0000c\u202E')).toEqual([
      { text: 'ab', special: false },
      { text: '␀', special: true, codePoint: 0 },
      { text: 'c', special: false },
      { text: '⟨U+202E⟩', special: true, codePoint: 0x202e },
    ]);
  });
});
