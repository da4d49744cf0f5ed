/**
 * `npm start` / `npm run serve` / Playwright's webServer: reads the config
 * from the environment, starts the platform, prints the URL and the demo
 * logins, and shuts down cleanly on SIGINT/SIGTERM.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, type ServerConfig } from './config';
import { startServer, type RunningServer } from './server';
import { DataDirError } from './store/dataDir';
import { demoLogins } from './store/seed';

function banner(config: ServerConfig, url: string, seeded: boolean): string {
  const spa = config.staticDir && existsSync(join(config.staticDir, 'index.html'));
  const logins = demoLogins();
  const width = Math.max(...logins.map((l) => l.user.length), 4);
  const lines = [
    '',
    `  ${config.appName} local platform`,
    `  App:     ${spa ? `${url}/` : `(no SPA build in ${config.staticDir || 'STATIC_DIR'}: run npm run build)`}`,
    `  API:     ${url}${config.apiPrefix}  (health: ${config.apiPrefix}/health)`,
    `  Data:    ${config.dataDir}${seeded ? '  (new: demo data seeded)' : ''}`,
    '',
    `  ${'user'.padEnd(width)}  password  teams`,
    ...logins.map((l) => `  ${l.user.padEnd(width)}  ${l.user.padEnd(8)}  ${l.teams}`),
  ];
  if (config.demoExtraTeams > 0) {
    const last = String(config.demoExtraTeams).padStart(2, '0');
    lines.push(`  e2eNNa / e2eNNb (password = user name): teams e2e-01 … e2e-${last} (ctf-spring)`);
  }
  lines.push('');
  return lines.join('\n');
}

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }

  let server: RunningServer;
  try {
    server = await startServer(config);
  } catch (err) {
    if (err instanceof DataDirError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  process.stdout.write(`${banner(config, server.url, server.seeded)}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping instances and closing…\n`);
    const force = setTimeout(() => {
      process.stderr.write('Shutdown took too long; exiting.\n');
      process.exit(1);
    }, 20_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`Shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  // One bad request or late event must not take the whole platform down.
  process.on('unhandledRejection', (reason) =>
    server.app.log.error({ err: reason }, 'unhandled rejection'),
  );
  process.on('uncaughtException', (err) => server.app.log.error({ err }, 'uncaught exception'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(
    `The platform could not start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
