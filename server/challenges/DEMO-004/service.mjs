// DEMO-004 service: listens at once but answers /ready with 503 until its
// three phases are done (about 10 s). Binds 127.0.0.1 on PORT_WEB.
import { createDemoServer, send } from '../lib/http.mjs';

const port = Number(process.env.PORT_WEB ?? process.env.PORT ?? 0);
const total = Number(process.env.DEMO_004_BOOT_MS ?? 10_000);
const phases = ['loading configuration', 'warming cache', 'opening the doors'];
let ready = false;

phases.forEach((phase, i) => {
  setTimeout(() => console.log(`PHASE: ${phase}`), (total / phases.length) * i);
});
setTimeout(() => {
  ready = true;
  console.log('ready');
}, total);

createDemoServer({
  '/ready': {
    GET: (_req, res) => send(res, ready ? 200 : 503, 'text/plain', ready ? 'ready\n' : 'booting\n'),
  },
  '/': {
    GET: (_req, res) =>
      send(res, 200, 'text/plain; charset=utf-8', `Slow Boot finished ${phases.length} phases.\n`),
  },
}).listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
