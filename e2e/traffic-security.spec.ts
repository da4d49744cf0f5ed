/**
 * Every byte of a flow is attacker-controlled. These captures carry script,
 * `javascript:` URLs, `<img onerror>`, SVG with handlers and HTML with
 * `<meta refresh>` in paths, headers, bodies and WebSocket messages. We open
 * every flow in every body view and check that nothing executes
 * (`window.__pwned` stays unset, no dialog), nothing navigates, and no request
 * leaves for another origin. Team e2e-26 for the live instance.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import WebSocket from 'ws';
import { api, apiLogin, e2eTeam, expect, signIn, test, quietWindow } from './fixtures';

const team = e2eTeam(26);
const HOSTILE_MITM = fileURLToPath(new URL('./fixtures/hostile-8.1.1.mitm', import.meta.url));

const SCRIPT = '<script>window.__pwned=101</script>';
const IMG = '<img src=x onerror="window.__pwned=102">';
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=103"><script>window.__pwned=104</script></svg>';
const META = '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/meta">';
const BIDI = 'user\u202Egnp.exe\u0000\u001b[31m';

/** Watches a page for anything a payload could do. */
function watch(page: Page) {
  const foreign: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.origin !== new URL(page.url() === 'about:blank' ? req.url() : page.url()).origin) {
      foreign.push(req.url());
    }
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return {
    async expectNothingHappened(expectedPath: RegExp) {
      expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(foreign).toEqual([]);
      expect(new URL(page.url()).pathname).toMatch(expectedPath);
      // no frame was injected; the path is still ours (?flow= updates are fine)
      expect(page.frames()).toHaveLength(1);
    },
  };
}

/** Opens every row, and every body in every view the picker offers. */
async function openEveryFlowInEveryView(page: Page, gridName: RegExp) {
  const grid = page.getByRole('grid', { name: gridName });
  const rows = grid.getByRole('row');
  await expect(rows.nth(1)).toBeVisible({ timeout: 30_000 });
  const count = await rows.count();
  expect(count).toBeGreaterThan(1);
  const details = page.getByRole('region', { name: /Flow details/ });
  for (let i = 1; i < count; i++) {
    await rows.nth(i).click();
    await expect(details.getByRole('heading', { name: /Timing and size/ })).toBeVisible();
    const pickers = details.getByRole('combobox', { name: /^Show .* body as$/ });
    const n = await pickers.count();
    for (let p = 0; p < n; p++) {
      for (const option of ['text', 'hex', 'auto']) {
        await pickers.nth(p).selectOption(option);
      }
    }
    // no element the capture could have injected exists in the document
    await expect(
      page.locator('main script, main iframe, main svg, main meta, main object'),
    ).toHaveCount(0);
    const images = await page
      .locator('main img')
      .evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).src.slice(0, 30)));
    for (const src of images)
      expect(src).toMatch(/^data:image\/(png|jpeg|gif|webp|avif|bmp|x-icon)/);
    const links = await page
      .locator('main a[href]')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of links) expect(href).toMatch(/^https?:/);
  }
}

test('a hostile mitmproxy capture opened locally runs nothing and loads nothing', async ({
  page,
}) => {
  const guard = watch(page);
  await signIn(page, team.b);
  await page.goto('/traffic/open');
  await page.getByLabel('Capture file').setInputFiles(HOSTILE_MITM);
  await openEveryFlowInEveryView(page, /Flows in hostile-8\.1\.1\.mitm/);
  // the right-to-left override in the first flow's headers is shown as a visible stand-in
  const first = page
    .getByRole('grid', { name: /Flows in hostile/ })
    .getByRole('row')
    .nth(1);
  await expect(first).toContainText('/hostile/<script>');
  await first.click();
  await expect(page.getByText(/⟨U\+202E⟩/).first()).toBeVisible();
  await quietWindow(page);
  await guard.expectNothingHappened(/^\/traffic\/open$/);
});

/** One HAR entry whose every field carries something hostile. */
const b64 = (s: string) => Buffer.from(s).toString('base64');
const harEntry = (url: string, mime: string, text: string, encoding?: 'base64') => ({
  startedDateTime: new Date().toISOString(),
  time: 5,
  request: {
    method: 'GET',
    url,
    httpVersion: 'HTTP/1.1',
    headers: [
      { name: 'X-Evil', value: `${IMG}${SCRIPT}` },
      { name: 'Referer', value: 'javascript:window.__pwned=105' },
    ],
    queryString: [],
    cookies: [],
    headersSize: -1,
    bodySize: 0,
  },
  response: {
    status: 200,
    statusText: `OK ${SCRIPT}`,
    httpVersion: 'HTTP/1.1',
    headers: [
      { name: 'Content-Type', value: mime },
      { name: 'Location', value: 'javascript:window.__pwned=106' },
    ],
    cookies: [],
    content: { size: text.length, mimeType: mime, text, ...(encoding ? { encoding } : {}) },
    redirectURL: 'javascript:window.__pwned=107',
    headersSize: -1,
    bodySize: text.length,
  },
  cache: {},
  timings: { send: 0, wait: 5, receive: 0 },
});

