/**
 * Traffic viewer, end to end: requests made through a real DEMO-001 instance
 * (the platform records them), found in the viewer with the right details;
 * filters; keyboard; copy as curl run for real; HAR export re-opened at
 * /traffic/open; a real mitmproxy 8.1.1 dump opened. Team e2e-25.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { api, DEMO, e2eTeam, expect, signIn, test } from './fixtures';
import {
  flowGrid as grid,
  flowRow as rowFor,
  selectText,
  startTrafficInstance,
  testJwt,
  waitForFlows,
} from './trafficFixtures';

const team = e2eTeam(25);
const MITM_FIXTURE = fileURLToPath(new URL('./fixtures/mitmproxy-8.1.1.mitm', import.meta.url));

/** A JWT that expires about two hours after the tests start (its signature is not checked). */
const JWT = testJwt('alice');

let instanceId = '';
let surface = '';
let token = '';

test.beforeAll(async ({ request }) => {
  ({ token, instanceId, surface } = await startTrafficInstance(request, team.a));

  await request.get(`${surface}/`);
  await request.get(`${surface}/api/users`);
  await request.get(`${surface}/gzip`, { headers: { 'Accept-Encoding': 'gzip' } });
  await request.get(`${surface}/binary`);
  await request.get(`${surface}/missing`);
  await request.get(`${surface}/crash`).catch(() => undefined); // the upstream drops the connection
  await request.post(`${surface}/echo?x=1`, {
    headers: { 'Content-Type': 'application/json', 'X-Probe': "it's $(id) `id`" },
    data: JSON.stringify({ quote: "it's", newline: 'a\nb', unicode: 'ünï ✓' }),
  });
  await request.get(`${surface}/admin`, { headers: { Cookie: `token=${JWT}; theme=dark` } });
  await waitForFlows(request, { token, instanceId, surface }, 8);
});

test.afterAll(async ({ request }) => {
  if (token) await api(request, token).stopAll();
});

test('each request shows up with the right details', async ({ page }) => {
  await signIn(page, team.a);
  await page.goto(`/c/${team.competition}/instances/${instanceId}/traffic`);
  await expect(grid(page)).toBeVisible({ timeout: 30_000 });

  // gzip: decoded JSON
  await rowFor(page, '/gzip').click();
  const details = page.getByRole('region', { name: /Flow details/ });
  await expect(details.getByRole('heading', { name: /GET \/gzip/ })).toBeVisible();
  await expect(details.getByText(/decoded from gzip/)).toBeVisible();
  await expect(details.getByLabel('Response body JSON')).toContainText('"compressed": true');
  // the body downloads under a name made of method, host and path, typed by its content
  const bodyDownload = page.waitForEvent('download');
  await details.getByRole('button', { name: 'Download response body' }).click();
  const saved = await bodyDownload;
  const host = new URL(surface).hostname;
  expect(saved.suggestedFilename()).toBe(`GET-${host}-gzip-response.json`);
  const savedText = readFileSync(await saved.path(), 'utf8');
  expect(JSON.parse(savedText)).toMatchObject({ compressed: true });

  // binary: hex dump of 0xff 0xfe …
  await rowFor(page, '/binary').click();
  await expect(details.getByLabel('Response body hex dump')).toContainText(
    '00000000  ff fe fd fc fb fa f9 f8  f7 f6 f5 f4 f3 f2 f1 f0',
  );

  // 404
  await rowFor(page, '/missing').click();
  await expect(details.getByLabel('Response line')).toHaveText(/404 Not Found/);

  // upstream failure: a visible error row
  const crash = rowFor(page, '/crash');
  await expect(crash).toContainText('Error');
  await crash.click();
  await expect(details.getByRole('note')).toContainText('Error');
  await expect(details.getByText('No response was received.')).toBeVisible();
});

