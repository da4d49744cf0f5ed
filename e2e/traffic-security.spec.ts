/**
 * Every byte of a flow is attacker-controlled. These captures carry script,
 * `javascript:` URLs, `<img onerror>`, SVG with handlers and HTML with
 * `<meta refresh>` in paths, headers, bodies and WebSocket messages. We open
 * every flow in every body view and check that nothing executes
 * (`window.__pwned` stays unset, no dialog), nothing navigates, and no request
 * leaves for another origin. Team e2e-26 for the live instance.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page, Request } from '@playwright/test';
import WebSocket from 'ws';
import {
  api,
  apiLogin,
  e2eTeam,
  expect,
  expectNoAxeViolations,
  signIn,
  test,
  quietWindow,
} from './fixtures';

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

test.describe('the rendered HTML preview', () => {
  const previewTeam = e2eTeam(39);
  /** Counts every connection and request that reaches it: the hostile page aims everything here. */
  let server: Server;
  let origin = '';
  const hits: string[] = [];

  test.beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.setHeader('Content-Type', 'text/html');
      res.end('<script>parent.postMessage("PWNED from the network", "*")</script>');
    });
    server.on('connection', () => hits.push('connection'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  test.afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** A page that tries everything: run script, load, navigate, submit, open. */
  const hostilePage = (o: string) => `<!doctype html><html><head>
<meta http-equiv="refresh" content="0;url=${o}/refresh">
<base href="${o}/base/">
<link rel="stylesheet" href="${o}/link-stylesheet.css">
<link rel="preload" as="image" href="${o}/link-preload.png">
<link rel="prefetch" href="${o}/link-prefetch">
<link rel="icon" href="${o}/favicon.ico">
<style>@import url(${o}/style-import.css); body { background: url(${o}/style-background.png) }</style>
<script>window.__pwned = 201; console.log('PWNED by a script'); parent.postMessage('PWNED by a script', '*'); alert('PWNED');</script>
<script src="${o}/script.js"></script>
</head><body onload="parent.postMessage('PWNED by body onload', '*')">
<h1 id="title">Rendered admin page</h1>
<img src="x" onerror="window.__pwned = 202; parent.postMessage('PWNED by onerror', '*')">
<img src="${o}/img.png" srcset="${o}/img-srcset.png 2x">
<div style="background-image: url(${o}/inline-style.png)">styled</div>
<iframe src="${o}/iframe"></iframe>
<object data="${o}/object"></object>
<embed src="${o}/embed">
<video poster="${o}/poster.png" src="${o}/video.mp4" autoplay></video>
<svg xmlns="http://www.w3.org/2000/svg" onload="parent.postMessage('PWNED by svg onload', '*')"><script>parent.postMessage('PWNED by svg script', '*')</script><image href="${o}/svg-image.png"/></svg>
<form id="form" action="${o}/form" method="post"><input name="stolen" value="1"><button id="submit">Send</button></form>
<script>document.getElementById('form').submit()</script>
<a id="top" href="${o}/top" target="_top">top</a>
<a id="blank" href="${o}/blank" target="_blank">blank</a>
<a id="plain" href="${o}/plain">plain</a>
<a id="js" href="javascript:parent.postMessage('PWNED by a javascript: link', '*')">js</a>
<input type="image" src="${o}/input-image.png">
</body></html>`;

  test('runs nothing, loads nothing and navigates nowhere, from a gzip body', async ({
    page,
    context,
  }) => {
    // the flow as the platform stores it: the body still gzip-encoded on the wire
    const html = hostilePage(origin);
    const gz = gzipSync(html);
    const capture = {
      format: 'ctfy-traffic/1',
      flows: [
        {
          id: 'hostile-preview',
          type: 'http',
          timestamp_created: 1_700_000_000,
          request: {
            method: 'GET',
            scheme: 'http',
            host: 'evil.test',
            port: 80,
            path: '/admin',
            http_version: 'HTTP/1.1',
            headers: [['Host', 'evil.test']],
            content: null,
            timestamp_start: 1_700_000_000,
            timestamp_end: 1_700_000_000.001,
          },
          response: {
            status_code: 200,
            reason: 'OK',
            http_version: 'HTTP/1.1',
            headers: [
              ['Content-Type', 'text/html; charset=utf-8'],
              ['Content-Encoding', 'gzip'],
            ],
            content: { encoding: 'base64', data: gz.toString('base64'), size: gz.length },
            timestamp_start: 1_700_000_000.01,
            timestamp_end: 1_700_000_000.02,
          },
          error: null,
          websocket: null,
        },
      ],
    };
    const dir = mkdtempSync(join(tmpdir(), 'traffic-preview-'));
    const file = join(dir, 'hostile-preview.json');
    writeFileSync(file, JSON.stringify(capture));

    await signIn(page, previewTeam.a);
    await page.goto('/traffic/open');
    await page.getByLabel('Capture file').setInputFiles(file);
    const rows = page.getByRole('grid', { name: /Flows in hostile-preview/ }).getByRole('row');
    await rows.nth(1).click();
    const details = page.getByRole('region', { name: /Flow details/ });
    const open = details.getByRole('button', { name: 'Preview rendered HTML' });
    await expect(open).toBeVisible();
    // off by default: no frame until asked
    await expect(page.locator('iframe')).toHaveCount(0);
    // the app keeps the selected flow in its own URL: wait for that, then nothing may change it
    await expect(page).toHaveURL(/[?&]flow=hostile-preview(&|$)/);
    const appUrl = page.url();

    // from here on, everything the page or a frame asks for is recorded
    // (Chromium may or may not report a request its CSP refused: each one seen must end refused)
    const requests = new Map<Request, string>();
    // (the app's own requests, from its frame to its origin, are not the preview's)
    const appOrigin = new URL(page.url()).origin;
    page.on('request', (req) => {
      const own = req.frame() === page.mainFrame() && new URL(req.url()).origin === appOrigin;
      if (!own) requests.set(req, 'pending');
    });
    page.on('requestfailed', (req) => {
      if (requests.has(req)) requests.set(req, req.failure()?.errorText ?? 'failed');
    });
    page.on('requestfinished', (req) => {
      if (requests.has(req)) requests.set(req, 'loaded');
    });
    const said: string[] = [];
    page.on('console', (msg) => {
      if (/PWNED/.test(msg.text())) said.push(msg.text());
    });
    page.on('dialog', (d) => {
      said.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    const popups: string[] = [];
    context.on('page', (p) => popups.push(p.url()));
    await page.evaluate(() => {
      (window as { __messages?: unknown[] }).__messages = [];
      window.addEventListener('message', (e) =>
        (window as { __messages?: unknown[] }).__messages!.push(e.data),
      );
    });

    await open.click();
    const preview = page.getByRole('region', { name: 'Rendered response body' });
    await expect(preview.getByRole('heading', { name: 'Rendered response body' })).toBeFocused();
    const frame = page.frameLocator('iframe[title="Rendered preview of the response body"]');
    // it renders: the gzip was undone before the preview
    await expect(frame.locator('#title')).toHaveText('Rendered admin page');
    await expect(frame.locator('#form')).toBeVisible();

    // what a curious player clicks
    await frame.locator('#submit').click();
    await frame.locator('#top').click();
    await frame.locator('#blank').click();
    await frame.locator('#plain').click();
    await frame.locator('#js').click();
    await quietWindow(page, 1000);

    expect(said).toEqual([]);
    expect(await page.evaluate(() => (window as { __messages?: unknown[] }).__messages)).toEqual(
      [],
    );
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(hits).toEqual([]);
    for (const [req, outcome] of requests) {
      expect(`${req.url()}: ${outcome}`).toMatch(
        /: (csp|net::ERR_BLOCKED_BY_(CSP|CLIENT|RESPONSE))$/,
      );
    }
    expect(popups).toEqual([]);
    expect(page.url()).toBe(appUrl);
    // the preview's own frame has not moved (the frames the page asked for inside it loaded nothing: hits)
    const srcdocFrames = page.frames().filter((f) => f.parentFrame() === page.mainFrame());
    expect(srcdocFrames.map((f) => f.url())).toEqual(['about:srcdoc']);
    // the script in the frame never ran, and nothing was put into the frame's page
    expect(await srcdocFrames[0]!.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBe(
      undefined,
    );

    // the panel and the frame (its title) are ours to make accessible; what is inside is the capture's
    await expectNoAxeViolations(page, ['iframe[title="Rendered preview of the response body"]']);

    // closing it takes the frame away and gives focus back to the button (keys
    // pressed inside the frame stay in the frame: Escape works from the panel)
    await preview.getByRole('heading', { name: 'Rendered response body' }).click();
    await page.keyboard.press('Escape');
    await expect(page.locator('iframe')).toHaveCount(0);
    await expect(open).toBeFocused();
    await expect(details).toBeVisible();
  });
});
