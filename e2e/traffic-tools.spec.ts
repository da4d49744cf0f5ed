/**
 * Traffic tools (issue 17), end to end against a real DEMO-001 instance:
 * flags (the platform's pattern, the Flags panel, `~flag`, highlighting as
 * text), Compare, the site map, the timeline, Copy as HTTPie. Team e2e-27.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { api, e2eTeam, expect, expectNoAxeViolations, signIn, test } from './fixtures';
import {
  flowGrid as grid,
  flowRow as rowFor,
  startTrafficInstance,
  waitForFlows,
} from './trafficFixtures';

const team = e2eTeam(27);

let instanceId = '';
let surface = '';
let token = '';

/** A flag of the platform's shape (FLAG_PATTERN's default, ctfy{…}), echoed in the response. */
const FLAG = 'ctfy{e2e_response_flag}';
/** A flag whose text is markup: it must stay text. */
const HOSTILE_FLAG = 'ctfy{<img src=x onerror="window.__pwned=1">}';
/** The default pattern's shape, not this platform's: not a flag here. */
const OTHER_SHAPE = 'CTF{other_competition}';

async function openTraffic(page: Page) {
  await signIn(page, team.a);
  await page.goto(`/c/${team.competition}/instances/${instanceId}/traffic`);
  await expect(grid(page)).toBeVisible({ timeout: 30_000 });
}

test.beforeAll(async ({ request }) => {
  ({ token, instanceId, surface } = await startTrafficInstance(request, team.a));

  await request.get(`${surface}/`);
  await request.get(`${surface}/missing`);
  await request.get(`${surface}/api/users`);
  await request.post(`${surface}/echo?step=flag`, {
    headers: { 'Content-Type': 'text/plain' },
    data: `the flag is ${FLAG}, well done`,
  });
  await request.post(`${surface}/echo?step=hostile`, {
    headers: { 'Content-Type': 'text/plain' },
    data: `look: ${HOSTILE_FLAG}`,
  });
  await request.post(`${surface}/echo?step=other`, {
    headers: { 'Content-Type': 'text/plain' },
    data: `not ours: ${OTHER_SHAPE}`,
  });
  await request.post(`${surface}/echo?user=alice`, {
    headers: { 'Content-Type': 'application/json' },
    data: JSON.stringify({ user: 'alice', role: 'player', team: 'red' }),
  });
  await request.post(`${surface}/echo?user=bob`, {
    headers: { 'Content-Type': 'application/json' },
    // same keys in another order, two values changed
    data: JSON.stringify({ team: 'red', role: 'admin', user: 'bob' }),
  });
  await waitForFlows(request, { token, instanceId, surface }, 8);
});

test.afterAll(async ({ request }) => {
  if (token) await api(request, token).stopAll();
});

