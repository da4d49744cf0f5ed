// DEMO-001 service: a small web app with routes useful for traffic tests.
// Node built-ins plus `ws` and ../lib/http.mjs; binds 127.0.0.1 on PORT_WEB.
import { gzipSync } from 'node:zlib';
import { WebSocketServer } from 'ws';
import { anyMethod, createDemoServer, readBody, requestTarget, send } from '../lib/http.mjs';

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

function cookies(req) {
  const out = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

const html = 'text/html; charset=utf-8';
/** An HTML page titled `title` with `body` under its heading. */
const sendPage = (res, status, title, body, headers) =>
  send(res, status, html, page(title, body), headers);

const server = createDemoServer(
  {
    '/health': { GET: (_req, res) => send(res, 200, 'text/plain', 'ok\n') },
    '/': {
      GET: (_req, res) =>
        sendPage(
          res,
          200,
          'Company portal',
          '<p>Welcome. <a href="/api/users">Staff directory (JSON)</a> · <a href="/login">Sign in</a></p>' +
            '<!-- TODO: remove link to /admin before going live -->',
          { 'set-cookie': 'visited=1; Path=/', 'x-powered-by': 'ctfy-demo' },
        ),
    },
    '/api/users': {
      GET: (_req, res) =>
        send(
          res,
          200,
          'application/json',
          JSON.stringify({ users: users.map(({ id, name, role }) => ({ id, name, role })) }),
        ),
    },
    '/admin': {
      GET: (req, res) => {
        const c = cookies(req);
        if (c.user === 'margaret' && c.role === 'admin')
          return sendPage(res, 200, 'Admin', `<p>Welcome back, margaret. ${FLAG}</p>`);
        return sendPage(res, 403, 'Forbidden', '<p>Administrators only. Sign in first.</p>');
      },
    },
    '/login': {
      GET: (_req, res) =>
        sendPage(
          res,
          200,
          'Sign in',
          '<form method="post" action="/login"><input name="username"><input name="password" type="password"><button>Sign in</button></form>',
        ),
      POST: (req, res) =>
        readBody(req, res, 64 * 1024, (body) => {
          const form = new URLSearchParams(body.toString('utf8'));
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
        }),
    },
    '/gzip': {
      GET: (_req, res) => {
        const body = gzipSync(
          Buffer.from(
            JSON.stringify({
              compressed: true,
              users,
              note: 'this body is gzip-encoded on the wire',
            }),
          ),
        );
        send(res, 200, 'application/json', body, {
          'content-encoding': 'gzip',
          vary: 'Accept-Encoding',
        });
      },
    },
    '/binary': {
      GET: (_req, res) => {
        const body = Buffer.alloc(256);
        for (let i = 0; i < 256; i++) body[i] = 255 - i; // 0xff 0xfe …: not UTF-8
        send(res, 200, 'application/octet-stream', body, {
          'content-disposition': 'attachment; filename="blob.bin"',
        });
      },
    },
    '/big': {
      GET: (_req, res, { query }) => {
        const asked = query.get('bytes') ?? '2000000';
        if (!/^[0-9]{1,8}$/.test(asked) || Number(asked) > 20_000_000)
          return send(
            res,
            400,
            'text/plain; charset=utf-8',
            'bytes: a whole number up to 20000000\n',
          );
        send(res, 200, 'text/plain; charset=utf-8', Buffer.alloc(Number(asked), 'a'));
      },
    },
    '/headers': {
      GET: (req, res) => {
        // duplicate headers in a fixed order, for the recorder's tests
        res.setHeader('x-first', '1');
        res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; Path=/']);
        res.setHeader('x-last', 'z');
        send(res, 200, 'application/json', JSON.stringify({ request_headers: req.rawHeaders }));
      },
    },
    '/echo': anyMethod((req, res) =>
      readBody(req, res, 16 * 1024 * 1024, (body) =>
        send(res, 200, req.headers['content-type'] ?? 'application/octet-stream', body),
      ),
    ),
    '/crash': anyMethod((req) => {
      // an upstream failure: the connection dies with no response
      req.socket.destroy();
    }),
  },
  {
    // /missing and everything else
    notFound: (_req, res) => sendPage(res, 404, 'Not found', '<p>Nothing here.</p>'),
  },
);

const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => {});
  if (requestTarget(req.url)?.path !== '/ws')
    return socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => {});
    ws.send(JSON.stringify({ hello: 'echo server ready' }));
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
});

server.listen(port, '127.0.0.1', () => console.log(`DEMO-001 listening on 127.0.0.1:${port}`));
process.on('SIGTERM', () => process.exit(0));
