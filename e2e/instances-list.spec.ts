/**
 * The team's instance list against the real local platform: a team-mate's
 * launch, filters/search/paging in the URL, isolation between teams, and an
 * expiring instance leaving the list. Teams 05 and 06 (e2e/TEAMS.md).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { api, apiLogin, DEMO, e2eTeam, expect as baseExpect, signIn, test } from './fixtures';

// The shared CI box is often loaded: give page loads room, and each test triple time.
const expect = baseExpect.configure({ timeout: 20_000 });

const cid = DEMO.competition;
const teamA = e2eTeam(5);
const teamB = e2eTeam(6);

function table(page: Page) {
  return page.getByRole('table');
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const report = results.violations.map(
    (v) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(report).toEqual([]);
}

test.describe('team instance list', () => {
  test.slow();
  test.describe.configure({ mode: 'serial' });
  const ids: Record<string, string> = {};

  test.beforeAll(async ({ request }) => {
    const a = api(request, await apiLogin(request, teamA.a));
    await a.stopAll();
    for (const c of ['DEMO-001', 'DEMO-003', 'DEMO-006']) ids[c] = await a.startAndWait(c);
  });

  test.afterAll(async ({ request }) => {
    await api(request, await apiLogin(request, teamA.a)).stopAll();
    await api(request, await apiLogin(request, teamB.a)).stopAll();
  });

  test("a team-mate's launches show with who started them, and the list passes axe", async ({
    page,
  }) => {
    await signIn(page, teamA.b);
    await page.goto(`/c/${cid}/instances`);
    await expect(page.getByRole('heading', { name: 'Team instances' })).toBeVisible();
    const rows = table(page).getByRole('row');
    await expect(rows).toHaveCount(4); // header + 3
    for (const c of ['DEMO-001', 'DEMO-003', 'DEMO-006']) {
      const row = rows.filter({ hasText: c });
      await expect(row).toContainText(teamA.a);
      await expect(row).toContainText('running');
      await expect(row.getByTestId('ttl-countdown')).toHaveText(/\d\d:\d\d/);
    }
    // The challenge link opens the instance page.
    await table(page)
      .getByRole('link', { name: /DEMO-006/ })
      .click();
    await expect(page).toHaveURL(new RegExp(`/instances/${ids['DEMO-006']}$`));
    await page.goBack();
    await expect(rows).toHaveCount(4);
    await expectNoAxeViolations(page);

    // a narrow screen keeps the key columns and the actions
    await page.setViewportSize({ width: 375, height: 740 });
    const row = rows.filter({ hasText: 'DEMO-006' });
    await expect(row.getByRole('button', { name: /^Stop / })).toBeVisible();
    await expect(row.getByTestId('ttl-countdown')).toBeVisible();
    await expect(row).toContainText(`by ${teamA.a}`);
  });

  test('filters, search and paging change both the rows and the URL', async ({ page }) => {
    await signIn(page, teamA.a);
    await page.goto(`/c/${cid}/instances`);
    const rows = table(page).getByRole('row');
    await expect(rows).toHaveCount(4);

    // challenge filter
    await page.getByLabel('Challenge').selectOption('DEMO-003');
    await expect(page).toHaveURL(/[?&]challenge=DEMO-003/);
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText('DEMO-003');

    // status filter on top: nothing is stopped, so no match, with a way out
    await page.getByLabel('Status').selectOption('stopped');
    await expect(page).toHaveURL(/[?&]status=stopped/);
    await expect(
      page.getByRole('heading', { name: 'No instance matches these filters' }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).last().click();
    await expect(page).not.toHaveURL(/challenge=|status=/);
    await expect(rows).toHaveCount(4);

    // debounced free-text search
    await page.getByLabel('Search').fill('DEMO-00');
    await page.getByLabel('Search').fill('demo-006');
    await expect(page).toHaveURL(/[?&]q=demo-006/);
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText('DEMO-006');

    // the filtered view survives a reload
    await page.reload();
    await expect(page.getByLabel('Search')).toHaveValue('demo-006');
    await expect(rows).toHaveCount(2);
    await page.getByLabel('Search').fill('');
    await expect(page).not.toHaveURL(/q=/);

    // paging: 2 per page from the URL
    await page.goto(`/c/${cid}/instances?limit=2`);
    await expect(rows).toHaveCount(3);
    const pages = page.getByRole('navigation', { name: 'Pages' });
    await expect(pages).toContainText('1–2 of 3');
    await pages.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/offset=2/);
    await expect(page).toHaveURL(/limit=2/);
    await expect(rows).toHaveCount(2);
    await expect(pages).toContainText('3–3 of 3');
    await expect(pages.getByRole('button', { name: 'Next page' })).toBeDisabled();
    // newest first: the first launched (DEMO-001) is on the last page
    await expect(rows.nth(1)).toContainText('DEMO-001');

    // bad params fall back to defaults instead of failing
    await page.goto(`/c/${cid}/instances?limit=banana&offset=-4&status=nope`);
    await expect(rows).toHaveCount(4);
    await expect(page.getByLabel('Status')).toHaveValue('');
  });

  test("another team never sees this team's instances", async ({ page }) => {
    await signIn(page, teamB.a);
    await page.goto(`/c/${cid}/instances?status=all`);
    await expect(page.getByRole('heading', { name: 'Team instances' })).toBeVisible();
    await expect(page.getByText(/No instance matches|no instances running/)).toBeVisible();
    await expect(page.getByText(teamA.a)).toHaveCount(0);
    // and the page of one of them says it is not there, rather than showing it
    await page.goto(`/c/${cid}/instances/${ids['DEMO-001']}`);
    await expect(page.getByRole('heading', { name: 'Not an instance of your team' })).toBeVisible();
    await expect(
      page.getByText(new RegExp(`^${ids['DEMO-001']} is not an instance of team \\S+ in `)),
    ).toBeVisible();
    await expect(page.getByText(/team-mate/)).toHaveCount(0);
    await expect(page.getByText('DEMO-001')).toHaveCount(0);
  });

  test('an instance that expires leaves the list without an error', async ({ page, request }) => {
    await signIn(page, teamB.b);
    await page.goto(`/c/${cid}/instances`);
    await expect(
      page.getByRole('heading', { name: 'Your team has no instances running' }),
    ).toBeVisible();
    // a team-mate starts one with a short TTL: the list picks it up by itself
    const b = api(request, await apiLogin(request, teamB.a));
    const res = await b.post('/instances', {
      challenge_id: 'DEMO-006',
      competition_id: cid,
      ttl: 20,
    });
    expect(res.ok()).toBeTruthy();
    const row = table(page).getByRole('row').filter({ hasText: 'DEMO-006' });
    await expect(row).toBeVisible();
    await expect(row.getByTestId('ttl-countdown')).toContainText('expires soon');
    await expect(
      page.getByRole('heading', { name: 'Your team has no instances running' }),
    ).toBeVisible({ timeout: 40_000 });
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
});
