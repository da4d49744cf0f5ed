/**
 * Reading a JSON capture (a ctfy traffic document, a HAR, a batch of flows):
 * one parse, one error type, one message, whether the text arrived whole
 * (a file the user opened) or in pieces (a streamed answer).
 */

/** The capture is not in a shape we read; the message is for the user. */
export class CaptureFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureFormatError';
  }
}

// not fatal: a stray invalid byte inside a string is shown as U+FFFD, not a refusal;
// a leading byte-order mark is dropped (JSON.parse would refuse it)
const decoder = new TextDecoder('utf-8');

/** JSON text or UTF-8 bytes → the parsed value; `CaptureFormatError` when it is not JSON. */
export function parseCaptureJson(input: string | Uint8Array): unknown {
  const text = typeof input === 'string' ? input : decoder.decode(input);
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : 'parse error';
    throw new CaptureFormatError(`The capture is not valid JSON (${why.slice(0, 200)}).`);
  }
}
