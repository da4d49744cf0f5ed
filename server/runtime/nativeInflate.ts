/**
 * Node's zlib as the shared decoder's raw-DEFLATE engine (`useRawInflate` in
 * `shared/capture/contentDecode.ts`), for the platform's filter threads: the
 * same answers as fflate (that module says where they are provably the same
 * and asks only there), several times faster on all but tiny bodies.
 */
import { brotliDecompressSync, inflateRawSync, type ZlibOptions } from 'node:zlib';
import {
  useBrotliNative,
  useRawInflate,
  type BrotliNative,
  type RawInflate,
} from '../../shared/capture/contentDecode';

/**
 * Below this many compressed bytes fflate is as fast (a native call costs
 * a few µs to set up; measured on gzipped pages of 100 B to 4 KB).
 */
const NATIVE_FROM_BYTES = 160;

/** Output chunk: the exact size when it is known (gzip's ISIZE), else Node's default. */
const DEFAULT_CHUNK = 16 * 1024;

type InflateRawWithInfo = (
  buf: Uint8Array,
  options: ZlibOptions & { info: true },
) => { buffer: Buffer; engine: { bytesWritten: number } };

/**
 * A `RawInflate` on Node's zlib: the decoded bytes when zlib decoded the
 * whole of `range` (to its last byte) as one stream without error into at
 * most `maxLength` bytes, else undefined.
 */
export function nativeRawInflate({ fromBytes = NATIVE_FROM_BYTES } = {}): RawInflate {
  const inflate = inflateRawSync as unknown as InflateRawWithInfo;
  return (range, maxLength) => {
    if (range.length < fromBytes) return undefined;
    try {
      const { buffer, engine } = inflate(range, {
        info: true,
        maxOutputLength: Math.max(1, maxLength),
        chunkSize: Math.min(Math.max(64, maxLength), DEFAULT_CHUNK),
      });
      if (engine.bytesWritten !== range.length) return undefined;
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
    } catch {
      // truncated, corrupt, over maxLength: fflate decides (and words the error)
      return undefined;
    }
  };
}

/**
 * A `BrotliNative` on Node's zlib: the decoded bytes when Node decoded all of
 * `bytes` without error into at most `maxLength` bytes, else undefined.
 */
export function nativeBrotli(): BrotliNative {
  return (bytes, maxLength) => {
    try {
      const out = brotliDecompressSync(bytes, { maxOutputLength: Math.max(1, maxLength) });
      return new Uint8Array(out.buffer, out.byteOffset, out.length);
    } catch {
      // truncated, corrupt, longer than the port's buffer: the port decides
      return undefined;
    }
  };
}

/**
 * Content-decoding in this thread inflates (and decodes brotli) with Node's
 * zlib where it gives the pure-JS decoders' bytes (CTFY_INFLATE=fflate: the
 * pure-JS decoders alone, to compare).
 */
export function installNativeInflate(): void {
  if (process.env.CTFY_INFLATE === 'fflate') return;
  useRawInflate(nativeRawInflate());
  useBrotliNative(nativeBrotli());
}