test("flags: the platform's pattern finds them, the panel lists them with their flows, ~flag filters, details mark them as text", async ({
  page,
}) => {
  await openTraffic(page);
  await page.getByText('Flags', { exact: true }).click();
  const panel = page.getByRole('region', { name: 'Flags found in the capture' });
  await expect(panel).toContainText("Pattern (from the platform's settings): ctfy\\{");
  const found = panel.getByRole('list', { name: 'Flags found' });
  const items = found.locator(':scope > li');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText(FLAG);
  await expect(items.nth(0)).toContainText('In 1 flow');
  await expect(items.nth(1)).toContainText(HOSTILE_FLAG);
  await expect(panel).not.toContainText(OTHER_SHAPE);
  // the hostile flag is text: no element was made of it, nothing ran
  await expect(page.locator('img[src="x"]')).toHaveCount(0);

  // a flow of a flag opens its details, where the flag is marked in both bodies
  await items
    .nth(0)
    .getByRole('button', { name: /Show flow POST \/echo\?step=flag/ })
    .click();
  const details = page.getByRole('region', { name: /Flow details/ });
  await expect(details.getByRole('heading', { name: /POST \/echo\?step=flag/ })).toBeFocused();
  const marks = details.locator('mark[data-flag]');
  await expect(marks).toHaveCount(2); // request body and response body
  await expect(marks.first()).toHaveText(FLAG);
  await expect(details.getByLabel('Response body text')).toHaveText(
    `the flag is ${FLAG}, well done`,
  );

  await items
    .nth(1)
    .getByRole('button', { name: /Show flow POST \/echo\?step=hostile/ })
    .click();
  await expect(details.locator('mark[data-flag]').first()).toHaveText(HOSTILE_FLAG);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await expectNoAxeViolations(page);

  // ~flag: only the flows with a flag; the URL keeps it
  await panel.getByRole('button', { name: /Show only flows with a flag/ }).click();
  await expect(page.getByLabel(/^Filter/)).toHaveValue('~flag');
  const status = page.getByRole('status').filter({ hasText: /flows/ });
  await expect(status).toHaveText(/Showing 2 of \d+ flows/);
  await expect(rowFor(page, '/echo?step=flag')).toHaveCount(1);
  await expect(rowFor(page, '/echo?step=hostile')).toHaveCount(1);
  await expect(rowFor(page, '/echo?step=other')).toHaveCount(0);
  await expect(page).toHaveURL(/[?&]q=(~|%7E)flag/);
  // documented as ours in the filter help
  await page.getByText('Filter syntax').click();
  await expect(page.getByRole('table', { name: 'Filter operators' })).toContainText(
    "ours, not mitmproxy's",
  );
});

test('compare two flows: request line, headers and JSON bodies side by side, changes said in words', async ({
  page,
}) => {
  await openTraffic(page);
  await rowFor(page, '/echo?user=alice').click();
  const details = page.getByRole('region', { name: /Flow details/ });
  await details.getByRole('button', { name: 'Compare with another flow…' }).click();
  await expect(details.getByText('Chosen as A for Compare')).toBeVisible();
  await rowFor(page, '/echo?user=bob').click();
  await details.getByRole('button', { name: 'Compare with A (POST /echo?user=alice)' }).click();

  const compare = page.getByRole('region', { name: 'Compare flows' });
  await expect(compare.getByRole('heading', { name: 'Compare flows' })).toBeFocused();
  const requestLine = compare.getByRole('table', { name: /^Request line/ });
  await expect(requestLine.locator('tr[data-diff="changed"]')).toHaveText(
    /changed.*POST \/echo\?user=alice HTTP\/1\.1.*POST \/echo\?user=bob HTTP\/1\.1/,
  );
  // JSON: key order ignored, the two changed values marked
  await expect(compare.getByRole('heading', { name: /^Request body/ })).toHaveText(
    'Request body — different (as JSON (key order ignored))',
  );
  const body = compare.getByRole('table', { name: /^Request body/ });
  const changed = body.locator('tr[data-diff="changed"]');
  await expect(changed).toHaveCount(2);
  await expect(changed.nth(0)).toContainText('"role": "player"');
  await expect(changed.nth(0)).toContainText('"role": "admin"');
  await expect(changed.nth(1)).toContainText('"user": "alice"');
  await expect(changed.nth(1)).toContainText('"user": "bob"');
  await expect(
    body.locator('tr[data-diff="same"]').filter({ hasText: '"team": "red"' }),
  ).toHaveCount(1);
  await expect(compare.getByRole('heading', { name: /^Status line/ })).toHaveText(
    'Status line — identical',
  );
  await expectNoAxeViolations(page);

  await page.keyboard.press('Escape');
  await expect(compare).toBeHidden();
  await expect(details.getByRole('heading', { name: /POST \/echo\?user=bob/ })).toBeFocused();
});

