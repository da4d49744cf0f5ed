/** Captured bodies in the `ctfy-traffic/1` Body shape. */
import type { Body } from '../../src/api/schemas';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Text when the bytes are valid UTF-8 with no NUL, else null. */
function asText(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * `kept` is at most `maxBytes` long; `size` is the true count on the wire.
 * A truncated body may end inside a UTF-8 sequence: up to 3 trailing bytes
 * are dropped before deciding it is not text.
 */
export function makeBody(kept: Buffer, size: number, maxBytes: number): Body {
  const truncated = size > kept.length || size > maxBytes;
  const bytes = kept.length > maxBytes ? kept.subarray(0, maxBytes) : kept;
  let text = asText(bytes);
  if (text === null && truncated) {
    for (let cut = 1; cut <= 3 && text === null && cut < bytes.length; cut++)
      text = asText(bytes.subarray(0, bytes.length - cut));
  }
  const body: Body =
    text !== null
      ? { encoding: 'utf-8', data: text, size }
      : { encoding: 'base64', data: bytes.toString('base64'), size };
  if (truncated) body.truncated = true;
  return body;
}

/** Collects at most `maxBytes` of a stream while counting every byte. */
export class BodyCollector {
  private chunks: Buffer[] = [];
  private kept = 0;
  size = 0;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.kept >= this.maxBytes) return;
    const room = this.maxBytes - this.kept;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.chunks.push(part);
    this.kept += part.length;
  }

  /** null when nothing was sent */
  body(): Body | null {
    if (this.size === 0) return null;
    return makeBody(Buffer.concat(this.chunks), this.size, this.maxBytes);
  }
}
