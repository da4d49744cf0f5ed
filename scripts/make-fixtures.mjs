#!/usr/bin/env node
/**
 * Remakes the real mitmproxy capture fixtures in `e2e/fixtures/`.
 *
 *   node scripts/make-fixtures.mjs [outDir]
 *
 * Starts a small HTTP + WebSocket server on loopback, puts Debian's
 * `mitmdump` (8.1.1, flow format 17) in front of it as a reverse proxy,
 * makes a fixed set of requests through the proxy, then does the same
 * against a closed port (an upstream failure). The two dumps are
 * concatenated: a `.mitm` file is just a sequence of tnetstrings.
 *
 * Also used by the benchmark (`bench/run.ts`) to get fresh originals.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { createServer as createNetServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync, deflateSync, brotliCompressSync } from 'node:zlib';
import { WebSocketServer, WebSocket } from 'ws';

const MITMDUMP = process.env.MITMDUMP ?? '/usr/bin/mitmdump';

function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function waitForPort(port, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolveWait, reject) => {
    const attempt = () => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolveWait();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`port ${port} never opened`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

const itemsJson = JSON.stringify({
  items: [
    { id: 1, name: 'flag-checker', tags: ['web', 'easy'] },
    { id: 2, name: 'notes "quoted" <b>html</b>', tags: [] },
  ],
  total: 2,
});

/**
 * Attacker-controlled content for the viewer's security tests: every
 * response tries to run script, navigate or load something if rendered.
 */
const HOSTILE = {
  html:
    '<!doctype html><meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/pwned">' +
    '<script>window.__pwned = 1</script><img src="http://127.0.0.1:9/img.png" onerror="window.__pwned = 2">' +
    '<a href="javascript:window.__pwned = 3">click</a><iframe src="http://127.0.0.1:9/frame"></iframe>',
  svg:
    '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned = 4"><script>window.__pwned = 5</script>' +
    '<image href="http://127.0.0.1:9/svg.png"/></svg>',
  json: JSON.stringify({
    html: '<img src=x onerror="window.__pwned = 6">',
    link: 'javascript:window.__pwned = 7',
    // right-to-left override, zero-width space, NUL-like escapes and a bell: must be made visible
    bidi: 'file\u202Egnp.exe \u200B \u0007',
  }),
};

function hostileResponse(pathname, res) {
  const headers = {
    'x-evil': '<img src=x onerror="window.__pwned = 8">',
    // raw UTF-8 bytes of a right-to-left override (Node only sends latin1 header strings)
    'x-bidi': Buffer.from('admin\u202Etxt.exe', 'utf8').toString('latin1'),
    link: '<javascript:window.__pwned = 9>; rel=preload',
  };
  if (pathname.endsWith('.svg')) {
    res.writeHead(200, { ...headers, 'content-type': 'image/svg+xml' });
    res.end(HOSTILE.svg);
  } else if (pathname.endsWith('.json')) {
    res.writeHead(200, { ...headers, 'content-type': 'application/json' });
    res.end(HOSTILE.json);
  } else if (pathname.endsWith('/redirect')) {
    res.writeHead(302, { ...headers, location: 'javascript:window.__pwned = 10' });
    res.end();
  } else {
    res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
    res.end(HOSTILE.html);
  }
}

/** The upstream service the proxy captures. */
function startUpstream() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (url.pathname.startsWith('/hostile')) {
        hostileResponse(url.pathname, res);
        return;
      }
      switch (url.pathname) {
        case '/api/items':
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
          res.end(itemsJson);
          return;
        case '/gzip':
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-encoding': 'gzip',
          });
          res.end(gzipSync(JSON.stringify({ compressed: 'gzip', repeat: 'abc'.repeat(50) })));
          return;
        case '/deflate':
          res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'deflate' });
          res.end(deflateSync('deflated text body\n'.repeat(10)));
          return;
        case '/brotli':
          res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' });
          res.end(brotliCompressSync('<h1>brotli</h1><script>alert(1)</script>'));
          return;
        case '/binary': {
          const bytes = Buffer.alloc(256);
          for (let i = 0; i < 256; i++) bytes[i] = i;
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          res.end(bytes);
          return;
        }
        case '/cookies':
          // duplicate header names must survive, in order
          res.setHeader('set-cookie', ['session=one; Path=/', 'theme=dark; Path=/']);
          res.setHeader('content-type', 'text/plain');
          res.end('two cookies');
          return;
        case '/login':
          res.writeHead(req.method === 'POST' ? 303 : 405, {
            location: '/welcome',
            'content-type': 'text/plain',
          });
          res.end(`received ${body.length} bytes: ${body.toString('utf8')}`);
          return;
        default:
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end(`no route for ${url.pathname}`);
      }
    });
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket, req) => {
    if (req.url?.startsWith('/hostile')) {
      socket.send('<script>window.__pwned = 11</script><img src=x onerror="window.__pwned = 12">');
      socket.on('message', () => socket.close(1000, '<b>bye</b>'));
      return;
    }
    socket.send('welcome');
    socket.on('message', (data, isBinary) => {
      if (isBinary) socket.send(data, { binary: true });
      else socket.send(`echo: ${data.toString()}`);
    });
  });
  return new Promise((resolveServer) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolveServer({
        server,
        wss,
        port: typeof address === 'object' && address ? address.port : 0,
      });
    });
  });
}

