/**
 * The flow list's columns, end to end: requests made through a real
 * DEMO-001 instance all go to one host, so Host collapses with a note;
 * hiding and moving columns is kept across a reload; the waterfall column
 * draws a bar per flow; the columns menu is axe-clean. Team e2e-32.
 */
import type { Page } from '@playwright/test';
import { api, e2eTeam, expect, expectNoAxeViolations, test } from './fixtures';
import {
  flowGrid as grid,
  flowRow as rowFor,
  openInstanceTraffic,
  startTrafficInstance,
  waitForFlows,
  type TrafficInstance,
} from './trafficFixtures';

const team = e2eTeam(32);

let instance: TrafficInstance;

const headers = (page: Page) => grid(page).getByRole('columnheader');

async function openTraffic(page: Page) {
  await openInstanceTraffic(page, team.a, team.competition, instance.instanceId);
  await expect(rowFor(page, '/missing')).toHaveCount(1, { timeout: 30_000 });
}

test.beforeAll(async ({ request }) => {
  instance = await startTrafficInstance(request, team.a);
  const { surface } = instance;
  await request.get(`${surface}/`);
  await request.get(`${surface}/api/users`);
  await request.get(`${surface}/missing`);
  await request.get(`${surface}/gzip`, { headers: { 'Accept-Encoding': 'gzip' } });
  // not all GET: Method has more than one value and stays
  await request.post(`${surface}/echo`, { data: { hello: 'columns' } });
  await waitForFlows(request, instance, 5);
});

test.afterAll(async ({ request }) => {
  if (instance) await api(request, instance.token).stopAll();
});

test('Host, one value for every flow, is collapsed with a note and can be shown again', async ({
  page,
}) => {
  await openTraffic(page);
  const host = new URL(instance.surface).hostname;
  await expect(page.getByText(`Host: ${host} for every flow`)).toBeVisible();
  await expect(page.getByText(/^\w+: .+ for every flow$/)).toHaveCount(1); // only Host has one value
  await expect(headers(page)).toHaveText([
    /^Time/,
    'Method',
    'Path',
    'Status',
    'Type',
    'Size',
    'Duration',
  ]);
  await page.getByRole('button', { name: 'Show the Host column' }).click();
  await expect(headers(page).nth(2)).toHaveText('Host');
  await expect(rowFor(page, '/missing').getByRole('gridcell').nth(2)).toHaveText(host);
  await expect(page.getByText(`Host: ${host} for every flow`)).toHaveCount(0);
});

test('hiding and moving columns is kept across a reload, and the cells follow', async ({
  page,
}) => {
  await openTraffic(page);
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('checkbox', { name: 'Type' }).uncheck();
  await page.getByRole('button', { name: 'Move Status up' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('checkbox', { name: 'Type' })).toBeHidden();

  const expected = [/^Time/, 'Method', 'Status', 'Path', 'Size', 'Duration'];
  await expect(headers(page)).toHaveText(expected);
  await expect(rowFor(page, '/missing').getByRole('gridcell').nth(2)).toHaveText('404');

  await page.reload();
  await expect(rowFor(page, '/missing')).toHaveCount(1, { timeout: 30_000 });
  await expect(headers(page)).toHaveText(expected);
  await expect(rowFor(page, '/missing').getByRole('gridcell').nth(2)).toHaveText('404');
  await page.getByRole('button', { name: 'Columns' }).click();
  await expect(page.getByRole('checkbox', { name: 'Type' })).not.toBeChecked();
});

test('the waterfall column draws a bar per flow on the capture range; the open menu is axe-clean', async ({
  page,
}) => {
  await openTraffic(page);
  const bars = grid(page).getByRole('img', { name: /^starts .+ in, / });
  await expect(bars).toHaveCount(0); // off by default

  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('checkbox', { name: 'Waterfall' }).check();
  await expect(headers(page).last()).toHaveText('Waterfall');
  const rows = await grid(page).getByRole('row').count();
  await expect(bars).toHaveCount(rows - 1); // every flow but the header row

  // on the capture's range: the first flow starts at the left edge, later ones further right
  const first = bars.first();
  await expect(first).toHaveAccessibleName(/^starts <1 ms in, /);
  const cell = await grid(page).getByRole('row').nth(1).getByRole('gridcell').last().boundingBox();
  const firstBox = await first.boundingBox();
  const lastBox = await bars.last().boundingBox();
  expect(cell && firstBox && lastBox).toBeTruthy();
  expect(Math.abs(firstBox!.x - cell!.x)).toBeLessThan(2);
  expect(lastBox!.x).toBeGreaterThan(firstBox!.x);
  expect(firstBox!.width).toBeGreaterThan(0);

  await expect(page.getByRole('checkbox', { name: 'Waterfall' })).toBeVisible();
  await expectNoAxeViolations(page);
});
