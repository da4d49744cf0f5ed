/**
 * A filter whose pattern backtracks without end holds the traffic worker
 * (the page stays responsive): after a few seconds without an answer the
 * status line offers to stop it; stopping replaces the worker, reads the
 * capture again (a local file, or the platform's), keeps the filter text
 * with an error, and a changed filter runs again.
 * Teams e2e-52 (a local file: signs in only) and e2e-53 (one DEMO-001).
 */
import { api, e2eTeam, expect, signIn, test } from './fixtures';
import { flowGrid, flowRow as rowFor, startTrafficInstance, waitForFlows } from './trafficFixtures';

const HOLDING = '~u "(a+)+b"';
/** matched by (a+)+ in ever more ways, never followed by b: backtracks for ever */
const LONG_A = `/${'a'.repeat(40)}`;

test("a filter that holds a local file's reader can be stopped; the file is read again", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, e2eTeam(52).a);
  await page.goto('/traffic/open');
  const flows = ['/first', LONG_A, '/second'].map((path, i) => ({
    id: `f${i}`,
    type: 'http',
    timestamp_created: 1_800_000_000 + i,
    request: {
      method: 'GET',
      scheme: 'http',
      host: 'example.test',
      port: 80,
      path,
      http_version: 'HTTP/1.1',
      headers: [],
      content: null,
      timestamp_start: 1_800_000_000 + i,
    },
    response: null,
    error: null,
  }));
  await page.getByLabel('Capture file').setInputFiles({
    name: 'held.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ format: 'ctfy-traffic/1', flows })),
  });
  const count = page.getByRole('status').filter({ hasText: /^(Showing [\d,]+ of )?[\d,]+ flows/ });
  await expect(count).toHaveText(/^3 flows/, { timeout: 30_000 });

  const filter = page.getByLabel(/^Filter/);
  await filter.fill(HOLDING);
  const held = page.getByRole('alert').filter({ hasText: /held the capture reader/ });
  await expect(held).toBeVisible({ timeout: 30_000 });
  // the page itself still answers
  await expect(filter).toBeEditable();
  await held.getByRole('button', { name: 'Stop the filter' }).click();

  await expect(held).toHaveCount(0);
  await expect(count).toHaveText(/^3 flows/, { timeout: 30_000 });
  await expect(filter).toHaveValue(HOLDING);
  await expect(page.getByText(/This filter was stopped/)).toBeVisible();
  await filter.fill('~u second');
  await expect(count).toHaveText(/^Showing 1 of 3 flows/);
  await expect(page.getByText(/This filter was stopped/)).toHaveCount(0);
});

test("a filter that holds a served capture's reader can be stopped; the capture is fetched again", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const team = e2eTeam(53);
  const instance = await startTrafficInstance(request, team.a);
  try {
    await request.get(`${instance.surface}/first`);
    await request.get(`${instance.surface}${LONG_A}`);
    await waitForFlows(request, instance, 2);
    await signIn(page, team.a);
    await page.goto(`/c/${team.competition}/instances/${instance.instanceId}/traffic`);
    await expect(flowGrid(page)).toBeVisible({ timeout: 30_000 });
    await expect(rowFor(page, LONG_A)).toBeVisible();

    const filter = page.getByLabel(/^Filter/);
    await filter.fill(HOLDING);
    const held = page.getByRole('alert').filter({ hasText: /held the capture reader/ });
    await expect(held).toBeVisible({ timeout: 30_000 });
    await held.getByRole('button', { name: 'Stop the filter' }).click();

    await expect(held).toHaveCount(0);
    await expect(rowFor(page, LONG_A)).toBeVisible({ timeout: 30_000 });
    await expect(rowFor(page, '/first')).toBeVisible();
    await expect(page.getByText(/This filter was stopped/)).toBeVisible();
    await filter.fill('~u first');
    await expect(rowFor(page, '/first')).toBeVisible();
    await expect(rowFor(page, LONG_A)).toHaveCount(0);
  } finally {
    await api(request, instance.token).stopAll();
  }
});
