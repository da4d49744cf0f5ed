/**
 * Big captures for the benchmark: real mitmproxy flows (fresh from
 * Debian's mitmdump) replicated with new ids, shifted timestamps and
 * distinct paths, written as a `.mitm` dump with our tnetstring writer.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { makeCapture, makeRealisticCapture } from '../scripts/make-fixtures.mjs';
import {
  encodeTnetstring,
  readTnetstrings,
  type TnetDict,
  type TnetValue,
} from '../shared/capture/tnetstring';
import { isBytes } from '../shared/capture/bytes';

function isDict(value: TnetValue | undefined): value is TnetDict {
  return typeof value === 'object' && value !== null && !isBytes(value) && !Array.isArray(value);
}

/**
 * The HTTP flows of a fresh mitmdump capture, as raw `get_state()` dicts:
 * the small demo flows, or (`realistic`) 200 flows with bodies of 100 B to
 * 4 KB (pages, JSON, text, images; about 4.3 KB per flow).
 */
export async function freshOriginals(
  realistic = false,
): Promise<{ flows: TnetDict[]; bytes: number }> {
  const bytes = realistic ? await makeRealisticCapture(200) : await makeCapture();
  const flows = readTnetstrings(bytes)
    .filter(isDict)
    .filter((state) => state.type === 'http');
  if (flows.length === 0) throw new Error('mitmdump made no flows');
  return { flows, bytes: bytes.length };
}

/** Deep copy with every `timestamp*` number moved by `delta` seconds (bytes are shared, not copied). */
function shifted(value: TnetValue, delta: number): TnetValue {
  if (Array.isArray(value)) return value.map((item) => shifted(item, delta));
  if (!isDict(value)) return value;
  const copy: TnetDict = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] =
      key.startsWith('timestamp') && typeof item === 'number' ? item + delta : shifted(item, delta);
  }
  return copy;
}

function uuid(prefix: number, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

const encoder = new TextEncoder();

function replicate(original: TnetDict, n: number, runId: number, baseTime: number): TnetDict {
  const created = typeof original.timestamp_created === 'number' ? original.timestamp_created : 0;
  // one flow every 10 ms, in order
  const copy = shifted(original, baseTime + n * 0.01 - created) as TnetDict;
  copy.id = uuid(runId, n);
  for (const conn of ['client_conn', 'server_conn']) {
    const state = copy[conn];
    if (isDict(state)) state.id = uuid(runId + 1 + (conn === 'server_conn' ? 1 : 0), n);
  }
  const request = copy.request;
  if (isDict(request) && isBytes(request.path)) {
    const path = new TextDecoder().decode(request.path);
    request.path = encoder.encode(`${path}${path.includes('?') ? '&' : '?'}n=${n}`);
  }
  const websocket = copy.websocket;
  if (isDict(websocket) && Array.isArray(websocket.messages)) {
    for (const message of websocket.messages) {
      if (Array.isArray(message) && typeof message[3] === 'number')
        message[3] += baseTime + n * 0.01 - created;
    }
  }
  return copy;
}

/** Writes `count` flows cycling through `originals`; returns the file size in bytes. */
export function writeReplicatedCapture(
  originals: TnetDict[],
  count: number,
  outFile: string,
): number {
  const fd = openSync(outFile, 'w');
  const runId = Math.floor(Math.random() * 0xffffff) << 4;
  const baseTime = Math.floor(Date.now() / 1000) - count * 0.01 - 60;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let total = 0;
  const flush = () => {
    for (const part of pending) writeSync(fd, part);
    pending = [];
    pendingBytes = 0;
  };
  try {
    for (let n = 0; n < count; n++) {
      const encoded = encodeTnetstring(
        replicate(originals[n % originals.length]!, n, runId, baseTime),
      );
      pending.push(encoded);
      pendingBytes += encoded.length;
      total += encoded.length;
      if (pendingBytes > 4 * 1024 * 1024) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return total;
}
