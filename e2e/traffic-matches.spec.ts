/**
 * Header, body and flag filters over a capture listed from summaries are
 * answered by the platform (`GET …/traffic/matches?filter=`, extension):
 * the page sends the whole expression there and shows the flows it names;
 * no whole flow and no whole document crosses the network. Without the
 * extensions (project `extensions-off`) the viewer has whole flows and
 * filters them itself: the same expressions give the same rows. Team e2e-45,
 * in both projects.
 */
import type { Page, Request } from '@playwright/test';
import { api, e2eTeam, expect, test } from './fixtures';
import {
  flowGrid,
  flowRow,
  openInstanceTraffic,
  startTrafficInstance,
  waitForFlows,
  type TrafficInstance,
} from './trafficFixtures';

const team = e2eTeam(45);
/** in request bodies and headers only: never in a URL, so only the bytes can match it */
const MARKER = `matches-marker-${Date.now().toString(36)}`;
const PROBE = `matches-probe-${Date.now().toString(36)}`;

let instance: TrafficInstance;
let instanceId = '';

test.beforeAll(async ({ request }) => {
  instance = await startTrafficInstance(request, team.a);
  instanceId = instance.instanceId;
  const { surface } = instance;
  await request.get(`${surface}/`);
  await request.get(`${surface}/missing`);
  await request.post(`${surface}/echo?m=1`, {
    headers: { 'Content-Type': 'application/json', 'X-Matches-Probe': PROBE },
    data: JSON.stringify({ note: MARKER }),
  });
  await request.post(`${surface}/echo?m=2`, {
    headers: { 'Content-Type': 'application/json' },
    data: JSON.stringify({ note: `${MARKER} again` }),
  });
  await request.put(`${surface}/echo?m=3`, {
    headers: { 'Content-Type': 'text/plain' },
    data: `put ${MARKER}`,
  });
  await request.post(`${surface}/echo?m=4`, {
    headers: { 'Content-Type': 'text/plain', 'X-Matches-Probe': PROBE },
    data: 'nothing to see',
  });
  await waitForFlows(request, instance, 6);
});

test.afterAll(async ({ request }) => {
  if (instance) await api(request, instance.token).stopAll();
});

/** Every traffic URL of this instance the page asks the API for. */
function recordTraffic(page: Page) {
  const seen: URL[] = [];
  page.on('request', (req: Request) => {
    const url = new URL(req.url());
    if (!url.pathname.startsWith('/api/')) return;
    if (!url.pathname.includes(`/instances/${instanceId}/traffic`)) return;
    seen.push(url);
  });
  return {
    all: () => seen,
    matches: () => seen.filter((url) => url.pathname.endsWith('/traffic/matches')),
    /** whole flows: one by id, or the whole document (a list without `view=summary`) */
    whole: () =>
      seen.filter(
        (url) =>
          url.pathname.includes('/traffic/flows/') ||
          (url.pathname.endsWith('/traffic') && url.searchParams.get('view') !== 'summary'),
      ),
  };
}

test('matches: body and header filters on a served capture answer from the platform, the same rows as without it', async ({
  page,
}) => {
  const extensions = test.info().project.name !== 'extensions-off';
  const traffic = recordTraffic(page);
  await openInstanceTraffic(page, team.a, team.competition, instanceId);
  const status = page.getByRole('status').filter({ hasText: /flows/ });
  await expect(status).toHaveText(/^\d+ flows/, { timeout: 30_000 });
  await expect(flowRow(page, '/echo?m=4')).toHaveCount(1);

  const filter = page.getByLabel(/^Filter/);
  // each case's rows differ from the one before: waiting for them waits for its answer
  const cases = [
    [`~b ${MARKER}`, ['/echo?m=1', '/echo?m=2', '/echo?m=3']],
    [`~m POST & ~b ${MARKER}`, ['/echo?m=1', '/echo?m=2']],
    [`~hq ${PROBE}`, ['/echo?m=1', '/echo?m=4']],
    [`~u /echo & !~hq ${PROBE}`, ['/echo?m=2', '/echo?m=3']],
    [`~bq "${MARKER} again" | ~c 404`, ['/missing', '/echo?m=2']],
    // two words: a body filter and a URL filter (no URL has "again")
    [`~bq ${MARKER} again | ~c 404`, ['/missing']],
  ] as const;
  const rows = flowGrid(page).getByRole('row').filter({ hasText: /\// });
  for (const [expression, paths] of cases) {
    await filter.fill(expression);
    // in time order, as the list is sorted
    await expect(rows, expression).toHaveText(
      paths.map((path) => new RegExp(path.replace(/[?]/gu, '\\?'))),
      { timeout: 20_000 },
    );
    await expect(page.getByText(/Searching headers and bodies/u)).toHaveCount(0);
    await expect(status).toHaveText(new RegExp(`^Showing ${paths.length} of \\d+ flows`));
    await expect(rows).toHaveCount(paths.length);
  }

  // with the extensions each expression went whole to the platform; without, nothing to ask
  const asked = traffic.matches().map((url) => url.searchParams.get('filter'));
  expect(asked).toEqual(extensions ? cases.map(([expression]) => expression) : []);
  // the token in a header only, never in a URL
  expect(traffic.all().every((url) => !url.href.includes(instance.token))).toBe(true);
  // no whole flow was fetched: not one by id, and not the whole document (a list without `view`)
  expect(traffic.whole()).toHaveLength(0);
});
