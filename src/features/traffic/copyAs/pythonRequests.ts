/**
 * "Copy as Python requests": a script that sends the request again with the
 * `requests` library. Every value is a Python literal with escapes (nothing
 * from the capture can end a string early); header values and the body are
 * bytes, so non-ASCII and binary values go out as captured. requests'
 * defaults (User-Agent, Accept-Encoding, Accept) are switched off, and the
 * URL is set after preparation, as captured (requests and urllib3 would
 * re-quote it; the snippet turns urllib3's re-encoding off).
 */
import type { DecodedBody } from '@shared/capture/decode';
import type { Flow } from '@shared/schemas';
import { hasHeader, noteOf, replayRequest, type Snippet } from './replay';

/** A Python str literal: printable ASCII as is, everything else escaped. */
export function pyStr(text: string): string {
  let out = "'";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\' || ch === "'") out += `\\${ch}`;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp <= 0xff) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}'`;
}

/** A Python bytes literal of exactly `bytes`. */
export function pyBytes(bytes: Uint8Array): string {
  let out = "b'";
  for (const b of bytes) {
    if (b === 0x5c || b === 0x27) out += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `${out}'`;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

export function buildPythonRequests(flow: Flow, body: DecodedBody | null): Snippet {
  const request = replayRequest(flow, body);
  const headerLines = request.headers.map(
    ([name, value]) => `        ${pyStr(name)}: ${pyBytes(utf8(value))},`,
  );
  // what the flow did not send, urllib3 must not add (requests' own defaults are cleared)
  for (const name of ['User-Agent', 'Accept-Encoding'])
    if (!hasHeader(request, name)) headerLines.push(`        ${pyStr(name)}: SKIP_HEADER,`);
  const lines = [
    'import requests',
    'import urllib3.connectionpool',
    'from urllib3.util import SKIP_HEADER',
    '',
    '# send the path as captured: urllib3 would re-encode it (%2e → %2E, " → %22)',
    "if hasattr(urllib3.connectionpool, '_encode_target'):",
    '    urllib3.connectionpool._encode_target = lambda target: target',
    '',
    'session = requests.Session()',
    'session.headers.clear()  # send only the captured headers',
    'request = requests.Request(',
    `    ${pyStr(request.method)},`,
    `    ${pyStr(request.url)},`,
    '    headers={',
    ...headerLines,
    '    },',
    ...(request.body ? [`    data=${pyBytes(request.body)},`] : []),
    ')',
    'prepared = session.prepare_request(request)',
    `prepared.method = ${pyStr(request.method)}`,
    `prepared.url = ${pyStr(request.url)}  # as captured`,
    'response = session.send(prepared, allow_redirects=False)',
    'print(response.status_code, response.reason)',
    'print(response.text)',
  ];
  return { text: `${lines.join('\n')}\n`, note: noteOf(request) };
}
