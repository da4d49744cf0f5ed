// DEMO-005 service: the health check always fails (500).
import http from 'node:http';

const port = Number(process.env.PORT_WEB ?? process.env.PORT ?? 0);
console.log('PHASE: connecting to the database');
http
  .createServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('database unreachable\n');
  })
  .listen(port, '127.0.0.1');
setInterval(() => console.error('error: database unreachable (connection refused)'), 2000);
process.on('SIGTERM', () => process.exit(0));
