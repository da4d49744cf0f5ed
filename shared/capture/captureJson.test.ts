import { describe, expect, it } from 'vitest';
import { CaptureFormatError, parseCaptureJson } from './captureJson';

const enc = new TextEncoder();

describe('parseCaptureJson', () => {
  it('parses text and UTF-8 bytes alike, a byte-order mark included', () => {
    expect(parseCaptureJson('{"format":"ctfy-traffic/1"}')).toEqual({ format: 'ctfy-traffic/1' });
    expect(parseCaptureJson(enc.encode('\ufeff{"a":"ü"}'))).toEqual({ a: 'ü' });
    expect(parseCaptureJson(new Uint8Array([0x5b, 0x22, 0xff, 0x22, 0x5d]))).toEqual(['\ufffd']);
  });

  it('turns anything that is not JSON into a CaptureFormatError that says so', () => {
    for (const input of [
      '',
      'tnetstring',
      '{"a":',
      '{"a":1} trailing',
      '\0',
      enc.encode('<html>'),
    ]) {
      let error: unknown;
      try {
        parseCaptureJson(input);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CaptureFormatError);
      expect((error as Error).name).toBe('CaptureFormatError');
      expect((error as Error).message).toMatch(/^The capture is not valid JSON \(.+\)\.$/);
    }
  });

  it('keeps the message short whatever the parser says', () => {
    let message = '';
    try {
      parseCaptureJson(`{"${'x'.repeat(100_000)}`);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.length).toBeLessThan(300);
  });
});
