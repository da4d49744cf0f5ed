/**
 * What a capture document is, before its flows are validated: the ctfy
 * traffic document of the API, or a file the user opened (ctfy JSON, HAR, a
 * mitmproxy dump). Runs in the worker; no worker globals.
 */
import { harToFlows, parseMitmFile } from '../../../lib/capture';
import { CaptureFormatError, parseCaptureJson } from '../../../lib/capture/captureJson';

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

/** A file the user opened: ctfy JSON, HAR, or a mitmproxy dump (`.mitm`/`.flows`). */
export function parseCaptureFile(bytes: Uint8Array, name: string): ParsedDocument {
  let first = 0;
  while (
    first < bytes.length &&
    (bytes[first] === 0x20 ||
      bytes[first] === 0x0a ||
      bytes[first] === 0x0d ||
      bytes[first] === 0x09 ||
      bytes[first] === 0xef ||
      bytes[first] === 0xbb ||
      bytes[first] === 0xbf)
  )
    first++;
  const lower = name.toLowerCase();
  if (bytes[first] === 0x7b || lower.endsWith('.har') || lower.endsWith('.json')) {
    const json = parseCaptureJson(bytes);
    if (json && typeof json === 'object' && 'log' in json) {
      try {
        const { flows, warnings } = harToFlows(json);
        return { kind: 'flows', raw: flows, truncated: false, warnings, validated: false };
      } catch (e) {
        throw new CaptureFormatError(`Not a valid HAR file: ${e instanceof Error ? e.message : e}`);
      }
    }
    return parseTrafficDocument(json);
  }
  if (bytes.length === 0) throw new CaptureFormatError('The file is empty.');
  try {
    const { flows, warnings } = parseMitmFile(bytes);
    if (flows.length === 0 && warnings.length > 0) throw new Error(warnings.join('; '));
    return { kind: 'flows', raw: flows, truncated: false, warnings, validated: false };
  } catch (e) {
    throw new CaptureFormatError(
      `Not a mitmproxy capture, HAR or ctfy JSON file: ${e instanceof Error ? e.message : e}`,
    );
  }
}

export { CaptureFormatError };

export function decodeCaptureBytes(bytes: Uint8Array): ParsedDocument {
  return parseTrafficDocument(parseCaptureJson(bytes));
}
