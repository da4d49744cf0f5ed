// DEMO-005 service: the health check always fails (500); other paths are 404.
import { createDemoServer, send } from '../lib/http.mjs';

const port = Number(process.env.PORT_WEB ?? process.env.PORT ?? 0);
console.log('PHASE: connecting to the database');
const unreachable = { GET: (_req, res) => send(res, 500, 'text/plain', 'database unreachable\n') };
createDemoServer({ '/health': unreachable }).listen(port, '127.0.0.1');
setInterval(() => console.error('error: database unreachable (connection refused)'), 2000);
process.on('SIGTERM', () => process.exit(0));
