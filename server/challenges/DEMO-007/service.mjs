// DEMO-007 service: one page. Binds 127.0.0.1 on PORT_WEB.
import http from 'node:http';

const port = Number(process.env.PORT_WEB ?? process.env.PORT ?? 0);
http
  .createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('autumn\n');
  })
  .listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
