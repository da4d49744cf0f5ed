// DEMO-006 service: a raw TCP banner + line echo. Binds 127.0.0.1 on PORT_TCP.
import net from 'node:net';

const port = Number(process.env.PORT_TCP ?? process.env.PORT ?? 0);
net
  .createServer((sock) => {
    sock.setEncoding('utf8');
    sock.write('ECHO-7 ready. Type a line; "flag" for the flag, "quit" to leave.\n');
    let buf = '';
    sock.on('data', (chunk) => {
      buf += chunk;
      if (buf.length > 65536) return sock.destroy();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).replace(/\r$/, '');
        buf = buf.slice(i + 1);
        if (line === 'quit') return sock.end('bye\n');
        sock.write(line === 'flag' ? 'flag{demo-006-raw-sockets}\n' : `echo: ${line}\n`);
      }
    });
    sock.on('error', () => {});
  })
  .listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
