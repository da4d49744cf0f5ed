/**
 * Issue 17's "Done means", against the real platform and a real DEMO-001
 * instance: Live on by default with the "N new flows" marker (team e2e-35),
 * then the walk-through (team e2e-36): requests with a JWT in a cookie, a
 * Base64 body and a flag in a response; brush the timeline, pick a site-map
 * node, compare two flows, decode the JWT and the Base64 body, find the flag
 * in the Flags panel, and run each copied snippet against a local echo
 * server, comparing the request it sends with the captured flow.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { APIRequestContext, Page } from '@playwright/test';
import { api, e2eTeam, expect, expectNoAxeViolations, signIn, test } from './fixtures';
import {
  flowCount,
  flowRow as rowFor,
  flowGrid as grid,
  selectText,
  startTrafficInstance,
  testJwt,
  waitForFlows,
  type TrafficInstance,
} from './trafficFixtures';

interface CapturedFlow {
  request: {
    method: string;
    path: string;
    headers: [string, string][];
    content: { encoding: string; data: string } | null;
  };
}

async function capturedFlows(request: APIRequestContext, { token, instanceId }: TrafficInstance) {
  const body = await api(request, token).json<{ flows?: CapturedFlow[] }>(
    `/instances/${instanceId}/traffic`,
  );
  return body.flows ?? [];
}

function flowStatus(page: Page) {
  return page.getByRole('status').filter({ hasText: /flows/ });
}

test.describe('Live', () => {
  const team = e2eTeam(35);
  let instance: TrafficInstance;
  let token = '';
  let instanceId = '';
  let surface = '';

  test.beforeAll(async ({ request }) => {
    instance = await startTrafficInstance(request, team.a);
    ({ token, instanceId, surface } = instance);
  });

  test.afterAll(async ({ request }) => {
    if (token) await api(request, token).stopAll();
  });

  test('is on by default on a running instance: a request shows up without any click', async ({
    page,
    request,
  }) => {
    await signIn(page, team.a);
    await page.goto(`/c/${team.competition}/instances/${instanceId}/traffic`);
    const live = page.getByRole('button', { name: 'Live' });
    await expect(live).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('status').filter({ hasText: /^Live/ })).toBeVisible();

    await request.get(`${surface}/live/first`);
    await expect(rowFor(page, '/live/first')).toHaveCount(1, { timeout: 20_000 });
    await expect(live).toHaveAttribute('aria-pressed', 'true');

    // turned off, it stays off for the tab (another page and back)
    await live.click();
    await expect(live).toHaveAttribute('aria-pressed', 'false');
    await page.goto(`/c/${team.competition}/instances`);
    await page.goto(`/c/${team.competition}/instances/${instanceId}/traffic`);
    await expect(rowFor(page, '/live/first')).toHaveCount(1, { timeout: 20_000 });
    await expect(page.getByRole('button', { name: 'Live' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
  });

  test('scrolled away from the newest flows, new ones are counted ("N new flows"), the list does not move; the button jumps to them', async ({
    page,
    request,
  }) => {
    for (let i = 1; i <= 40; i++)
      await request.get(`${surface}/live/row-${String(i).padStart(2, '0')}`);
    await waitForFlows(request, instance, 40);
    const total = await flowCount(request, instance);
    await signIn(page, team.a);
    await page.goto(`/c/${team.competition}/instances/${instanceId}/traffic`);
    await expect(flowStatus(page)).toHaveText(new RegExp(`^${total} flows`), { timeout: 30_000 });

    // time ascending (the default): the newest flows are at the bottom; go to the top
    const list = grid(page);
    await list.evaluate((el) => (el.scrollTop = 0));
    const topRow = list.locator('[role="row"][aria-rowindex="2"]');
    await expect(topRow).toContainText('/live/');
    const topPath = (await topRow.innerText()).match(/\/live\/[\w-]+/)![0];

    for (const name of ['new-a', 'new-b', 'new-c']) await request.get(`${surface}/live/${name}`);
    const marker = page.getByRole('button', { name: '3 new flows' });
    await expect(marker).toBeVisible({ timeout: 20_000 });
    // announced politely
    await expect(page.locator('[aria-live="polite"]').filter({ has: marker })).toHaveCount(1);
    // the list did not move: same top row, still scrolled to the top
    await expect(topRow).toContainText(topPath);
    expect(await list.evaluate((el) => el.scrollTop)).toBe(0);
    await expect(rowFor(page, '/live/new-c')).toHaveCount(0); // not rendered: out of view
    await expectNoAxeViolations(page);

    // by keyboard: from the list, Shift+Tab reaches the marker; Enter jumps to the newest flows
    await list.focus();
    await page.keyboard.press('Shift+Tab');
    await expect(marker).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(rowFor(page, '/live/new-c')).toBeVisible();
    await expect(marker).toBeHidden();
    await expect(list).toBeFocused();
    await expectNoAxeViolations(page);

    // at the newest flows, new ones follow: no marker, the newest row comes into view
    await request.get(`${surface}/live/followed`);
    await expect(rowFor(page, '/live/followed')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('button', { name: /new flows?$/ })).toHaveCount(0);

    // time descending: the newest are on top; scrolled down, flows coming in above
    // the rows in view must not push them down
    const timeHeader = list.getByRole('columnheader', { name: /^Time/ });
    await timeHeader.getByRole('button').click();
    await expect(timeHeader).toHaveAttribute('aria-sort', 'descending');
    await list.evaluate((el) => (el.scrollTop = 10 * 28));
    const watched = list.locator('[role="row"][aria-rowindex="13"]');
    await expect(watched).toBeVisible();
    const watchedPath = (await watched.innerText()).match(/\/live\/[\w-]+/)![0];
    const before = (await watched.boundingBox())!.y;
    for (const name of ['above-a', 'above-b']) await request.get(`${surface}/live/${name}`);
    await expect(page.getByRole('button', { name: '2 new flows' })).toBeVisible({
      timeout: 20_000,
    });
    const same = rowFor(page, watchedPath);
    await expect(same).toHaveAttribute('aria-rowindex', '15'); // two flows above it now
    expect(Math.abs((await same.boundingBox())!.y - before)).toBeLessThan(1);
    await page.getByRole('button', { name: '2 new flows' }).click();
    await expect(rowFor(page, '/live/above-b')).toBeVisible();
    expect(await list.evaluate((el) => el.scrollTop)).toBe(0);
  });
});

test.describe('the walk-through', () => {
  const team = e2eTeam(36);
  let instance: TrafficInstance;
  let token = '';
  let instanceId = '';
  let surface = '';

  /** an unsigned-for-real JWT that expires in a little over 2 hours */
  const JWT = testJwt('walker');
  const SECRET_TEXT = 'role=admin&note=decoded from Base64 ✓';
  const BASE64_BODY = Buffer.from(SECRET_TEXT).toString('base64');
  const FLAG = 'ctfy{walk_through_flag}';

  test.beforeAll(async ({ request }) => {
    instance = await startTrafficInstance(request, team.a);
    ({ token, instanceId, surface } = instance);

    await request.get(`${surface}/`);
    await request.get(`${surface}/admin`, { headers: { Cookie: `token=${JWT}; theme=dark` } });
    await request.post(`${surface}/echo?step=base64`, {
      headers: {
        'Content-Type': 'text/plain',
        Cookie: `token=${JWT}`,
        'X-Walk': "it's $(id)",
      },
      data: BASE64_BODY,
    });
    // the echo service answers with the body: the flag is in the response
    await request.post(`${surface}/echo?step=flag`, {
      headers: { 'Content-Type': 'text/plain' },
      data: `here is ${FLAG}`,
    });
    await request.post(`${surface}/echo?user=alice`, {
      headers: { 'Content-Type': 'application/json' },
      data: JSON.stringify({ user: 'alice', role: 'player' }),
    });
    await request.post(`${surface}/echo?user=bob`, {
      headers: { 'Content-Type': 'application/json' },
      data: JSON.stringify({ role: 'admin', user: 'bob' }),
    });
    await request.get(`${surface}/missing`);
    await waitForFlows(request, instance, 7);
    expect(await flowCount(request, instance)).toBe(7);
  });

  test.afterAll(async ({ request }) => {
    if (token) await api(request, token).stopAll();
  });

  test('requests with a JWT cookie, a Base64 body and a flag: timeline, site map, compare, decode, flags', async ({
    page,
  }) => {
    await signIn(page, team.a);
    await page.goto(`/c/${team.competition}/instances/${instanceId}/traffic`);
    const status = flowStatus(page);
    await expect(status).toHaveText(/^7 flows/, { timeout: 30_000 });

    // brush the timeline: the list narrows to the earliest flows; one click clears it
    const chart = page.getByRole('img', { name: /^Requests over time: 7 flows/ });
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect(status).toHaveText(/^Showing \d+ of 7 flows/);
    const shown = Number((await status.innerText()).match(/^Showing (\d+)/)![1]);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(7);
    await expect(rowFor(page, '/missing')).toHaveCount(0); // the last request
    await page.getByRole('button', { name: 'Clear time range' }).click();
    await expect(status).toHaveText(/^7 flows/);

    // pick a site-map node: only its flows
    await page.getByText('Site map', { exact: true }).click();
    const map = page.getByRole('list', { name: 'Hosts and paths' });
    await map.getByRole('button', { name: 'Show only /echo (4 flows)' }).click();
    await expect(status).toHaveText('Showing 4 of 7 flows');
    await expect(rowFor(page, '/missing')).toHaveCount(0);
    await page.getByLabel(/^Filter/).fill('');
    await expect(status).toHaveText(/^7 flows/);

    // compare two flows
    await rowFor(page, '/echo?user=alice').click();
    const details = page.getByRole('region', { name: /Flow details/ });
    await details.getByRole('button', { name: 'Compare with another flow…' }).click();
    await rowFor(page, '/echo?user=bob').click();
    await details.getByRole('button', { name: 'Compare with A (POST /echo?user=alice)' }).click();
    const compare = page.getByRole('region', { name: 'Compare flows' });
    const body = compare.getByRole('table', { name: /^Request body/ });
    await expect(body.locator('tr[data-diff="changed"]')).toHaveCount(2);
    await expect(body.locator('tr[data-diff="changed"]').nth(1)).toContainText('"user": "bob"');
    await page.keyboard.press('Escape');
    await expect(compare).toBeHidden();

    // decode the JWT from the cookie: header and payload, expiry in words
    await rowFor(page, '/admin').click();
    await expect(details.getByRole('heading', { name: /GET \/admin/ })).toBeVisible();
    await selectText(details, JWT);
    const decode = details.getByRole('region', { name: 'Decode' });
    await decode.getByRole('button', { name: 'Decode selection' }).click();
    await expect(decode.getByLabel('Text to decode')).toHaveValue(JWT);
    await decode.getByLabel('Decoder').selectOption({ label: 'JWT (signature not checked)' });
    await decode.getByRole('button', { name: 'Add step' }).click();
    await expect(decode).toContainText(/JWT: expires in (about )?2 hours/);
    const result = decode.getByLabel('Result');
    await expect(result).toContainText('"alg": "HS256"');
    await expect(result).toContainText('"typ": "JWT"');
    await expect(result).toContainText('"sub": "walker"');
    await decode.getByRole('button', { name: 'Clear steps' }).click();

    // decode the Base64 body
    await rowFor(page, '/echo?step=base64').click();
    await expect(details.getByRole('heading', { name: /POST \/echo\?step=base64/ })).toBeVisible();
    await selectText(details.getByLabel('Request body text'), BASE64_BODY);
    await decode.getByRole('button', { name: 'Decode selection' }).click();
    await expect(decode.getByLabel('Text to decode')).toHaveValue(BASE64_BODY);
    await decode.getByLabel('Decoder').selectOption({ label: 'Base64 / Base64url' });
    await decode.getByRole('button', { name: 'Add step' }).click();
    await expect(decode.getByLabel('Result')).toHaveText(SECRET_TEXT);

    // the flag in the Flags panel, with its flow
    await page.getByText('Flags', { exact: true }).click();
    const flags = page.getByRole('region', { name: 'Flags found in the capture' });
    const items = flags.getByRole('list', { name: 'Flags found' }).locator(':scope > li');
    await expect(items).toHaveCount(1);
    await expect(items.first()).toContainText(FLAG);
    await expect(items.first()).toContainText('In 1 flow');
    await items
      .first()
      .getByRole('button', { name: /Show flow POST \/echo\?step=flag/ })
      .click();
    await expect(details.getByLabel('Response body text')).toHaveText(`here is ${FLAG}`);
    await expectNoAxeViolations(page);
  });

  test.describe('each copied snippet, run, sends the captured request', () => {
    interface Received {
      method: string;
      url: string;
      headers: Record<string, string | string[] | undefined>;
      body: Buffer;
    }
    let echo: Server;
    let echoOrigin = '';
    const received: Received[] = [];

    test.beforeAll(async () => {
      echo = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({
            method: req.method ?? '',
            url: req.url ?? '',
            headers: req.headers,
            body: Buffer.concat(chunks),
          });
          res.writeHead(200, {
            'Content-Type': 'text/plain',
            'Content-Length': '6',
            Connection: 'close',
          });
          res.end('echoed');
        });
      });
      await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
      echoOrigin = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    });

    test.afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

    /** Runs `program` with `input` on stdin, asynchronously (the echo server answers meanwhile). */
    function run(program: string, args: string[], input: string): Promise<string> {
      return new Promise((resolve, reject) => {
        const child = execFile(program, args, { timeout: 60_000 }, (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
        );
        child.stdin?.end(input);
      });
    }

    /** Writes the raw request to a socket as nc would, and reads until the server closes. */
    function sendRaw(raw: string): Promise<string> {
      const { hostname, port } = new URL(echoOrigin);
      return new Promise((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => socket.write(raw));
        let text = '';
        socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
        socket.on('error', reject);
        socket.on('close', () => resolve(text));
      });
    }

    test('curl (sh), Python requests (python3), fetch (node), HTTPie (http), raw HTTP (a TCP socket)', async ({
      page,
      context,
      request,
    }) => {
      // eslint-disable-next-line playwright/no-skipped-test -- only on a machine without HTTPie
      test.skip(
        !existsSync('/usr/bin/http'),
        'HTTPie is not installed (apt-get install -y httpie)',
      );
      const flow = (await capturedFlows(request, instance)).find(
        (f) => f.request.path === '/echo?step=base64',
      );
      expect(flow, 'the captured POST /echo?step=base64').toBeDefined();
      const header = (name: string) =>
        flow!.request.headers.find(([n]) => n.toLowerCase() === name)?.[1];
      expect(header('cookie')).toBe(`token=${JWT}`);
      expect(flow!.request.content).toEqual(
        expect.objectContaining({ encoding: 'utf-8', data: BASE64_BODY }),
      );

      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await signIn(page, team.a);
      await page.goto(`/c/${team.competition}/instances/${instanceId}/traffic`);
      await rowFor(page, '/echo?step=base64').click();

      // each sends the same request to the echo server instead of the instance
      const toEcho = (text: string) => {
        expect(text).toContain(surface);
        return text.replaceAll(surface, echoOrigin);
      };
      const snippets: {
        button: string;
        copied: string;
        send: (text: string) => Promise<string>;
      }[] = [
        {
          button: 'Copy as curl',
          copied: 'curl command',
          send: (text) => run('sh', ['-s'], toEcho(text)),
        },
        {
          button: 'Copy as Python requests',
          copied: 'Python script',
          send: (text) => run('python3', ['-'], toEcho(text)),
        },
        {
          button: 'Copy as fetch (Node.js)',
          copied: 'fetch script (Node.js)',
          send: (text) => run('node', ['--input-type=module'], toEcho(text)),
        },
        {
          button: 'Copy as HTTPie',
          copied: 'HTTPie command',
          send: (text) => run('sh', ['-s'], toEcho(text)),
        },
        {
          // written to a TCP socket as is (its Host line names the instance)
          button: 'Copy raw request',
          copied: 'raw request',
          send: (text) => {
            expect(text).toMatch(/^POST \/echo\?step=base64 HTTP\/1\.1\r\n/);
            return sendRaw(text);
          },
        },
      ];
      for (const snippet of snippets) {
        await page.getByRole('button', { name: snippet.button }).click();
        await expect(page.getByText(`Copied the ${snippet.copied}.`)).toBeVisible();
        const text = await page.evaluate(() => navigator.clipboard.readText());
        const before = received.length;
        expect(await snippet.send(text), snippet.button).toContain('echoed');
        expect(received, snippet.button).toHaveLength(before + 1);
        const got = received[before]!;
        expect(got.method, snippet.button).toBe(flow!.request.method);
        expect(got.url, snippet.button).toBe(flow!.request.path);
        expect(got.headers['cookie'], snippet.button).toBe(header('cookie'));
        expect(got.headers['x-walk'], snippet.button).toBe(header('x-walk'));
        expect(got.headers['content-type'], snippet.button).toBe(header('content-type'));
        expect(got.body.toString('utf8'), snippet.button).toBe(BASE64_BODY);
      }
    });
  });
});