async function runMitmdump(target, outFile, confDir, client) {
  const listenPort = await freePort();
  const proc = spawn(
    MITMDUMP,
    [
      '--mode',
      `reverse:${target}`,
      '--listen-host',
      '127.0.0.1',
      '--listen-port',
      String(listenPort),
      '--set',
      `confdir=${confDir}`,
      // lazy: the request is read before connecting upstream, so an upstream
      // failure is recorded as a flow with an error (eager drops it)
      '--set',
      'connection_strategy=lazy',
      '-q',
      '-w',
      outFile,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  proc.stderr.on('data', (chunk) => (stderr += chunk));
  // never leave a proxy behind, even if this script crashes
  const killOnExit = () => proc.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise((resolveExit) => proc.once('exit', resolveExit));
  try {
    await waitForPort(listenPort);
    await client(listenPort);
    // give mitmdump a moment to write the last flows
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    proc.kill('SIGINT');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    process.removeListener('exit', killOnExit);
  }
  if (stderr.trim()) process.stderr.write(`mitmdump: ${stderr}\n`);
  return readFileSync(outFile);
}

async function httpClient(port) {
  const base = `http://127.0.0.1:${port}`;
  const requests = [
    ['/api/items?page=1&q=flag', {}],
    ['/gzip', { headers: { 'accept-encoding': 'gzip' } }],
    ['/deflate', { headers: { 'accept-encoding': 'deflate' } }],
    ['/brotli', { headers: { 'accept-encoding': 'br' } }],
    ['/binary', {}],
    [
      '/cookies',
      {
        headers: [
          ['x-dup', 'first'],
          ['x-dup', 'second'],
        ],
      },
    ],
    ['/does-not-exist', {}],
    [
      '/login',
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'user=alice&password=s3cr%C3%A9t&note=a+b%26c',
        redirect: 'manual',
      },
    ],
  ];
  for (const [path, init] of requests) {
    const res = await fetch(base + path, init);
    await res.arrayBuffer();
  }
  // one websocket exchange: text both ways, binary both ways, clean close
  await new Promise((resolveWs, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    let received = 0;
    ws.on('error', reject);
    ws.on('open', () => {
      ws.send('hello from client');
      ws.send(Buffer.from([0, 1, 2, 0xff]), { binary: true });
    });
    ws.on('message', () => {
      received += 1;
      if (received === 3) ws.close(1000, 'done');
    });
    ws.on('close', () => resolveWs());
  });
}

/** Raw request so the path keeps its `<`, `>` and quotes (fetch would percent-encode them). */
function rawRequest(port, method, path, headers = {}, body = '') {
  return new Promise((resolveRequest, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      res.resume();
      res.on('end', resolveRequest);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function hostileClient(port) {
  const evilHeaders = {
    'x-evil': '"><script>window.__pwned = 13</script>',
    referer: 'javascript:alert(1)',
  };
  await rawRequest(
    port,
    'GET',
    '/hostile/<script>window.__pwned=14</script>?q="><img/src=x/onerror=alert(1)>',
    evilHeaders,
  );
  await rawRequest(port, 'GET', '/hostile/image.svg', evilHeaders);
  await rawRequest(port, 'GET', '/hostile/data.json', evilHeaders);
  await rawRequest(port, 'GET', '/hostile/redirect', evilHeaders);
  await rawRequest(
    port,
    'POST',
    '/hostile/form\'"',
    { 'content-type': 'application/x-www-form-urlencoded' },
    'name=%3Cscript%3Ewindow.__pwned%3D15%3C%2Fscript%3E&url=javascript%3Aalert(1)',
  );
  await new Promise((resolveWs, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/hostile-ws`);
    ws.on('error', reject);
    ws.on('message', () => ws.send('<svg onload="window.__pwned = 16">'));
    ws.on('close', () => resolveWs());
  });
}

async function failingClient(port) {
  // mitmproxy 8 answers 502 or just closes the connection: both are fine,
  // the flow it records carries the error either way
  try {
    const res = await fetch(`http://127.0.0.1:${port}/upstream-down`);
    await res.arrayBuffer();
  } catch {
    /* expected */
  }
}

/**
 * Makes fresh captures: `main` (JSON, gzip, deflate, brotli, binary,
 * duplicate headers, 404, POST form, WebSocket, upstream failure) and
 * `hostile` (script, handlers, `javascript:` URLs, meta refresh, SVG,
 * bidi characters in paths, headers, bodies and WebSocket messages).
 */
export async function makeCaptures() {
  const work = mkdtempSync(join(tmpdir(), 'ctfy-fixtures-'));
  const upstream = await startUpstream();
  try {
    const ok = await runMitmdump(
      `http://127.0.0.1:${upstream.port}`,
      join(work, 'ok.mitm'),
      join(work, 'conf'),
      httpClient,
    );
    const closedPort = await freePort();
    const failed = await runMitmdump(
      `http://127.0.0.1:${closedPort}`,
      join(work, 'failed.mitm'),
      join(work, 'conf'),
      failingClient,
    );
    const hostile = await runMitmdump(
      `http://127.0.0.1:${upstream.port}`,
      join(work, 'hostile.mitm'),
      join(work, 'conf'),
      hostileClient,
    );
    return { main: Buffer.concat([ok, failed]), hostile };
  } finally {
    for (const client of upstream.wss.clients) client.terminate();
    upstream.wss.close();
    upstream.server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The main capture only (the benchmark's originals). */
export async function makeCapture() {
  return (await makeCaptures()).main;
}

const isMain =
  process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const outDir = resolve(process.argv[2] ?? 'e2e/fixtures');
  mkdirSync(outDir, { recursive: true });
  const captures = await makeCaptures();
  for (const [name, bytes] of [
    ['mitmproxy-8.1.1.mitm', captures.main],
    ['hostile-8.1.1.mitm', captures.hostile],
  ]) {
    const outFile = join(outDir, name);
    writeFileSync(outFile, bytes);
    console.log(`wrote ${outFile} (${bytes.length} bytes)`);
  }
}