test('site map: hosts and paths with counts and status mix; picking a node filters the list', async ({
  page,
}) => {
  await openTraffic(page);
  const status = page.getByRole('status').filter({ hasText: /flows/ });
  await expect(status).toHaveText(/^\d+ flows/);
  const total = Number((await status.innerText()).match(/^(\d+)/)![1]);

  await page.getByText('Site map', { exact: true }).click();
  const map = page.getByRole('list', { name: 'Hosts and paths' });
  const host = new URL(surface).hostname;
  await expect(
    map.getByRole('button', { name: `Show only ${host} (${total} flows)` }),
  ).toBeVisible();
  // /echo: 5 POSTs, all 200; the mix is said beside the node's button
  const echo = map.getByRole('button', { name: 'Show only /echo (5 flows)' });
  await expect(echo.locator('xpath=..')).toContainText('5 2xx');
  const missing = map.getByRole('button', { name: 'Show only /missing (1 flow)' });
  await expect(missing.locator('xpath=..')).toContainText('1 4xx');

  await echo.click();
  await expect(status).toHaveText(`Showing 5 of ${total} flows`);
  await expect(rowFor(page, '/missing')).toHaveCount(0);
  await expect(page).toHaveURL(/[?&]q=/);

  // a segment below a segment
  await map.getByRole('button', { name: 'Unfold /api' }).click();
  await map.getByRole('button', { name: 'Show only /users (1 flow)' }).click();
  await expect(status).toHaveText(`Showing 1 of ${total} flows`);
  await expect(rowFor(page, '/api/users')).toHaveCount(1);
  await expectNoAxeViolations(page);
});

test('timeline: drag a range to narrow the list (kept in the URL), clear it in one click; sliders do it by keyboard', async ({
  page,
}) => {
  await openTraffic(page);
  const status = page.getByRole('status').filter({ hasText: /flows/ });
  await expect(status).toHaveText(/^\d+ flows/);
  const total = Number((await status.innerText()).match(/^(\d+)/)![1]);
  const chart = page.getByRole('img', { name: /^Requests over time: \d+ flows/ });
  await expect(chart).toHaveAccessibleName(new RegExp(`^Requests over time: ${total} flows`));

  // drag across the left part of the chart: the earliest flows only
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect(status).toHaveText(new RegExp(`^Showing \\d+ of ${total} flows`));
  const shown = Number((await status.innerText()).match(/^Showing (\d+)/)![1]);
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(total);
  await expect(page).toHaveURL(/[?&]range=\d+(\.\d+)?(~|%7E)\d+/);
  // the last request made is outside the range
  await expect(rowFor(page, '/echo?user=bob')).toHaveCount(0);

  // the range survives a reload (it lives in the URL)
  await page.reload();
  await expect(status).toHaveText(`Showing ${shown} of ${total} flows`);

  await page.getByRole('button', { name: 'Clear time range' }).click();
  await expect(status).toHaveText(`${total} flows`);
  await expect(page).not.toHaveURL(/[?&]range=/);

  // by keyboard: the end slider to its first step keeps the first interval only
  const end = page.getByRole('slider', { name: 'Range end' });
  await end.focus();
  await page.keyboard.press('Home');
  await expect(status).toHaveText(new RegExp(`^Showing \\d+ of ${total} flows`));
  await expect(rowFor(page, '/echo?user=bob')).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('copy as HTTPie: the copied command, run by sh, sends the request again', async ({
  page,
  context,
}) => {
  // eslint-disable-next-line playwright/no-skipped-test -- only on a machine where httpie cannot be installed
  test.skip(!existsSync('/usr/bin/http'), 'HTTPie is not installed (apt-get install -y httpie)');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openTraffic(page);
  await rowFor(page, '/echo?user=bob').click();
  await page.getByRole('button', { name: 'Copy as HTTPie' }).click();
  await expect(page.getByText(/^Copied the HTTPie command\./)).toBeVisible();
  const command = await page.evaluate(() => navigator.clipboard.readText());
  expect(command).toMatch(/^http --ignore-stdin --path-as-is /);
  const output = execFileSync('sh', ['-s'], {
    input: command,
    encoding: 'utf8',
    timeout: 30_000,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  expect(output).toMatch(/^HTTP\/1\.1 200 OK/);
  const body = output.slice(output.search(/\r?\n\r?\n/)).trim();
  expect(JSON.parse(body)).toEqual({ team: 'red', role: 'admin', user: 'bob' });
});
