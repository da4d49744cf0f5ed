import { defineConfig, devices } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The config is evaluated in the runner and in every worker: pick the ports
// and the fresh data dirs once, in the runner, and hand them down by env.
// The three ports (the platform, the one with CTFY_EXTENSIONS=off, and nginx
// in front of the first) are held open together while they are picked, so
// they are distinct.
if (!process.env.E2E_PORT || !process.env.E2E_PORT_PLAIN || !process.env.E2E_NGINX_PORT) {
  const [platform, plain, nginx] = execFileSync(process.execPath, [
    '-e',
    `const net = require('net');
     const held = [0, 1, 2].map(() => new Promise((ok) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => ok(s)); }));
     Promise.all(held).then((servers) => { console.log(servers.map((s) => s.address().port).join(' ')); servers.forEach((s) => s.close()); });`,
  ])
    .toString()
    .trim()
    .split(' ');
  process.env.E2E_PORT = platform;
  process.env.E2E_PORT_PLAIN = plain;
  // The `nginx` project: Debian's nginx with deploy/nginx/ in front of the platform.
  process.env.E2E_NGINX_PORT = nginx;
}
if (!process.env.E2E_DATA_DIR) {
  process.env.E2E_DATA_DIR = mkdtempSync(join(tmpdir(), 'ctfy-e2e-'));
}
// A second platform with CTFY_EXTENSIONS=off: the SDK's contract only.
if (!process.env.E2E_DATA_DIR_PLAIN) {
  process.env.E2E_DATA_DIR_PLAIN = mkdtempSync(join(tmpdir(), 'ctfy-e2e-plain-'));
}
const port = Number(process.env.E2E_PORT);
export const baseURL = `http://127.0.0.1:${port}`;
export const platformURL = baseURL;
const nginxPort = Number(process.env.E2E_NGINX_PORT);
export const nginxURL = `http://127.0.0.1:${nginxPort}`;
const plainPort = Number(process.env.E2E_PORT_PLAIN);
export const plainBaseURL = `http://127.0.0.1:${plainPort}`;

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  projects: [
    {
      // The overview (and live traffic) against a platform without its extensions.
      name: 'extensions-off',
      testMatch: [
        '**/overview.spec.ts',
        '**/traffic.spec.ts',
        '**/traffic-summary.spec.ts',
        '**/traffic-matches.spec.ts',
      ],
      grep: /overview:|Live appends new flows|summary:|matches:/,
      use: { ...devices['Desktop Chrome'], baseURL: plainBaseURL },
    },
    { name: 'chromium', use: { ...devices['Desktop Chrome'] }, testIgnore: 'nginx/**' },
    // A smoke subset through nginx (deploy/nginx/, docs/deploy.md).
    {
      name: 'nginx',
      use: { ...devices['Desktop Chrome'], baseURL: nginxURL },
      testMatch: 'nginx/**/*.spec.ts',
    },
  ],
  webServer: [
    {
      command: 'npx tsx server/main.ts',
      url: `${plainBaseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        PORT: String(plainPort),
        HOST: '127.0.0.1',
        DATA_DIR: process.env.E2E_DATA_DIR_PLAIN,
        DEMO_EXTRA_TEAMS: '60',
        MAX_INSTANCES_PER_TEAM: '3',
        LOG_LEVEL: 'warn',
        STATIC_DIR: process.env.E2E_STATIC_DIR ?? 'dist',
        CTFY_EXTENSIONS: 'off',
      },
    },
    {
      // `npm run test:e2e` builds the SPA first; the platform serves dist/.
      command: 'npx tsx server/main.ts',
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: process.env.E2E_DATA_DIR,
        DEMO_EXTRA_TEAMS: '60',
        MAX_INSTANCES_PER_TEAM: '3',
        LOG_LEVEL: 'warn',
        STATIC_DIR: process.env.E2E_STATIC_DIR ?? 'dist',
      },
    },
    {
      // nginx in the foreground, config in a temp folder (scripts/nginx/serve.ts).
      command: 'npx tsx scripts/nginx/serve.ts',
      url: `${nginxURL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
      env: {
        NGINX_PORT: String(nginxPort),
        NGINX_UPSTREAM: `127.0.0.1:${port}`,
        NGINX_ROOT: process.env.E2E_STATIC_DIR ?? 'dist',
      },
    },
  ],
});
