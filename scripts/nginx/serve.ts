/**
 * `tsx scripts/nginx/serve.ts`: nginx in the foreground in front of the local
 * platform, for the e2e project `nginx` (a Playwright webServer). Config in a
 * fresh temp folder, removed when nginx stops (SIGTERM/SIGINT are passed on).
 *
 * Environment: NGINX_PORT (required), NGINX_UPSTREAM (host:port of the
 * platform, required), NGINX_ROOT (default dist), NGINX_BIN (default nginx
 * from PATH, then /usr/sbin/nginx).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { nginxArgs, writeNginxConfig } from './config';

const port = Number(process.env.NGINX_PORT);
const upstream = process.env.NGINX_UPSTREAM;
if (!port || !upstream) {
  process.stderr.write('NGINX_PORT and NGINX_UPSTREAM are required\n');
  process.exit(2);
}
const bin = process.env.NGINX_BIN ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');
const dir = mkdtempSync(join(tmpdir(), 'ctfy-nginx-'));
writeNginxConfig({ dir, port, upstream, root: resolve(process.env.NGINX_ROOT ?? 'dist') });

// Retried: workers may still be letting go of their temp files when the master has exited.
const cleanUp = () => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });

const nginx = spawn(bin, nginxArgs(dir), { stdio: 'inherit' });
const stop = (signal: NodeJS.Signals) => {
  if (nginx.exitCode === null) nginx.kill(signal === 'SIGINT' ? 'SIGTERM' : signal);
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
nginx.on('error', (error) => {
  process.stderr.write(`nginx could not start (${bin}): ${error.message}\n`);
  cleanUp();
  process.exit(1);
});
nginx.on('exit', (code, signal) => {
  if (code !== 0 && signal !== 'SIGTERM') {
    const log = join(dir, 'error.log');
    if (existsSync(log)) process.stderr.write(readFileSync(log, 'utf8'));
  }
  cleanUp();
  process.exit(code ?? 0);
});