test('an upstream failure: its text beside the path, not in Type; one duration in list and details', async ({
  page,
}) => {
  await signIn(page, team.a);
  await page.goto(`/c/${team.competition}/instances/${instanceId}/traffic`);
  const crash = rowFor(page, '/crash');
  await crash.click();
  const details = page.getByRole('region', { name: /Flow details/ });
  const note = details.getByRole('note');
  await expect(note).toContainText('Error');
  const message = (await note.locator('p').nth(1).innerText()).trim();
  expect(message.length).toBeGreaterThan(0);

  // the columns shown (a one-value column, such as Host, is collapsed)
  const shown = await grid(page).getByRole('columnheader').allTextContents();
  const cell = (column: string) =>
    crash.getByRole('gridcell').nth(shown.findIndex((name) => name.startsWith(column)));
  await expect(cell('Path')).toContainText(message);
  await expect(cell('Type')).not.toContainText(message);
  const detailsDuration = details
    .getByText('Duration', { exact: true })
    .locator('xpath=following-sibling::dd[1]');
  await expect(detailsDuration).toHaveText(/\d+ ms|\d s|<1 ms/);
  await expect(cell('Duration')).toHaveText((await detailsDuration.innerText()).trim());
});

test('at 390 px the flow list shows method, path and status first, and nothing scrolls sideways', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, team.a);
  await page.goto(`/c/${team.competition}/instances/${instanceId}/traffic`);
  const headers = grid(page).getByRole('columnheader');
  await expect(headers.filter({ visible: true })).toHaveText(['Method', 'Path', 'Status']);
  const row = rowFor(page, '/missing');
  for (const text of ['GET', '/missing', '404']) {
    const cell = row.getByRole('gridcell', { name: text, exact: true });
    await expect(cell).toBeInViewport({ ratio: 1 });
  }
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBe(0);
});

