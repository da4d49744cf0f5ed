// DEMO-002 service: the lab's intranet page. Binds 127.0.0.1 on PORT_INTRANET.
import { createDemoServer, send } from '../lib/http.mjs';

const port = Number(process.env.PORT_INTRANET ?? process.env.PORT ?? 0);
const hosts = [
  { address: '10.66.0.1', name: 'gateway' },
  { address: '10.66.0.10', name: 'intranet' },
  { address: '10.66.0.20', name: 'files', note: 'SMB share "public"' },
];

createDemoServer({
  '/healthz': { GET: (_req, res) => send(res, 200, 'text/plain', 'ok\n') },
  '/hosts': {
    GET: (_req, res) =>
      send(res, 200, 'application/json', JSON.stringify({ subnet: '10.66.0.0/24', hosts })),
  },
  '/': {
    GET: (_req, res) =>
      send(
        res,
        200,
        'text/html; charset=utf-8',
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Intranet</title></head>' +
          '<body><h1>Lab intranet</h1><p>Connect through the VPN to reach the lab. <a href="/hosts">Host list</a></p></body></html>\n',
      ),
  },
}).listen(port, '127.0.0.1', () => console.log(`DEMO-002 intranet on 127.0.0.1:${port}`));
process.on('SIGTERM', () => process.exit(0));
