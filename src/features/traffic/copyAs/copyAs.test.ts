/**
 * Each "Copy as" snippet is run for real (python3 with requests, node with
 * fetch, sh with HTTPie's `http`) against a local echo server, and the request it sends is compared
 * with the flow: method, target, header values byte for byte, body byte for
 * byte, over hostile values. Extra headers are allowed only where the flow
 * had none of that name and the client must add it (Host, Content-Length…).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '@shared/schemas';
import { decodeBody } from '@shared/capture/contentDecode';
import { bytesBody, makeFlow, textBody } from '@shared/capture/testFlows';
import { buildHttpie, HTTPIE_PLACES, httpieItemValue, httpieTarget } from './httpie';
import { buildJsFetch, fetchTarget } from './jsFetch';
import { buildPythonRequests, pyBytes, pyStr } from './pythonRequests';
import { buildRawHttp } from './rawHttp';
import { replayRequest, type Snippet } from './replay';

interface Received {
  method: string;
  target: string;
  /** name, value as bytes (Node reads header bytes as latin1) */
  headers: [string, Uint8Array][];
  body: Uint8Array;
}

let server: Server;
let port = 0;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: [string, Uint8Array][] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        headers.push([
          req.rawHeaders[i]!,
          new Uint8Array(Buffer.from(req.rawHeaders[i + 1]!, 'latin1')),
        ]);
      received.push({
        method: req.method ?? '',
        target: req.url ?? '',
        headers,
        body: new Uint8Array(Buffer.concat(chunks)),
      });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Runs `program` with `script` on stdin (asynchronously: the echo server must answer meanwhile). */
function run(program: string, args: string[], script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(program, args, { timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
    child.stdin?.end(script);
  });
}