test('a crafted HAR file opened locally runs nothing and loads nothing', async ({ page }) => {
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'attacker', version: `1 ${SCRIPT}` },
      entries: [
        harEntry(
          `http://evil.test/${encodeURIComponent(SCRIPT)}?q=${encodeURIComponent(IMG)}`,
          'text/html',
          `${META}${SCRIPT}${IMG}<a href="javascript:window.__pwned=108">x</a>`,
        ),
        harEntry('http://evil.test/pic.svg', 'image/svg+xml', b64(SVG), 'base64'),
        harEntry(
          'http://evil.test/data.json',
          'application/json',
          JSON.stringify({ html: IMG, link: 'javascript:window.__pwned=109', bidi: BIDI }),
        ),
        harEntry('javascript:window.__pwned=110', 'text/plain', BIDI),
      ],
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'traffic-sec-'));
  const file = join(dir, `crafted ${'<img src=x onerror=1>'.replace(/[<>/]/g, '_')}.har`);
  writeFileSync(file, JSON.stringify(har));

  const guard = watch(page);
  await signIn(page, team.b);
  await page.goto('/traffic/open');
  await page.getByLabel('Capture file').setInputFiles(file);
  await openEveryFlowInEveryView(page, /Flows in crafted/);
  await page.getByRole('button', { name: 'Copy URL' }).click();
  await expect(page.getByText(/user⟨U\+202E⟩gnp\.exe/).first()).toBeVisible();
  await quietWindow(page);
  await guard.expectNothingHappened(/^\/traffic\/open$/);
});

test.describe('through a live instance', () => {
  let token = '';
  let instanceId = '';

  test.beforeAll(async ({ request }) => {
    token = await apiLogin(request, team.a);
    const client = api(request, token);
    await client.stopAll();
    instanceId = await client.startAndWait('DEMO-001');
    const info = await client.json<{ surface?: { entrypoints: { url?: string | null }[] } | null }>(
      `/instances/${instanceId}`,
    );
    const surface = info.surface?.entrypoints
      .find((e) => e.url?.startsWith('http'))
      ?.url?.replace(/\/$/, '');
    if (!surface) throw new Error('no http entrypoint');

    await request.get(`${surface}/${encodeURIComponent(SCRIPT)}?x=${encodeURIComponent(IMG)}`, {
      headers: { 'X-Evil': `${SCRIPT}${IMG}`, Referer: 'javascript:window.__pwned=111' },
    });
    await request.post(`${surface}/echo`, {
      headers: { 'Content-Type': 'text/html' },
      data: `${META}${SCRIPT}${IMG}`,
    });
    await request.post(`${surface}/echo`, {
      headers: { 'Content-Type': 'image/svg+xml' },
      data: SVG,
    });
    await request.post(`${surface}/echo`, {
      headers: { 'Content-Type': 'application/json' },
      data: JSON.stringify({ a: 'javascript:window.__pwned=112', b: IMG, bidi: BIDI }),
    });
    // WebSocket messages with markup, both ways (the service echoes them)
    await new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`${surface.replace(/^http/, 'ws')}/ws`);
      // close once both echoes are back (not after a guessed time); the
      // service greets first, so only the echoes of what was sent count
      const awaited = new Set([SCRIPT, SVG]);
      ws.on('message', (data: Buffer) => {
        awaited.delete(data.toString());
        if (awaited.size === 0) ws.close(1000, 'done');
      });
      ws.on('open', () => {
        ws.send(SCRIPT);
        ws.send(SVG);
      });
      ws.on('close', () => resolve());
      ws.on('error', reject);
    });
    await expect
      .poll(
        async () =>
          (await client.json<{ flows?: unknown[] }>(`/instances/${instanceId}/traffic`)).flows
            ?.length ?? 0,
        { timeout: 15_000 },
      )
      .toBeGreaterThanOrEqual(5);
  });

  test.afterAll(async ({ request }) => {
    if (token) await api(request, token).stopAll();
  });

  test('hostile requests through the surface are shown as text only', async ({ page }) => {
    const guard = watch(page);
    await signIn(page, team.a);
    await page.goto(`/c/${team.competition}/instances/${instanceId}/traffic`);
    await openEveryFlowInEveryView(page, /Flows of instance/);
    await expect(page.getByText(SCRIPT).first()).toBeVisible();
    await quietWindow(page);
    await guard.expectNothingHappened(/\/traffic$/);
  });
});
