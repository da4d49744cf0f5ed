/**
 * What a capture document is, before its flows are validated: the ctfy
 * traffic document of the API (a file the user opens: `localDocument.ts`).
 * Runs in the worker; no worker globals.
 */
import { CaptureFormatError, parseCaptureJson } from '@shared/capture/captureJson';

/** What a loaded document turned out to be, before its flows are validated. */
export type ParsedDocument =
  | { kind: 'empty' }
  | { kind: 'flows'; raw: unknown[]; truncated: boolean; warnings: string[]; validated: boolean };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A ctfy traffic document (`GET /instances/{id}/traffic`): `{}` or `ctfy-traffic/1`. */
export function parseTrafficDocument(json: unknown): ParsedDocument {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CaptureFormatError(`The capture is ${describe(json)}, not a JSON object.`);
  }
  const doc = json as Record<string, unknown>;
  if (Object.keys(doc).length === 0) return { kind: 'empty' };
  if (doc.format !== 'ctfy-traffic/1') {
    throw new CaptureFormatError(
      `The capture has format ${JSON.stringify(doc.format ?? null)}; expected "ctfy-traffic/1".`,
    );
  }
  if (!Array.isArray(doc.flows)) {
    throw new CaptureFormatError(`The capture's "flows" is ${describe(doc.flows)}, not a list.`);
  }
  return {
    kind: 'flows',
    raw: doc.flows,
    truncated: doc.truncated === true,
    warnings: [],
    validated: false,
  };
}

export function decodeCaptureBytes(bytes: Uint8Array): ParsedDocument {
  return parseTrafficDocument(parseCaptureJson(bytes));
}
