/**
 * The traffic viewer lists a capture from summaries (`?view=summary`, as
 * rows: `&layout=rows`) and
 * fetches a flow whole when it is opened (`/traffic/flows/{id}`); without
 * the extensions (project `extensions-off`, CTFY_EXTENSIONS=off) it reads
 * the whole document. The same requests give the same rows, details and
 * filter results either way, checked against the platform's whole capture;
 * with the extensions no body crosses the network until a flow is opened
 * (or a body filter asks for it). Team e2e-41, in both projects.
 */
import type { APIRequestContext, Page, Request } from '@playwright/test';
import { api, e2eTeam, expect, test } from './fixtures';
import {
  flowGrid,
  flowRow,
  openInstanceTraffic,
  startTrafficInstance,
  waitForFlows,
  type TrafficInstance,
} from './trafficFixtures';

const team = e2eTeam(41);
/** in request bodies and headers only: never in a URL, so only bodies can carry it */
const MARKER = `summary-marker-${Date.now().toString(36)}`;
const PROBE = `probe-${Date.now().toString(36)}`;

let instance: TrafficInstance;
let instanceId = '';

interface WholeFlow {
  id: string;
  request: { method: string; path: string };
  response: { status_code: number } | null;
}

async function wholeCapture(request: APIRequestContext): Promise<WholeFlow[]> {
  // no `view`: whole flows on both platforms
  const body = await api(request, instance.token).json<{ flows?: WholeFlow[] }>(
    `/instances/${instanceId}/traffic`,
  );
  return body.flows ?? [];
}

test.beforeAll(async ({ request }) => {
  instance = await startTrafficInstance(request, team.a);
  instanceId = instance.instanceId;
  const { surface } = instance;
  await request.get(`${surface}/`);
  await request.get(`${surface}/api/users`);
  await request.get(`${surface}/gzip`, { headers: { 'Accept-Encoding': 'gzip' } });
  await request.get(`${surface}/missing`);
  await request.post(`${surface}/echo?summary=1`, {
    headers: { 'Content-Type': 'application/json', 'X-Summary-Probe': PROBE },
    data: JSON.stringify({ note: MARKER }),
  });
  await waitForFlows(request, instance, 5);
});

test.afterAll(async ({ request }) => {
  if (instance) await api(request, instance.token).stopAll();
});

const grid = flowGrid;
const rowFor = flowRow;

/**
 * Every traffic URL the page asks for. What each answers is read again
 * through the API with the same URL: a streamed body is not always kept by
 * the browser for the test to read.
 */
function recordTraffic(page: Page) {
  const seen: URL[] = [];
  page.on('request', (req: Request) => {
    const url = new URL(req.url());
    // the API's (the page's own URL ends in /traffic too)
    if (!url.pathname.startsWith('/api/')) return;
    if (!url.pathname.includes(`/instances/${instanceId}/traffic`)) return;
    seen.push(url);
  });
  return {
    lists: () => seen.filter((url) => url.pathname.endsWith('/traffic')),
    flows: () => seen.filter((url) => url.pathname.includes('/traffic/flows/')),
  };
}

async function answerOf(request: APIRequestContext, url: URL): Promise<string> {
  const res = await request.get(url.href, {
    headers: { Authorization: `Bearer ${instance.token}` },
  });
  expect(res.ok(), `${url.pathname}: ${res.status()}`).toBe(true);
  return res.text();
}

test('summary: no body crosses the network until a flow is opened; the opened flow is whole', async ({
  page,
  request,
}) => {
  const extensions = test.info().project.name !== 'extensions-off';
  const traffic = recordTraffic(page);
  await openInstanceTraffic(page, team.a, team.competition, instanceId);
  await expect(rowFor(page, '/echo?summary=1')).toHaveCount(1, { timeout: 30_000 });

  const lists = traffic.lists();
  expect(lists.length).toBeGreaterThan(0);
  const texts = await Promise.all(lists.map((url) => answerOf(request, url)));
  // the viewer always asks for summaries as rows; only a platform with the extensions sends them
  expect(lists.map((url) => url.searchParams.get('view'))).toEqual(lists.map(() => 'summary'));
  expect(lists.map((url) => url.searchParams.get('layout'))).toEqual(lists.map(() => 'rows'));
  expect(texts.map((t) => t.includes('"view":"summary"'))).toEqual(texts.map(() => extensions));
  expect(texts.map((t) => t.includes('"layout":"rows"'))).toEqual(texts.map(() => extensions));
  // bodies and headers: in the whole flows a platform without the extension sends
  expect(texts[0]!.includes(MARKER)).toBe(!extensions);
  expect(texts.some((t) => t.includes(PROBE))).toBe(!extensions);
  expect(traffic.flows()).toHaveLength(0);

  await rowFor(page, '/echo?summary=1').click();
  const details = page.getByRole('region', { name: /Flow details/ });
  await expect(details.getByRole('heading', { name: /POST \/echo/ })).toBeVisible();
  await expect(details).toContainText(MARKER);
  await expect(details).toContainText(PROBE);
  // with the extension the opened flow came whole from its own route
  await expect.poll(() => traffic.flows().length).toBe(extensions ? 1 : 0);
  const opened = await Promise.all(traffic.flows().map((url) => answerOf(request, url)));
  expect(opened.every((t) => t.includes(MARKER))).toBe(true);

  // another flow, then back: the one opened before is kept, not fetched again
  await rowFor(page, '/missing').click();
  await expect(details.getByRole('heading', { name: /GET \/missing/ })).toBeVisible();
  await expect(details.getByLabel('Response line')).toHaveText(/404 Not Found/);
  await rowFor(page, '/echo?summary=1').click();
  await expect(details).toContainText(MARKER);
  expect(traffic.flows()).toHaveLength(extensions ? 2 : 0);
});

test('summary: the same rows and the same body and header filter results as the whole capture', async ({
  page,
  request,
}) => {
  const whole = await wholeCapture(request);
  await openInstanceTraffic(page, team.a, team.competition, instanceId);
  const status = page.getByRole('status').filter({ hasText: /flows/ });
  // the viewer may have more flows than our read of the capture (Live, another request)
  await expect(status).toHaveText(/^\d+ flows/, { timeout: 30_000 });
  const total = Number(/^(\d+)/.exec((await status.innerText()).trim())![1]);
  expect(total).toBeGreaterThanOrEqual(whole.length);
  for (const flow of whole) {
    const row = rowFor(page, flow.request.path).filter({ hasText: flow.request.method });
    await expect(row.first()).toBeVisible();
    await expect(row.first()).toContainText(String(flow.response?.status_code ?? 'Error'));
  }

  const filter = page.getByLabel(/^Filter/);
  for (const [expression, path] of [
    [`~b ${MARKER}`, '/echo?summary=1'],
    [`~hq ${PROBE}`, '/echo?summary=1'],
    ['~c 404', '/missing'],
  ] as const) {
    await filter.fill(expression);
    await expect(status).toHaveText(new RegExp(`^Showing 1 of \\d+ flows`), { timeout: 20_000 });
    await expect(grid(page).getByRole('row').filter({ hasText: /\// })).toHaveCount(1);
    await expect(rowFor(page, path)).toHaveCount(1);
  }
  await filter.fill(`~b ${MARKER}-not-there`);
  await expect(status).toHaveText(/^Showing 0 of \d+ flows/);
});