async function send(snippet: Snippet, runner: 'python' | 'node'): Promise<Received> {
  const before = received.length;
  const out =
    runner === 'python'
      ? await run('python3', ['-'], snippet.text)
      : await run('node', ['--input-type=module'], snippet.text);
  expect(out).toMatch(/^200 OK\nok/);
  expect(existsSync('/tmp/pwned-py') || existsSync('/tmp/pwned-js')).toBe(false);
  expect(received).toHaveLength(before + 1);
  return received[before]!;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * The flow's headers (as the snippet may send them) arrive in order with
 * the same bytes; any other header is one the client adds and the flow lacks.
 */
function expectSameRequest(
  flow: Flow,
  got: Received,
  mayAdd: string[],
  target = flow.request.path,
  /** headers the client puts where it likes (their values are still checked) */
  placedByClient: string[] = [],
) {
  const body = decodeBody(flow.request.content, flow.request.headers);
  const want = replayRequest(flow, body);
  expect(got.method).toBe(flow.request.method);
  expect(got.target).toBe(target);
  expect(Array.from(got.body)).toEqual(Array.from(want.body ?? new Uint8Array(0)));
  const wanted = new Map(want.headers.map(([n, v]) => [n.toLowerCase(), utf8(v)]));
  const order: string[] = [];
  for (const [name, value] of got.headers) {
    const lower = name.toLowerCase();
    const expected = wanted.get(lower);
    if (expected) {
      expect([lower, Array.from(value)]).toEqual([lower, Array.from(expected)]);
      order.push(lower);
    } else {
      expect(mayAdd).toContain(lower);
    }
  }
  const placed = (name: string) => !placedByClient.includes(name);
  expect(order.filter(placed)).toEqual(want.headers.map(([n]) => n.toLowerCase()).filter(placed));
}

const HOSTILE = [
  "it's \"quoted\" $(id) `id` ${HOME} \\ \\n \\x00 '''",
  'ünïcødé ✓ 🚀 \u202Eevil\u202C',
  "'); import os; os.system('touch /tmp/pwned-py'); ('",
  '"); require("fs").writeFileSync("/tmp/pwned-js", ""); ("',
];

function hostileFlow(body: Flow['request']['content']): Flow {
  const flow = makeFlow({
    method: 'POST',
    host: '127.0.0.1',
    path: `/a/%2e%2e/b?x=1&y=$(id)'"&z=%00%ff&q=${encodeURIComponent(HOSTILE[1]!)}`,
    reqHeaders: [
      ['Host', `127.0.0.1:${port}`],
      ...HOSTILE.map((v, i): [string, string] => [`X-Hostile-${i}`, v]),
      ['Cookie', 'a=1'],
      ['Cookie', 'b="two"'],
      ['X-Bad', 'line one\r\nInjected: yes'],
      ['Content-Length', '999'],
      ['Content-Type', 'application/octet-stream'],
      ['User-Agent', 'captured-agent/1'],
    ],
    reqBody: body,
  });
  flow.request.port = port;
  return flow;
}

const BINARY = new Uint8Array([0, 1, 0xff, 0xfe, 0x27, 0x22, 0x5c, 0x0a, 0x0d, 0x41, 0x00, 0x80]);
const TEXT = `${HOSTILE.join('\n')}\0 with a NUL`;

describe('Copy as Python requests', { timeout: 120_000 }, () => {
  it.each([
    ['a text body', textBody(TEXT)],
    ['a binary body', bytesBody(BINARY)],
    ['no body', null],
  ])('sends the captured request byte for byte, with %s', async (_, content) => {
    const flow = hostileFlow(content);
    const snippet = buildPythonRequests(
      flow,
      decodeBody(flow.request.content, flow.request.headers),
    );
    expect(snippet.note).toMatch(/Left out .*"X-Bad"/);
    expect(snippet.note).toMatch(/joined: Cookie/);
    const got = await send(snippet, 'python');
    expectSameRequest(flow, got, ['host', 'content-length']);
  });

  it('adds nothing the flow did not send (no User-Agent, Accept or Accept-Encoding)', async () => {
    const flow = makeFlow({ method: 'GET', host: '127.0.0.1', path: '/plain', reqHeaders: [] });
    flow.request.port = port;
    const got = await send(buildPythonRequests(flow, null), 'python');
    expect(got.headers.map(([n]) => n.toLowerCase())).toEqual(['host']);
  });

  it('literals escape everything that could end them', () => {
    expect(pyStr("a'b\\c\n\u0000✓🚀")).toBe("'a\\'b\\\\c\\x0a\\x00\\u2713\\U0001f680'");
    expect(pyBytes(new Uint8Array([0x27, 0x5c, 0x41, 0xff]))).toBe("b'\\'\\\\A\\xff'");
  });
});

describe('Copy as fetch (Node)', { timeout: 120_000 }, () => {
  // what Node's fetch (undici) adds of its own when the flow has none
  const FETCH_ADDS = [
    'host',
    'content-length',
    'connection',
    'accept',
    'accept-language',
    'sec-fetch-mode',
    'accept-encoding',
  ];
  it.each([
    ['a text body', textBody(TEXT)],
    ['a binary body', bytesBody(BINARY)],
    ['no body', null],
  ])('sends the captured request byte for byte, with %s', async (_, content) => {
    const flow = hostileFlow(content);
    const snippet = buildJsFetch(flow, decodeBody(flow.request.content, flow.request.headers));
    // fetch parses the URL: the note says what it sends instead, and that is what arrives
    const target = fetchTarget(`http://127.0.0.1${flow.request.path}`);
    expect(target).not.toBe(flow.request.path);
    expect(snippet.note).toContain(`fetch sends the path as ${JSON.stringify(target)}`);
    const got = await send(snippet, 'node');
    expectSameRequest(flow, got, FETCH_ADDS, target);
  });
});

/** Writes raw text to the echo server over a socket (as `nc` would) and waits for the answer. */
function sendRaw(text: string): Promise<Received> {
  const before = received.length;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(Buffer.from(text, 'utf8')));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      if (!answer.startsWith('HTTP/1.1 200')) reject(new Error(`no answer: ${answer}`));
      else resolve(received[before]!);
    });
  });
}

