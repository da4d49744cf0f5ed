/** Hand-made flows for unit tests (the shape the platform and the readers produce). */
import type { Body, Flow } from '../schemas';
import { base64Encode } from './bytes';

let counter = 0;

export function textBody(data: string): Body {
  return { encoding: 'utf-8', data, size: new TextEncoder().encode(data).length };
}

export function bytesBody(bytes: Uint8Array): Body {
  return { encoding: 'base64', data: base64Encode(bytes), size: bytes.length };
}

export function makeFlow(over: {
  method?: string;
  host?: string;
  path?: string;
  status?: number | null;
  reqHeaders?: [string, string][];
  resHeaders?: [string, string][];
  reqBody?: Body | null;
  resBody?: Body | null;
  error?: string;
  time?: number;
  websocket?: Flow['websocket'];
  id?: string;
}): Flow {
  const t = over.time ?? 1_700_000_000 + counter;
  counter++;
  return {
    id: over.id ?? `flow-${counter}`,
    type: 'http',
    timestamp_created: t,
    request: {
      method: over.method ?? 'GET',
      scheme: 'http',
      host: over.host ?? 'example.test',
      port: 80,
      path: over.path ?? '/',
      http_version: 'HTTP/1.1',
      headers: over.reqHeaders ?? [['Host', over.host ?? 'example.test']],
      content: over.reqBody ?? null,
      timestamp_start: t,
      timestamp_end: t + 0.001,
    },
    response:
      over.status === null
        ? null
        : {
            status_code: over.status ?? 200,
            reason: 'OK',
            http_version: 'HTTP/1.1',
            headers: over.resHeaders ?? [['Content-Type', 'text/plain']],
            content: over.resBody ?? null,
            timestamp_start: t + 0.01,
            timestamp_end: t + 0.02,
          },
    error: over.error ? { msg: over.error, timestamp: t + 0.02 } : null,
    websocket: over.websocket ?? null,
  };
}

/** The bytes of several parts, one after the other (tests that cut and join captures). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
