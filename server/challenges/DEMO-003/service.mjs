// DEMO-003 service: a file drop page. Binds 127.0.0.1 on PORT_WEB.
import { createDemoServer, send } from '../lib/http.mjs';

const port = Number(process.env.PORT_WEB ?? process.env.PORT ?? 0);
const team = process.env.TEAM_NAME ?? 'unknown team';

createDemoServer({
  '/': {
    GET: (_req, res) =>
      send(
        res,
        200,
        'text/plain; charset=utf-8',
        `Field drop for ${team}. Your files are in the Downloads tab.\n`,
      ),
  },
}).listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
