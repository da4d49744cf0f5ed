/**
 * The deployment path (issue 18): the built app served by Debian's nginx with
 * deploy/nginx/ctfy-dashboard.conf, the API proxied to the local platform on
 * the same origin. A smoke subset of the suite through nginx: sign in, the
 * list, launch, questions, traffic, a download; and the headers nginx sends
 * match the platform's. Project `nginx` (playwright.config.ts). Team e2e-31.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { platformURL } from '../../playwright.config';
import { api, apiLogin, e2eTeam, expect, test } from '../fixtures';

const team = e2eTeam(31);
const cid = team.competition;
const SECURITY_HEADERS = [
  'content-security-policy',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'cache-control',
];

function pick(res: APIResponse): Record<string, string | undefined> {
  const headers = res.headers();
  return Object.fromEntries(SECURITY_HEADERS.map((h) => [h, headers[h]]));
}

async function entryScript(request: APIRequestContext): Promise<string> {
  const html = await (await request.get('/')).text();
  const src = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(src, 'index.html names its entry script').toBeTruthy();
  return src!;
}

test.afterAll(async ({ request }) => {
  await api(request, await apiLogin(request, team.a)).stopAll();
});

test('nginx sends the platform’s security and caching headers, and precompressed assets', async ({
  request,
  baseURL,
}) => {
  expect(baseURL, 'this project runs through nginx').not.toBe(platformURL);
  const script = await entryScript(request);
  for (const path of ['/', '/c/ctf-spring/instances/abc/traffic', script, '/config.json']) {
    const [viaNginx, direct] = await Promise.all([
      request.get(path),
      request.get(`${platformURL}${path}`),
    ]);
    expect(viaNginx.status(), path).toBe(200);
    expect(viaNginx.headers()['server'], path).toMatch(/^nginx/);
    expect(pick(viaNginx), path).toEqual(pick(direct));
  }
  const gz = await request.get(script, { headers: { 'Accept-Encoding': 'gzip' } });
  expect(gz.headers()['content-encoding']).toBe('gzip');
  expect(gz.headers()['vary']).toMatch(/accept-encoding/i);

  // Hashed assets that do not exist are a 404, not the SPA; no source maps.
  expect((await request.get('/assets/index-gone.js')).status()).toBe(404);
  expect((await request.get(`${script}.map`)).status()).toBe(404);
  // The API answers through the proxy, with its own headers.
  const health = await request.get('/api/health');
  expect(await health.json()).toEqual({ ok: true });
  expect(health.headers()['cache-control']).toBe('no-store');
});

test('sign in, list, launch, questions, traffic and a download through nginx', async ({
  page,
  request,
}) => {
  test.setTimeout(150_000);
  const token = await apiLogin(request, team.a);
  await api(request, token).stopAll();
  // Nothing the app does may be refused by the CSP (zod's eval probe was: src/api/zodConfig.ts).
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });

  // sign in, from a deep link (the SPA fallback) back to it
  await page.goto(`/c/${cid}/instances`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel('User name').fill(team.a);
  await page.getByLabel('Password').fill(team.a);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`/c/${cid}/instances`);
  await expect(page.getByRole('banner')).toContainText('Signed in as E2E 31 A');

  // launch DEMO-001 from its page
  await page.goto(`/c/${cid}/challenges/DEMO-001`);
  await page.getByRole('button', { name: 'Launch', exact: true }).click({ timeout: 30_000 });
  await page.getByRole('dialog').getByRole('button', { name: 'Launch', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${cid}/instances/[^/]+$`));
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  await expect(page.getByRole('heading', { name: 'Attack surface' }).first()).toBeVisible({
    timeout: 60_000,
  });

  // the list shows it
  await page.goto(`/c/${cid}/instances`);
  await expect(page.getByRole('link', { name: 'DEMO-001 — Cookie Jar Admin' })).toHaveAttribute(
    'href',
    `/c/${cid}/instances/${id}`,
    { timeout: 30_000 },
  );

  // a request through the instance, then the traffic tab shows it
  const info = await api(request, token).json<{
    surface?: { entrypoints: { url?: string | null }[] } | null;
  }>(`/instances/${id}`);
  const surface = info.surface?.entrypoints.find((e) => e.url?.startsWith('http'))?.url;
  expect(surface, 'DEMO-001 has an http entrypoint').toBeTruthy();
  await request.get(`${surface!.replace(/\/$/, '')}/nginx-smoke`);
  await page.goto(`/c/${cid}/instances/${id}/traffic`);
  const grid = page.getByRole('grid', { name: /Flows of instance/ });
  await expect(grid.getByRole('row').filter({ hasText: '/nginx-smoke' })).toHaveCount(1, {
    timeout: 30_000,
  });

  // questions: a right answer is recorded
  await page.goto(`/c/${cid}/instances/${id}/questions`);
  const answer = page.getByLabel('Your answer for “Hidden page”');
  await answer.fill('/admin');
  await answer.press('Enter');
  await expect(page.getByText('1 of 3 solved')).toBeVisible({ timeout: 30_000 });

  // a download: a static attachment, byte for byte
  await page.goto(`/c/${cid}/challenges/DEMO-003`);
  const event = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download firmware.bin', exact: true }).click();
  const download = await event;
  expect(
    await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
  ).toEqual([]);
  expect(download.suggestedFilename()).toBe('firmware.bin');
  const expected = readFileSync(
    join(process.cwd(), 'server/challenges/DEMO-003/attachments/firmware.bin'),
  );
  expect(readFileSync(await download.path()).equals(expected)).toBe(true);
});
