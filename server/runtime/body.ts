/**
 * Captured bodies in the `ctfy-traffic/1` Body shape: the stream collector is
 * the server's; the bytes → Body rule is the one the dashboard uses too
 * (`shared/capture/body.ts`).
 */
import type { Body } from '../../shared/schemas';
import { bodyFromBytes } from '../../shared/capture/body';

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
    return bodyFromBytes(Buffer.concat(this.chunks), {
      maxBytes: this.maxBytes,
      size: this.size,
    });
  }
}
