// The demo services' one way to answer HTTP, so that no request a player can
// send kills an instance: a request target that is not a plain path ('//',
// '*', 'http://x/', an absolute URL, '%zz') is read without throwing, an
// unknown path is 404, a known path with another method 405, a CONNECT 405,
// and a handler that throws answers 500 instead of ending the process.
// Plain Node built-ins; a folder without metadata.yaml is not a challenge.
import http from 'node:http';

const ANY = Symbol('any method');
/** A route entry that accepts every method. */
export const anyMethod = (handler) => ({ [ANY]: handler });

/** The path and query of a request target, or null when it is not one (e.g. `*`). */
export function requestTarget(rawUrl) {
  const target = rawUrl ?? '/';
  try {
    // origin-form ("/a", "//a") is appended to a fixed origin so it is never
    // read as a scheme-relative URL; absolute-form is parsed as it is
    const url = target.startsWith('/') ? new URL(`http://localhost${target}`) : new URL(target);
    return { path: url.pathname, query: url.searchParams };
  } catch {
    return null;
  }
}

export function send(res, status, type, body, extra = {}) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
  res.writeHead(status, { 'content-type': type, 'content-length': buf.length, ...extra });
  res.end(buf);
}

const plain = 'text/plain; charset=utf-8';

/** Reads a request body up to `limit` bytes; over it, answers 413 and calls back with null. */
export function readBody(req, res, limit, done) {
  const chunks = [];
  let size = 0;
  let over = false;
  req.on('data', (c) => {
    if (over) return;
    size += c.length;
    if (size > limit) {
      over = true;
      send(res, 413, plain, `Request body over ${limit} bytes\n`, { connection: 'close' });
      req.socket.destroySoon?.();
      return;
    }
    chunks.push(c);
  });
  req.on('end', () => {
    if (!over) done(Buffer.concat(chunks));
  });
  req.on('error', () => {});
}

/**
 * An http.Server for `routes`: `{ '/path': { GET: handler, POST: handler } }`
 * or `{ '/path': anyMethod(handler) }`; handler(req, res, { path, query }).
 * `notFound(req, res)` may answer unknown paths its own way (still a 4xx).
 */
export function createDemoServer(routes, { notFound } = {}) {
  const server = http.createServer((req, res) => {
    const target = requestTarget(req.url);
    if (!target) return send(res, 400, plain, 'Bad request target\n');
    const entry = Object.hasOwn(routes, target.path) ? routes[target.path] : undefined;
    if (!entry) {
      if (notFound) return notFound(req, res, target);
      return send(res, 404, plain, 'not found\n');
    }
    const handler =
      entry[ANY] ??
      (Object.hasOwn(entry, req.method) ? entry[req.method] : undefined) ??
      (req.method === 'HEAD' ? entry.GET : undefined);
    if (!handler) {
      const allow = Object.keys(entry).join(', ');
      return send(res, 405, plain, `Method ${req.method} not allowed; use ${allow}\n`, { allow });
    }
    try {
      handler(req, res, target);
    } catch (err) {
      console.error(`[demo] ${req.method} ${target.path} failed: ${err?.stack ?? err}`);
      if (!res.headersSent) send(res, 500, plain, 'The service failed on this request\n');
      else res.destroy();
    }
  });
  server.on('connect', (_req, socket) => {
    socket.on('error', () => {});
    socket.end('HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  });
  server.on('clientError', (err, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  });
  return server;
}