test('a file that is not a capture: which files open, and what this one looks like', async ({
  page,
}) => {
  await signIn(page, DEMO.alice); // on two competitions: the header would offer a choice
  await page.goto('/traffic/open');
  await page.getByLabel('Capture file').setInputFiles({
    name: 'garbage.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('this is not a capture\njust some words\n'),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Cannot open garbage.txt');
  await expect(alert).toContainText('it looks like plain text, beginning “this is not a capture”');
  await expect(alert).toContainText(/mitmproxy dump \(\.mitm or \.flows/);
  await expect(alert).toContainText(/HAR file \(\.har/);
  await expect(alert).toContainText(/ctfy traffic JSON/);
  await expect(alert).not.toContainText(/tnetstring|0x74|byte 0/);
  await expect(page.getByRole('banner')).not.toContainText('Choose a competition');
  await expect(page.getByText(/^File:/)).toHaveCount(0);
});

test('filters narrow the list, a syntax error keeps the last result, keyboard works', async ({
  page,
}) => {
  await signIn(page, team.a);
  await page.goto(`/c/${team.competition}/instances/${instanceId}/traffic`);
  await expect(grid(page)).toBeVisible({ timeout: 30_000 });
  const status = page.getByRole('status').filter({ hasText: /flows/ });
  await expect(status).toHaveText(/^\d+ flows/);

  await page.keyboard.press('/');
  const filter = page.getByLabel(/^Filter/);
  await expect(filter).toBeFocused();
  await filter.fill('~c 404');
  await expect(status).toHaveText(/Showing 1 of \d+ flows/);
  await expect(rowFor(page, '/missing')).toHaveCount(1);
  await expect(page).toHaveURL(/[?&]q=(~|%7E)c(\+|%20)404/);

  await filter.fill('~c 404 & (');
  await expect(page.getByRole('alert')).toContainText(/Syntax error at column 11/);
  await expect(status).toHaveText(/Showing 1 of \d+ flows/);

  await filter.fill('~bs "\\"compressed\\": ?true" | ~m post');
  await expect(status).toHaveText(/Showing 2 of \d+ flows/);
  await expect(rowFor(page, '/gzip')).toHaveCount(1);
  await expect(rowFor(page, '/echo')).toHaveCount(1);

  // Esc leaves the filter for the grid; ↓ selects, Enter opens the details
  await filter.press('Escape');
  await expect(grid(page)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { name: /Flow details/ });
  await expect(heading).toBeFocused();
  await page.keyboard.press('ArrowDown'); // moves nothing inside the panel
  await page.keyboard.press('Escape');
  await expect(heading).toBeHidden();
  await expect(grid(page)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page).toHaveURL(/[?&]flow=/);
});

test('copy as curl reproduces the request', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, team.a);
  await page.goto(`/c/${team.competition}/instances/${instanceId}/traffic?q=~m+post`);
  await rowFor(page, '/echo').click();
  await page.getByRole('button', { name: 'Copy as curl' }).click();
  await expect(page.getByText('Copied the curl command.')).toBeVisible();
  const command = await page.evaluate(() => navigator.clipboard.readText());
  expect(command).toContain(`'X-Probe: it'\\''s $(id) \`id\`'`);
  const output = execFileSync('sh', ['-c', command], {
    encoding: 'utf8',
    timeout: 15_000,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  expect(JSON.parse(output)).toEqual({ quote: "it's", newline: 'a\nb', unicode: 'ünï ✓' });
});

test('copy as Python requests, as fetch and the raw request reproduce the request', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, team.a);
  await page.goto(`/c/${team.competition}/instances/${instanceId}/traffic?q=~m+post`);
  await rowFor(page, '/echo').first().click(); // the curl test may have sent it again
  const sent = { quote: "it's", newline: 'a\nb', unicode: 'ünï ✓' };
  for (const [button, copied, program, args] of [
    ['Copy as Python requests', 'Copied the Python script.', 'python3', ['-']],
    [
      'Copy as fetch (Node.js)',
      /Copied the fetch script \(Node\.js\)\./,
      'node',
      ['--input-type=module'],
    ],
  ] as const) {
    await page.getByRole('button', { name: button }).click();
    await expect(page.getByText(copied)).toBeVisible();
    const script = await page.evaluate(() => navigator.clipboard.readText());
    const output = execFileSync(program, [...args], {
      input: script,
      encoding: 'utf8',
      timeout: 30_000,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const [statusLine, ...body] = output.split('\n');
    expect(statusLine).toBe('200 OK');
    expect(JSON.parse(body.join('\n'))).toEqual(sent);
  }

  // the raw request, written to a socket as nc would
  await page.getByRole('button', { name: 'Copy raw request' }).click();
  await expect(page.getByText('Copied the raw request.')).toBeVisible();
  const raw = await page.evaluate(() => navigator.clipboard.readText());
  const { hostname, port } = new URL(surface);
  const answer = await new Promise<string>((resolve, reject) => {
    // written, not ended: like nc, the socket stays open until the server closes it
    const socket = connect(Number(port), hostname, () => socket.write(raw));
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
  });
  expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual(sent);
});

test('a JWT selected in a cookie decodes with its expiry in words; the result copies', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, team.a);
  await page.goto(`/c/${team.competition}/instances/${instanceId}/traffic`);
  await rowFor(page, '/admin').click();
  const details = page.getByRole('region', { name: /Flow details/ });
  await expect(details.getByText(JWT, { exact: false }).first()).toBeVisible();
  // select just the token inside the Cookie header's value, as a user would
  await selectText(page.locator('body'), JWT);
  const decode = details.getByRole('region', { name: 'Decode' });
  await decode.getByRole('button', { name: 'Decode selection' }).click();
  await expect(decode.getByLabel('Text to decode')).toHaveValue(JWT);
  await decode.getByLabel('Decoder').selectOption({ label: 'JWT (signature not checked)' });
  await decode.getByRole('button', { name: 'Add step' }).click();
  await expect(decode).toContainText(/JWT: expires in (about )?2 hours/);
  await expect(decode).toContainText('not checked');
  const result = decode.getByLabel('Result');
  await expect(result).toContainText('"sub": "alice"');
  await expect(result).toContainText('"alg": "HS256"');
  await decode.getByRole('button', { name: 'Copy result' }).click();
  await expect(decode.getByText('Copied the result.')).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(JSON.parse(copied)).toMatchObject({ payload: { sub: 'alice', role: 'player' } });
});

test('HAR export re-opens at /traffic/open with the same flows', async ({ page }) => {
  await signIn(page, team.a);
  await page.goto(
    `/c/${team.competition}/instances/${instanceId}/traffic?q=~u+/gzip|~u+/binary|~c+404`,
  );
  const status = page.getByRole('status').filter({ hasText: /flows/ });
  await expect(status).toHaveText(/Showing 3 of \d+ flows/);
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export the 3 shown flows as HAR' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe(`traffic-${instanceId}.har`);
  const path = await download.path();
  const har = JSON.parse(readFileSync(path, 'utf8')) as {
    log: {
      version: string;
      entries: {
        request: { url: string };
        response: {
          bodySize: number;
          headers: { name: string; value: string }[];
          content: { size: number; compression?: number; text?: string; encoding?: string };
        };
      }[];
    };
  };
  expect(har.log.version).toBe('1.2');
  expect(har.log.entries).toHaveLength(3);
  // HAR 1.2 stores the gzip body decoded: text, no base64, size decoded, compression = bytes saved
  const gzip = har.log.entries.find((e) => e.request.url.endsWith('/gzip'))!;
  const coding = gzip.response.headers.find((h) => h.name.toLowerCase() === 'content-encoding');
  expect(coding?.value).toBe('gzip');
  expect(gzip.response.content.encoding).toBeUndefined();
  expect(JSON.parse(gzip.response.content.text!)).toMatchObject({ compressed: true });
  expect(gzip.response.content.size).toBe(Buffer.byteLength(gzip.response.content.text!));
  expect(gzip.response.content.compression).toBe(
    gzip.response.content.size - gzip.response.bodySize,
  );

  await page.goto('/traffic/open');
  await page.getByLabel('Capture file').setInputFiles(path);
  const opened = page.getByRole('grid', { name: /Flows in/ });
  await expect(opened.getByRole('row')).toHaveCount(4); // header + 3
  for (const p of ['/gzip', '/binary', '/missing']) {
    await expect(opened.getByRole('row').filter({ hasText: p })).toHaveCount(1);
  }
  await opened.getByRole('row').filter({ hasText: '/gzip' }).click();
  await expect(page.getByLabel('Response body JSON')).toContainText('"compressed": true');
});

test('a real mitmproxy 8.1.1 dump opens in the local viewer', async ({ page }) => {
  await signIn(page, team.a);
  await page.goto('/traffic/open');
  await page.getByLabel('Capture file').setInputFiles(MITM_FIXTURE);
  const opened = page.getByRole('grid', { name: /Flows in mitmproxy-8\.1\.1\.mitm/ });
  await expect(opened.getByRole('row')).toHaveCount(11);
  await opened.getByRole('row').filter({ hasText: '/brotli' }).click();
  const details = page.getByRole('region', { name: /Flow details/ });
  await expect(details.getByText(/decoded from br/)).toBeVisible();
  await opened.getByRole('row').filter({ hasText: '/ws' }).click();
  await expect(details.getByRole('heading', { name: /WebSocket messages \(5\)/ })).toBeVisible();
  await expect(details.getByRole('cell', { name: 'hello from client', exact: true })).toBeVisible();
  await opened.getByRole('row').filter({ hasText: '/upstream-down' }).click();
  await expect(details.getByRole('note')).toContainText('Connect call failed');
});

test('Live appends new flows (on by default) and keeps the selection', async ({
  page,
  request,
}) => {
  await signIn(page, team.a);
  await page.goto(`/c/${team.competition}/instances/${instanceId}/traffic`);
  await expect(grid(page)).toBeVisible({ timeout: 30_000 });
  await rowFor(page, '/gzip').click();
  const heading = page.getByRole('heading', { name: /Flow details/ });
  await expect(heading).toContainText('GET /gzip');
  await expect(page).toHaveURL(/[?&]flow=/); // the URL follows the selection once it settles
  const selectedUrl = page.url();

  // Live asks only for what is new: each refetch carries the cursor of the last answer
  // (what `since` answers is tested on the server)
  const sinceSent: (string | null)[] = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.pathname.endsWith(`/instances/${instanceId}/traffic`))
      sinceSent.push(url.searchParams.get('since'));
  });
  // on by default while the instance runs: nothing to press
  const live = page.getByRole('button', { name: 'Live' });
  await expect(live).toHaveAttribute('aria-pressed', 'true');
  await request.get(`${surface}/api/users?live=1`);
  await expect(rowFor(page, '/api/users?live=1')).toHaveCount(1, { timeout: 20_000 });
  expect(sinceSent.length).toBeGreaterThan(0);
  // a platform without cursors (project extensions-off): every refresh is the whole capture
  const cursors = test.info().project.name !== 'extensions-off';
  expect(sinceSent.filter((since) => since !== null && since.length > 0)).toHaveLength(
    cursors ? sinceSent.length : 0,
  );
  await expect(heading).toContainText('GET /gzip');
  expect(page.url()).toBe(selectedUrl);
  await expect(rowFor(page, '/gzip')).toHaveAttribute('aria-selected', 'true');
});
