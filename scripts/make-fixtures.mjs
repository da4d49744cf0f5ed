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

/** A deterministic pseudo-random source (the realistic capture is the same every run). */
export function seeded(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

const WORDS =
  'flag team instance proxy capture request token admin user note page item order'.split(' ');

/** A body of about `size` bytes of the given kind (HTML, JSON, text, or bytes as an image). */
export function realisticBody(kind, size, random) {
  if (kind === 'image') {
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = Math.floor(random() * 256);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].slice(0, size));
    return bytes;
  }
  const words = [];
  let length = 0;
  while (length < size) {
    const word = WORDS[Math.floor(random() * WORDS.length)];
    words.push(word);
    length += word.length + 1;
  }
  const text = words.join(' ');
  if (kind === 'json') {
    const items = [];
    for (let i = 0; JSON.stringify(items).length < size - 40; i++)
      items.push({
        id: i,
        name: text.slice(
          (i * 17) % Math.max(1, text.length - 30),
          ((i * 17) % Math.max(1, text.length - 30)) + 24,
        ),
        ok: i % 3 !== 0,
      });
    return Buffer.from(JSON.stringify({ items, total: items.length }));
  }
  if (kind === 'html') {
    const inner = `<!doctype html><html><head><title>${words[0]}</title></head><body><p>`;
    return Buffer.from(
      `${inner}${text.slice(0, Math.max(0, size - inner.length - 18))}</p></body></html>`,
    );
  }
  return Buffer.from(text.slice(0, size));
}

const KINDS = [
  ['html', 'text/html; charset=utf-8'],
  ['json', 'application/json'],
  ['text', 'text/plain; charset=utf-8'],
  ['image', 'image/png'],
];

/** The realistic upstream: pages, JSON, text and images of 100 B to 4 KB, some gzipped, some 404/500. */
function startRealisticUpstream() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const random = seeded(Number(url.searchParams.get('seed') ?? 1));
      const [kind, type] = KINDS[Number(url.searchParams.get('kind') ?? 0) % KINDS.length];
      const size = Number(url.searchParams.get('size') ?? 512);
      const status = Number(url.searchParams.get('status') ?? 200);
      const body = realisticBody(kind, size, random);
      const headers = {
        'content-type': type,
        'cache-control': random() < 0.5 ? 'no-store' : 'public, max-age=3600',
        server: 'challenge/1.0',
        'x-request-id': `${Math.floor(random() * 1e12)}`,
      };
      if (random() < 0.3)
        headers['set-cookie'] = [`session=${Math.floor(random() * 1e12)}; Path=/; HttpOnly`];
      const gzip =
        kind !== 'image' &&
        String(req.headers['accept-encoding'] ?? '').includes('gzip') &&
        random() < 0.4;
      if (gzip) headers['content-encoding'] = 'gzip';
      res.writeHead(status, headers);
      res.end(gzip ? gzipSync(body) : body);
    });
  });
  return new Promise((resolveServer) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolveServer({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

/** `count` requests of varied sizes and kinds (GET pages and assets, POST JSON and forms). */
function realisticClient(count) {
  return async (port) => {
    const random = seeded(4242);
    const paths = [
      '/',
      '/login',
      '/api/items',
      '/api/orders',
      '/static/app.js',
      '/img/logo.png',
      '/notes',
      '/admin',
      '/api/flag',
    ];
    for (let i = 0; i < count; i++) {
      const kind = Math.floor(random() * KINDS.length);
      // response bodies of 100 B to 4 KB
      const size = 100 + Math.floor(random() * 3996);
      const status = random() < 0.08 ? 404 : random() < 0.03 ? 500 : 200;
      const path = `${paths[i % paths.length]}?kind=${kind}&size=${size}&status=${status}&seed=${i + 1}`;
      const post = random() < 0.3;
      const init = {
        method: post ? 'POST' : 'GET',
        headers: {
          'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) ctfy-bench',
          accept: '*/*',
          'accept-language': 'en-GB,en;q=0.9,fr;q=0.8',
          referer: `http://challenge.local${paths[(i + 3) % paths.length]}`,
          'accept-encoding': 'gzip',
          cookie: `session=${i}; theme=dark`,
          ...(post ? { 'content-type': 'application/json' } : {}),
        },
        body: post ? realisticBody('json', 50 + Math.floor(random() * 2500), random) : undefined,
      };
      const res = await fetch(`http://127.0.0.1:${port}${path}`, init);
      await res.arrayBuffer();
    }
  };
}

/**
 * A realistic capture made by Debian's mitmdump: `count` real flows with
 * bodies of 100 B to 4 KB (HTML, JSON, text, images; some gzipped; 404s and
 * 500s; POSTs with JSON bodies), for the benchmark to replicate.
 */
export async function makeRealisticCapture(count = 200) {
  const work = mkdtempSync(join(tmpdir(), 'ctfy-fixtures-'));
  const upstream = await startRealisticUpstream();
  try {
    return await runMitmdump(
      `http://127.0.0.1:${upstream.port}`,
      join(work, 'real.mitm'),
      join(work, 'conf'),
      realisticClient(count),
    );
  } finally {
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
