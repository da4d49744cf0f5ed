/**
 * Launch: the local platform is killed (SIGKILL) mid-start and started again
 * on the same port and DATA_DIR. The live view says it is reconnecting, then
 * shows what the restarted platform says (the orphaned instance failed), and
 * never starts a second instance. This spec runs its OWN platform (team 14).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2eTeam, expect, test } from './fixtures';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function startPlatform(port: number, dataDir: string): ChildProcess {
  const child = spawn('npx', ['tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATIC_DIR: process.env.E2E_STATIC_DIR ?? 'dist',
      DEMO_EXTRA_TEAMS: '30',
      LOG_LEVEL: 'warn',
    },
    detached: true, // its own process group: SIGKILL takes the services along
    stdio: 'ignore',
  });
  return child;
}

function killGroup(child: ChildProcess) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

async function waitHealthy(base: string) {
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`${base}/api/health`)).ok;
        } catch {
          return false;
        }
      },
      { timeout: 60_000, intervals: [250, 500, 1000] },
    )
    .toBe(true);
}

test('platform killed and restarted mid-start: reconnecting, then the real state', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'ctfy-launch-restart-'));
  let platform = startPlatform(port, dataDir);
  try {
    await waitHealthy(base);
    const user = e2eTeam(14).a;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: user, password: user }),
    });
    const { token } = (await login.json()) as { token: string };
    await page.addInitScript((t) => localStorage.setItem('ctfy.token', t), token);
    const listInstances = async () => {
      const res = await fetch(`${base}/api/instances?competition_id=ctf-spring&limit=100`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as { items: { id: string; status: string }[] };
      return body.items;
    };

    await page.goto(`${base}/c/ctf-spring/challenges/DEMO-004`);
    await page.getByRole('button', { name: 'Launch', exact: true }).click({ timeout: 30_000 });
    await page.getByRole('dialog').getByRole('button', { name: 'Launch', exact: true }).click();
    await expect(page).toHaveURL(/\/c\/ctf-spring\/instances\/[^/]+$/);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await expect(page.getByRole('heading', { name: 'Starting' })).toBeVisible();

    killGroup(platform);
    await expect(page.getByRole('heading', { name: 'Reconnecting…' })).toBeVisible({
      timeout: 20_000,
    });
    await expect(page).toHaveTitle(/Reconnecting: DEMO-004/);

    platform = startPlatform(port, dataDir);
    await waitHealthy(base);
    // It says what happened: the restart stopped it (not "failed to start").
    await expect(
      page.getByRole('heading', {
        name: /^Stopped because the platform restarted while it was starting at /,
      }),
    ).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/failed to start/i)).toHaveCount(0);
    // Never a second instance: the page only polled, it did not start anything
    // (the list holds live instances; the failed one has left it).
    expect((await listInstances()).filter((i) => i.id !== id)).toEqual([]);
    const res = await fetch(`${base}/api/instances/${id}/status`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(((await res.json()) as { status: string }).status).toBe('failed');
  } finally {
    killGroup(platform);
  }
});
