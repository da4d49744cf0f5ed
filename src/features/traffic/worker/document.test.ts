import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeTnetstring } from '@shared/capture/tnetstring';
import { CaptureFormatError } from '@shared/capture/captureJson';
import { describeFile, parseCaptureFile } from './localDocument';

const enc = new TextEncoder();

describe('a file that is not a capture', () => {
  it.each([
    [
      'plain text',
      enc.encode('this is not a capture\nat all'),
      /^plain text, beginning “this is not a capture”$/,
    ],
    ['an HTML page', enc.encode('<!DOCTYPE html><html><body>x'), /^an HTML page$/],
    ['a PNG image', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), /^a PNG image$/],
    ['gzip data', gzipSync(enc.encode('{"a":1}')), /gzip-compressed data/],
    ['binary data', new Uint8Array([0, 1, 2, 3, 200, 201, 0, 7]), /^binary data$/],
    ['an empty file', new Uint8Array(0), /^an empty file$/],
    [
      'long text, shown short and with control characters visible',
      enc.encode(`\u202e${'x'.repeat(100)}`),
      /^plain text, beginning “⟨U\+202E⟩x{59}…”$/,
    ],
  ])('%s is described in the user’s words', (_, bytes, description) => {
    expect(describeFile(bytes)).toMatch(description);
  });

  it('a tnetstring-shaped file is left to the mitmproxy reader, binary bodies and all', () => {
    expect(describeFile(enc.encode('12:hello'))).toBeNull();
    const dump = encodeTnetstring({ body: new Uint8Array(64).map((_, i) => 0x80 + i) });
    expect(describeFile(dump)).toBeNull();
  });

  it('the error says which formats are accepted and what the file looks like instead', () => {
    let message = '';
    try {
      parseCaptureFile(enc.encode('this is not a capture'), 'garbage.txt');
    } catch (e) {
      expect(e).toBeInstanceOf(CaptureFormatError);
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /^This is not a capture file: it looks like plain text, beginning “this is not a capture”\./,
    );
    expect(message).toMatch(
      /mitmproxy dump \(\.mitm or \.flows.*HAR file \(\.har.*ctfy traffic JSON/,
    );
    expect(message).not.toMatch(/tnetstring|0x74|byte 0/);
  });

  it('JSON that is no capture says so, with the reason', () => {
    expect(() => parseCaptureFile(enc.encode('{"format":"other/9"}'), 'x.json')).toThrow(
      /it looks like JSON that is neither HAR nor ctfy traffic JSON\. \(The capture has format "other\/9"/,
    );
  });

  it('a damaged mitmproxy dump says it is one, with the reader’s reason', () => {
    const good = encodeTnetstring({ version: 14 });
    const cut = good.subarray(0, good.length - 3);
    expect(() => parseCaptureFile(cut, 'x.mitm')).toThrow(
      /looks like a mitmproxy dump, but it cannot be read \(.+\)\. It may be cut short or damaged/,
    );
  });
});
