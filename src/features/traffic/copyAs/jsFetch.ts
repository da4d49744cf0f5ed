/**
 * "Copy as fetch": a Node.js (18 or later) ES module that sends the request
 * again with `fetch`. Strings are JSON literals (nothing from the capture can
 * end one early); the body is a Buffer, so binary bodies go out as captured
 * and fetch adds no Content-Type of its own. Header values are byte strings
 * (UTF-8 bytes, one per character), which is what fetch sends.
 */
import type { DecodedBody } from '@shared/capture/decode';
import type { Flow } from '@shared/schemas';
import { noteOf, replayRequest, type Snippet } from './replay';

const js = (text: string) => JSON.stringify(text);

/** A JS expression for the byte string of `text`'s UTF-8 bytes. */
function byteString(text: string): string {
  // eslint-disable-next-line no-control-regex -- ASCII is its own byte string
  if (/^[\x00-\x7f]*$/.test(text)) return js(text);
  return `Buffer.from(${js(text)}).toString('latin1')`;
}

function base64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/**
 * The request target fetch will send: it parses the URL the WHATWG way
 * (dot segments resolved, quotes percent-encoded), unlike curl or requests.
 */
export function fetchTarget(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

export function buildJsFetch(flow: Flow, body: DecodedBody | null): Snippet {
  const request = replayRequest(flow, body);
  const target = fetchTarget(request.url);
  if (target !== flow.request.path)
    request.notes.push(
      `fetch sends the path as ${JSON.stringify(target)} (URL parsing changes ${JSON.stringify(flow.request.path)}); Copy as curl or Python sends it as captured.`,
    );
  const bodyLine = !request.body
    ? []
    : request.bodyText !== null
      ? [`  body: Buffer.from(${js(request.bodyText)}),`]
      : [`  body: Buffer.from(${js(base64(request.body))}, 'base64'),`];
  const lines = [
    `// Node.js 18 or later: node --input-type=module < this-file`,
    `const response = await fetch(${js(request.url)}, {`,
    `  method: ${js(request.method)},`,
    '  headers: [',
    ...request.headers.map(([name, value]) => `    [${js(name)}, ${byteString(value)}],`),
    '  ],',
    ...bodyLine,
    "  redirect: 'manual',",
    '});',
    'console.log(`${response.status} ${response.statusText}`);',
    'console.log(await response.text());',
  ];
  return { text: `${lines.join('\n')}\n`, note: noteOf(request) };
}
