/**
 * Runs the shipped nginx config (deploy/nginx/) in a temp folder, for the e2e
 * project `nginx`: a main config of its own (pid, logs, temp paths in the
 * folder; nothing system-wide is read or written but /etc/nginx/mime.types),
 * and the site config with only `listen`, `server_name`, `root` and the
 * upstream's `server` rewritten.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';

export const SHIPPED_DIR = resolve(import.meta.dirname, '../../deploy/nginx');
export const BROTLI_STATIC_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

export interface NginxOptions {
  /** the temp folder (becomes nginx's prefix) */
  dir: string;
  port: number;
  /** the built SPA */
  root: string;
  /** host:port of the platform */
  upstream: string;
  /** loads the brotli_static module when it is installed (default: if the file exists) */
  brotli?: boolean;
}

function replaceOnce(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) {
    throw new Error(
      `deploy/nginx/ctfy-dashboard.conf no longer has ${pattern}: update ${import.meta.filename}`,
    );
  }
  return text.replace(pattern, replacement);
}

/** The site config of deploy/nginx/ for this machine. */
export function siteConfig(options: Omit<NginxOptions, 'dir'>, shipped = SHIPPED_DIR): string {
  let site = readFileSync(join(shipped, 'ctfy-dashboard.conf'), 'utf8');
  site = replaceOnce(site, /^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${options.port};`);
  site = replaceOnce(site, /^\s*listen \[::\]:80;\n/m, '');
  site = replaceOnce(site, /^(\s*)server_name [^;]+;$/m, '$1server_name 127.0.0.1;');
  site = replaceOnce(site, /^(\s*)root [^;]+;$/m, `$1root ${options.root};`);
  site = replaceOnce(site, /^(\s*)server 127\.0\.0\.1:8080;$/m, `$1server ${options.upstream};`);
  if (options.brotli)
    site = replaceOnce(site, /^(\s*)# brotli_static on;$/m, '$1brotli_static on;');
  return site;
}

/** Writes nginx.conf (and the snippets) into `dir`; returns the path of nginx.conf. */
export function writeNginxConfig(options: NginxOptions): string {
  const { dir } = options;
  const brotli = options.brotli ?? existsSync(BROTLI_STATIC_MODULE);
  mkdirSync(join(dir, 'snippets'), { recursive: true });
  for (const name of readdirSync(join(SHIPPED_DIR, 'snippets'))) {
    copyFileSync(join(SHIPPED_DIR, 'snippets', name), join(dir, 'snippets', name));
  }
  writeFileSync(join(dir, 'ctfy-dashboard.conf'), siteConfig({ ...options, brotli }));
  const temp = (name: string) => join(dir, 'tmp', name);
  for (const name of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(temp(name), { recursive: true });
  }
  const main = [
    brotli ? `load_module ${BROTLI_STATIC_MODULE};` : '',
    // Only meaningful when run as root: then workers keep this user (and can read the build).
    `user ${userInfo().username};`,
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events { worker_connections 256; }',
    'http {',
    '  include /etc/nginx/mime.types;',
    '  default_type application/octet-stream;',
    `  access_log ${join(dir, 'access.log')};`,
    `  client_body_temp_path ${temp('body')};`,
    `  proxy_temp_path ${temp('proxy')};`,
    `  fastcgi_temp_path ${temp('fastcgi')};`,
    `  uwsgi_temp_path ${temp('uwsgi')};`,
    `  scgi_temp_path ${temp('scgi')};`,
    '  sendfile on;',
    `  include ${join(dir, 'ctfy-dashboard.conf')};`,
    '}',
    '',
  ].join('\n');
  const path = join(dir, 'nginx.conf');
  writeFileSync(path, main);
  return path;
}

/** The arguments that run nginx in the foreground on that config. */
export function nginxArgs(dir: string): string[] {
  return [
    '-p',
    dir,
    '-c',
    join(dir, 'nginx.conf'),
    '-e',
    join(dir, 'error.log'),
    '-g',
    'daemon off;',
  ];
}
