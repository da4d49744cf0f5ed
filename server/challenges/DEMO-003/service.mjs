// DEMO-003 service: a file drop page. Binds 127.0.0.1 on PORT_WEB.
import http from 'node:http';

const port = Number(process.env.PORT_WEB ?? process.env.PORT ?? 0);
const team = process.env.TEAM_NAME ?? 'unknown team';

http
  .createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end(`Field drop for ${team}. Your files are in the Downloads tab.\n`);
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  })
  .listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
