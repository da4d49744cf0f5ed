/**
 * Two flows side by side: the request and status lines, headers and bodies
 * as rows of a two-column table. Text is compared by lines and JSON
 * structurally (jsdiff's `diffJson`: key order does not count, values do).
 * Pure code (jsdiff does the diffing), unit-tested.
 */
import { diffJson, diffLines, type ChangeObject } from 'diff';
import { decodeText, headerValue, looksBinary, parseContentType } from '@shared/capture/decode';
import type { DecodedBody } from '@shared/capture/decode';
import { isJsonType } from '../body/views';
import type { FlowDetails } from '../session';

export type DiffKind = 'same' | 'changed' | 'removed' | 'added';

export interface DiffRow {
  kind: DiffKind;
  /** the line in flow A (null: none on this side) */
  left: string | null;
  right: string | null;
}

export type Comparison =
  { ok: true; rows: DiffRow[]; identical: boolean; how: string } | { ok: false; reason: string };

/** Lines compared beyond this are not diffed (the diff is quadratic at worst). */
export const MAX_DIFF_CHARS = 256 * 1024;
/** Edits beyond this: "too different to compare line by line". */
const MAX_EDIT_LENGTH = 4000;

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** jsdiff's changes as side-by-side rows: a removal followed by an addition pairs up as changed lines. */
export function toRows(changes: ChangeObject<string>[]): DiffRow[] {
  const rows: DiffRow[] = [];
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const lines = splitLines(change.value);
    if (!change.added && !change.removed) {
      for (const line of lines) rows.push({ kind: 'same', left: line, right: line });
      continue;
    }
    const next = changes[i + 1];
    if (change.removed && next?.added) {
      const added = splitLines(next.value);
      const n = Math.max(lines.length, added.length);
      for (let j = 0; j < n; j++) {
        const left = lines[j] ?? null;
        const right = added[j] ?? null;
        rows.push({
          kind: left !== null && right !== null ? 'changed' : left !== null ? 'removed' : 'added',
          left,
          right,
        });
      }
      i++;
      continue;
    }
    for (const line of lines)
      rows.push(
        change.removed
          ? { kind: 'removed', left: line, right: null }
          : { kind: 'added', left: null, right: line },
      );
  }
  return rows;
}

function result(changes: ChangeObject<string>[] | undefined, how: string): Comparison {
  if (!changes) return { ok: false, reason: 'They are too different to compare line by line.' };
  const rows = toRows(changes);
  return { ok: true, rows, identical: rows.every((r) => r.kind === 'same'), how };
}

/** Two texts, line by line. */
export function compareText(a: string, b: string, how = 'by lines'): Comparison {
  if (a.length > MAX_DIFF_CHARS || b.length > MAX_DIFF_CHARS)
    return {
      ok: false,
      reason: `Too long to compare here (over ${MAX_DIFF_CHARS / 1024} KB); save both and use a diff tool.`,
    };
  const ending = (s: string) => (s === '' || s.endsWith('\n') ? s : `${s}\n`);
  return result(diffLines(ending(a), ending(b), { maxEditLength: MAX_EDIT_LENGTH }), how);
}

/** Two JSON values, structurally: keys in any order, each value compared. */
export function compareJson(a: unknown, b: unknown): Comparison {
  const changes = diffJson(a as object, b as object, { maxEditLength: MAX_EDIT_LENGTH });
  return result(changes, 'as JSON (key order ignored)');
}

const headerLines = (headers: [string, string][]) =>
  headers.map(([k, v]) => `${k}: ${v}`).join('\n');

interface BodySide {
  body: DecodedBody | null;
  headers: [string, string][];
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Two bodies (content-decoded): JSON structurally when both are JSON, text by lines, binary by bytes. */
export function compareBodies(a: BodySide, b: BodySide): Comparison {
  const bytesA = a.body?.decoded ?? new Uint8Array(0);
  const bytesB = b.body?.decoded ?? new Uint8Array(0);
  const typeA = parseContentType(headerValue(a.headers, 'content-type'));
  const typeB = parseContentType(headerValue(b.headers, 'content-type'));
  if (looksBinary(bytesA, typeA.charset) || looksBinary(bytesB, typeB.charset)) {
    const same = bytesEqual(bytesA, bytesB);
    return same
      ? { ok: true, rows: [], identical: true, how: 'byte for byte (binary)' }
      : {
          ok: false,
          reason: `Binary bodies differ (${bytesA.length} and ${bytesB.length} bytes); compare them as hex after saving both.`,
        };
  }
  const textA = decodeText(bytesA, typeA.charset).text;
  const textB = decodeText(bytesB, typeB.charset).text;
  const small = textA.length <= MAX_DIFF_CHARS && textB.length <= MAX_DIFF_CHARS;
  if (small && (isJsonType(typeA.mime) || isJsonType(typeB.mime)) && textA !== '' && textB !== '') {
    const jsonA = parseJson(textA);
    const jsonB = parseJson(textB);
    if (jsonA.ok && jsonB.ok) return compareJson(jsonA.value, jsonB.value);
  }
  return compareText(textA, textB);
}

export interface FlowComparison {
  requestLine: Comparison;
  requestHeaders: Comparison;
  requestBody: Comparison;
  statusLine: Comparison;
  responseHeaders: Comparison;
  responseBody: Comparison;
}

function statusLine(d: FlowDetails): string {
  const res = d.flow.response;
  if (!res) return d.flow.error ? `(no response: ${d.flow.error.msg})` : '(no response)';
  return `${res.http_version} ${res.status_code} ${res.reason}`;
}

/** Everything the Compare view shows, A on the left, B on the right. */
export function compareFlows(a: FlowDetails, b: FlowDetails): FlowComparison {
  const req = (d: FlowDetails) =>
    `${d.flow.request.method} ${d.flow.request.path} ${d.flow.request.http_version}`;
  return {
    requestLine: compareText(req(a), req(b)),
    requestHeaders: compareText(
      headerLines(a.flow.request.headers),
      headerLines(b.flow.request.headers),
    ),
    requestBody: compareBodies(
      { body: a.request, headers: a.flow.request.headers },
      { body: b.request, headers: b.flow.request.headers },
    ),
    statusLine: compareText(statusLine(a), statusLine(b)),
    responseHeaders: compareText(
      headerLines(a.flow.response?.headers ?? []),
      headerLines(b.flow.response?.headers ?? []),
    ),
    responseBody: compareBodies(
      { body: a.response, headers: a.flow.response?.headers ?? [] },
      { body: b.response, headers: b.flow.response?.headers ?? [] },
    ),
  };
}
