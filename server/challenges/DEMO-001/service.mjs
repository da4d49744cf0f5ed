// DEMO-001 service: a small web app with routes useful for traffic tests.
// Node built-ins plus `ws`; binds 127.0.0.1 on PORT_WEB.
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { WebSocketServer } from 'ws';

const port = Number(process.env.PORT_WEB ?? process.env.PORT ?? 0);
const FLAG = 'flag{demo-001-cookies-are-not-auth}';
const users = [
  { id: 1, name: 'margaret', role: 'admin', email: 'margaret@portal.example' },
  { id: 2, name: 'dennis', role: 'user', email: 'dennis@portal.example' },
  { id: 3, name: 'grace', role: 'user', email: 'grace@portal.example' },
];

const page = (title, body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1>${body}</body></html>
`;

function send(res, status, type, body, extra = {}) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
  res.writeHead(status, { 'content-type': type, 'content-length': buf.length, ...extra });
  res.end(buf);
}

function cookies(req) {
  const out = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (path === '/health') return send(res, 200, 'text/plain', 'ok\n');
  if (path === '/' && req.method === 'GET')
    return send(
      res,
      200,
      'text/html; charset=utf-8',
      page(
        'Company portal',
        '<p>Welcome. <a href="/api/users">Staff directory (JSON)</a> · <a href="/login">Sign in</a></p>' +
          '<!-- TODO: remove link to /admin before going live -->',
      ),
      { 'set-cookie': 'visited=1; Path=/', 'x-powered-by': 'ctfy-demo' },
    );
  if (path === '/api/users')
    return send(
      res,
      200,
      'application/json',
      JSON.stringify({ users: users.map(({ id, name, role }) => ({ id, name, role })) }),
    );
  if (path === '/admin') {
    const c = cookies(req);
    if (c.user === 'margaret' && c.role === 'admin')
      return send(
        res,
        200,
        'text/html; charset=utf-8',
        page('Admin', `<p>Welcome back, margaret. ${FLAG}</p>`),
      );
    return send(
      res,
      403,
      'text/html; charset=utf-8',
      page('Forbidden', '<p>Administrators only. Sign in first.</p>'),
    );
  }
  if (path === '/login') {
    if (req.method === 'GET')
      return send(
        res,
        200,
        'text/html; charset=utf-8',
        page(
          'Sign in',
          '<form method="post" action="/login"><input name="username"><input name="password" type="password"><button>Sign in</button></form>',
        ),
      );
    if (req.method === 'POST') {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const name = form.get('username') ?? '';
        const known = users.find((u) => u.name === name);
        if (!known) return send(res, 401, 'text/plain; charset=utf-8', 'Unknown user\n');
        // the bug: any password works, and the role cookie is trusted
        res.writeHead(302, {
          location: '/admin',
          'set-cookie': [`user=${known.name}; Path=/; HttpOnly`, `role=${known.role}; Path=/`],
          'content-length': 0,
        });
        res.end();
      });
      return;
    }
  }
  if (path === '/gzip') {
    const body = gzipSync(
      Buffer.from(
        JSON.stringify({ compressed: true, users, note: 'this body is gzip-encoded on the wire' }),
      ),
    );
    return send(res, 200, 'application/json', body, {
      'content-encoding': 'gzip',
      vary: 'Accept-Encoding',
    });
  }
  if (path === '/binary') {
    const body = Buffer.alloc(256);
    for (let i = 0; i < 256; i++) body[i] = 255 - i; // 0xff 0xfe …: not UTF-8
    return send(res, 200, 'application/octet-stream', body, {
      'content-disposition': 'attachment; filename="blob.bin"',
    });
  }
  if (path === '/big') {
    const n = Math.min(Number(url.searchParams.get('bytes') ?? 2_000_000), 20_000_000);
    return send(res, 200, 'text/plain; charset=utf-8', Buffer.alloc(n, 'a'));
  }
  if (path === '/headers') {
    // duplicate headers in a fixed order, for the recorder's tests
    res.setHeader('x-first', '1');
    res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; Path=/']);
    res.setHeader('x-last', 'z');
    return send(res, 200, 'application/json', JSON.stringify({ request_headers: req.rawHeaders }));
  }
  if (path === '/echo') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () =>
      send(
        res,
        200,
        req.headers['content-type'] ?? 'application/octet-stream',
        Buffer.concat(chunks),
      ),
    );
    return;
  }
  if (path === '/crash') {
    // an upstream failure: the connection dies with no response
    req.socket.destroy();
    return;
  }
  // /missing and everything else
  return send(res, 404, 'text/html; charset=utf-8', page('Not found', '<p>Nothing here.</p>'));
});

const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/ws') return socket.destroy();
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.send(JSON.stringify({ hello: 'echo server ready' }));
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
});

server.listen(port, '127.0.0.1', () => console.log(`DEMO-001 listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => process.exit(0));
