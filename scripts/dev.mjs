#!/usr/bin/env node
/**
 * `npm run dev`: the local platform (restarted on change by `tsx watch`) and
 * Vite with HMR, which proxies `/api` to it (see vite.config.ts). The SPA's
 * `/config.json` comes from `public/config.json`. Ctrl-C stops both; if one
 * of them exits, the other is stopped too.
 *
 *   API_PORT=8080   port of the local platform (Vite proxies /api there)
 *   VITE_PORT=5173  port of the Vite dev server
 *   Every other variable (DATA_DIR, DEMO_EXTRA_TEAMS, …) goes to the platform.
 */
import { spawn } from 'node:child_process';

const apiPort = process.env.API_PORT || '8080';
const vitePort = process.env.VITE_PORT || '5173';
const children = new Map(); // name -> ChildProcess
let stopping = false;

function start(name, args, env) {
  const child = spawn('npx', args, {
    stdio: 'inherit',
    env: { ...process.env, ...env },
    // Own process group, so stopping it stops npx and everything it started.
    detached: true,
  });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`\n[dev] ${name} exited (${signal ?? `code ${code}`}); stopping the rest.`);
      stop(code || 1);
    } else if (children.size === 0) {
      process.exit(exitCode);
    }
  });
  child.on('error', (err) => {
    console.error(`[dev] could not start ${name}: ${err.message}`);
    stop(1);
  });
  return child;
}

let exitCode = 0;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  if (children.size === 0) process.exit(code);
  for (const child of children.values()) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  // Whatever is still running after 5 s is killed.
  setTimeout(() => {
    for (const child of children.values()) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(exitCode);
  }, 5_000).unref();
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGHUP', () => stop(0));

start('platform', ['tsx', 'watch', '--clear-screen=false', 'server/main.ts'], {
  PORT: apiPort,
  HOST: process.env.HOST || '127.0.0.1',
});
start('vite', ['vite', '--port', vitePort, '--strictPort'], { API_PORT: apiPort });

console.log(`
[dev] platform: http://127.0.0.1:${apiPort}/api   (tsx watch: restarts on change)
[dev] app:      http://localhost:${vitePort}/         (Vite, HMR; /api is proxied)
[dev] logins:   alice / alice (two teams), bob / bob, carol / carol
[dev] Ctrl-C stops both.
`);
