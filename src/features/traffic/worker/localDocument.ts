/**
 * A file the user opened, read whole: ctfy JSON, HAR, or a mitmproxy dump
 * (a dump that can be streamed goes through `fileStream.ts`), and what a
 * file that is not a capture looks like. Loaded with the local-file code
 * (`localFile.ts`), not on a served capture's first visit.
 */
import { harToFlows } from '@shared/capture/har';
import { parseMitmFile } from '@shared/capture/mitm';
import { CaptureFormatError, parseCaptureJson } from '@shared/capture/captureJson';
import { toVisibleString } from '../body/visible';
import { ACCEPTED_CAPTURES } from '../captureFormats';
import { parseTrafficDocument, type ParsedDocument } from './document';

const startsWith = (bytes: Uint8Array, ...prefix: number[]) =>
  prefix.every((b, i) => bytes[i] === b);

/** Known file signatures, in the user's words. */
const SIGNATURES: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (unpack it first)'],
  [[0x1f, 0x8b], 'gzip-compressed data (decompress it first)'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed data (decompress it first)'],
  [[0x7f, 0x45, 0x4c, 0x46], 'a program (ELF executable)'],
];

/**
 * What a file that is not a capture looks like, in the user's words ("plain
 * text, beginning …", "a PNG image"). `null` when it looks like a mitmproxy
 * dump (a tnetstring: digits, then a colon) that could not be read.
 */
export function describeFile(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'an empty file';
  for (const [signature, what] of SIGNATURES) if (startsWith(bytes, ...signature)) return what;
  // a tnetstring starts with its length in ASCII digits and a colon (bodies in it may be binary)
  let digits = 0;
  while (digits < bytes.length && digits <= 12 && bytes[digits]! >= 0x30 && bytes[digits]! <= 0x39)
    digits++;
  if (digits > 0 && bytes[digits] === 0x3a) return null;
  const head = bytes.subarray(0, 4096);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head);
  } catch {
    // a cut in the middle of a character at the end of the sample is fine
    text = new TextDecoder('utf-8').decode(head);
    if ((text.match(/\uFFFD/g) ?? []).length > 4) return 'binary data';
  }
  const start = text.replace(/^\uFEFF/, '').trimStart();
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  if (/[\x00-\x08\x0e-\x1f]/.test(start)) return 'binary data';
  if (/^<!doctype html|^<html/i.test(start)) return 'an HTML page';
  if (/^<\?xml/i.test(start)) return 'an XML document';
  const firstLine = start.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine === '') return 'blank text';
  const shown = firstLine.length > 60 ? `${firstLine.slice(0, 60)}…` : firstLine;
  return `plain text, beginning “${toVisibleString(shown)}”`;
}

function notACapture(looksLike: string, detail?: string): CaptureFormatError {
  return new CaptureFormatError(
    `This is not a capture file: it looks like ${looksLike}.${detail ? ` (${detail})` : ''} The viewer opens ${ACCEPTED_CAPTURES}.`,
  );
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
  const json = bytes[first] === 0x7b || bytes[first] === 0x5b;
  if (json || lower.endsWith('.har') || lower.endsWith('.json')) {
    let parsed: unknown;
    try {
      parsed = parseCaptureJson(bytes);
    } catch (e) {
      if (json) throw e;
      throw notACapture(describeFile(bytes) ?? 'a mitmproxy dump, not JSON');
    }
    if (parsed && typeof parsed === 'object' && 'log' in parsed) {
      try {
        const { flows, warnings } = harToFlows(parsed);
        return { kind: 'flows', raw: flows, truncated: false, warnings, validated: false };
      } catch (e) {
        throw new CaptureFormatError(
          `Not a valid HAR file: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    try {
      return parseTrafficDocument(parsed);
    } catch (e) {
      if (!(e instanceof CaptureFormatError)) throw e;
      throw notACapture('JSON that is neither HAR nor ctfy traffic JSON', e.message);
    }
  }
  const looksLike = describeFile(bytes);
  // only something shaped like a mitmproxy dump is worth reading as one
  if (looksLike !== null) throw notACapture(looksLike);
  try {
    const { flows, warnings } = parseMitmFile(bytes);
    if (flows.length === 0 && warnings.length > 0) throw new Error(warnings.join('; '));
    return { kind: 'flows', raw: flows, truncated: false, warnings, validated: false };
  } catch (e) {
    throw new CaptureFormatError(
      `This looks like a mitmproxy dump, but it cannot be read (${e instanceof Error ? e.message : String(e)}). It may be cut short or damaged. The viewer opens ${ACCEPTED_CAPTURES}.`,
    );
  }
}