describe('Copy raw request (HTTP/1.1 text)', { timeout: 60_000 }, () => {
  it('sent as is, it arrives as captured: path, headers in order with repeats, body', async () => {
    const flow = hostileFlow(textBody(TEXT));
    const snippet = buildRawHttp(flow, decodeBody(flow.request.content, flow.request.headers));
    expect(snippet.note).toMatch(/Left out .*"X-Bad"/);
    const got = await sendRaw(snippet.text);
    expect(got.method).toBe('POST');
    expect(got.target).toBe(flow.request.path);
    expect(new TextDecoder().decode(got.body)).toBe(TEXT);
    const kept = flow.request.headers.filter(
      ([n]) => !['x-bad', 'content-length'].includes(n.toLowerCase()),
    );
    const sent = got.headers.filter(
      ([n]) => !['content-length', 'connection'].includes(n.toLowerCase()),
    );
    expect(sent.map(([n, v]) => [n, new TextDecoder().decode(v)])).toEqual(kept);
    const length = got.headers.find(([n]) => n === 'Content-Length')?.[1];
    expect(new TextDecoder().decode(length)).toBe(String(utf8(TEXT).length));
  });

  it('a binary body is left out, and the note says so', () => {
    const flow = hostileFlow(bytesBody(BINARY));
    const snippet = buildRawHttp(flow, decodeBody(flow.request.content, flow.request.headers));
    expect(snippet.note).toMatch(/not UTF-8 text and is left out/);
    expect(snippet.text.endsWith('\r\n\r\n')).toBe(true);
  });
});

const HTTPIE = '/usr/bin/http';

describe.skipIf(!existsSync(HTTPIE))(
  'Copy as HTTPie (http, run by sh)',
  { timeout: 120_000 },
  () => {
    async function sendHttpie(snippet: Snippet): Promise<Received> {
      const before = received.length;
      const out = await run('sh', ['-s'], snippet.text);
      expect(out).toMatch(/^HTTP\/1\.1 200 OK\r?\n/);
      expect(out).toMatch(/\r?\n\r?\nok/);
      expect(received).toHaveLength(before + 1);
      return received[before]!;
    }

    it.each([
      ['a text body', textBody(TEXT)],
      ['a binary body', bytesBody(BINARY)],
      ['no body', null],
    ])('sends the captured request byte for byte, with %s', async (_, content) => {
      const flow = hostileFlow(content);
      // values that HTTPie's item parser would read as another kind of item
      flow.request.headers.push(['X-Items', '@/etc/passwd := a=b; c==d ==@x']);
      const snippet = buildHttpie(flow, decodeBody(flow.request.content, flow.request.headers));
      expect(snippet.note).toMatch(/Left out .*"X-Bad"/);
      // urllib3 re-encodes the target: the note says what is sent, and that is what arrives
      const target = httpieTarget(flow.request.path);
      expect(target).not.toBe(flow.request.path);
      expect(snippet.note).toContain(`HTTPie sends the path as ${JSON.stringify(target)}`);
      const got = await sendHttpie(snippet);
      expectSameRequest(
        flow,
        got,
        ['host', 'content-length', 'accept-encoding'],
        target,
        HTTPIE_PLACES.map((n) => n.toLowerCase()),
      );
    });

    it('adds only what HTTPie always sends, and says so', async () => {
      const flow = makeFlow({ method: 'GET', host: '127.0.0.1', path: '/plain', reqHeaders: [] });
      flow.request.port = port;
      const snippet = buildHttpie(flow, null);
      expect(snippet.note).toBe(
        'HTTPie adds User-Agent and Accept-Encoding, which the flow did not send.',
      );
      const got = await sendHttpie(snippet);
      expect(got.headers.map(([n]) => n.toLowerCase()).sort()).toEqual([
        'accept-encoding',
        'host',
        'user-agent',
      ]);
    });

    it('predicts the target urllib3 and requests send', () => {
      expect(httpieTarget('/a/%2e%2e/b?x=%2e&y="&z=%ff#frag')).toBe('/a/%2E%2E/b?x=.&y=%22&z=%FF');
      expect(httpieTarget('/plain')).toBe('/plain');
      expect(httpieTarget('/ü path')).toBe('/%C3%BC%20path');
    });

    it('escapes separators; a value it cannot carry is left out and said', () => {
      expect(httpieItemValue('a:b=c@d;e\\f')).toBe('a\\:b\\=c\\@d\\;e\\f');
      expect(httpieItemValue('a\\:b')).toBeNull();
      const flow = makeFlow({
        reqHeaders: [
          ['X-Odd', 'a\\:b'],
          ['X-Pad', ' padded '],
        ],
      });
      expect(buildHttpie(flow, null).note).toMatch(/Left out \(HTTPie .*"X-Odd", "X-Pad"/);
    });
  },
);
