// DEMO-002 service: the lab's intranet page. Binds 127.0.0.1 on PORT_INTRANET.
import http from 'node:http';

const port = Number(process.env.PORT_INTRANET ?? process.env.PORT ?? 0);
const hosts = [
  { address: '10.66.0.1', name: 'gateway' },
  { address: '10.66.0.10', name: 'intranet' },
  { address: '10.66.0.20', name: 'files', note: 'SMB share "public"' },
];

http
  .createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('ok\n');
    }
    if (path === '/hosts') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ subnet: '10.66.0.0/24', hosts }));
    }
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Intranet</title></head>' +
          '<body><h1>Lab intranet</h1><p>Connect through the VPN to reach the lab. <a href="/hosts">Host list</a></p></body></html>\n',
      );
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  })
  .listen(port, '127.0.0.1', () => console.log(`DEMO-002 intranet on 127.0.0.1:${port}`));
process.on('SIGTERM', () => process.exit(0));
