/**
 * The instance page against the real local platform: overview and its
 * attack surface, renew, stop from the page, stop from the list, and a stop
 * in one tab seen in another. Teams 07 and 08 (e2e/TEAMS.md).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { api, apiLogin, DEMO, e2eTeam, expect as baseExpect, signIn, test } from './fixtures';

// The shared CI box is often loaded: give page loads room, and each test triple time.
const expect = baseExpect.configure({ timeout: 20_000 });

const cid = DEMO.competition;
const team7 = e2eTeam(7);
const team8 = e2eTeam(8);

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const report = results.violations.map(
    (v) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(report).toEqual([]);
}

/** "1:59:58" or "09:58" → seconds */
function seconds(text: string): number {
  const parts = (text.match(/\d+(:\d\d)+/)?.[0] ?? '').split(':').map(Number);
  return parts.reduce((acc, n) => acc * 60 + n, 0);
}

test.describe('instance page', () => {
  test.slow();

  test.afterAll(async ({ request }) => {
    await api(request, await apiLogin(request, team7.a)).stopAll();
    await api(request, await apiLogin(request, team8.a)).stopAll();
  });

  test('overview shows the attack surface, renew moves the countdown, stop keeps the tabs read-only', async ({
    page,
    request,
  }) => {
    const a = api(request, await apiLogin(request, team7.a));
    await a.stopAll();
    const id = await a.startAndWait('DEMO-006', cid, 600);
    await signIn(page, team7.a);
    await page.goto(`/c/${cid}/instances/${id}`);

    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText('DEMO-006').first()).toBeVisible();
    const tabs = page.getByRole('navigation', { name: 'Instance sections' });
    await expect(tabs.getByRole('link', { name: 'Overview' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(page.getByRole('heading', { name: 'Attack surface' })).toBeVisible();
    await expect(page.getByText(/^nc \S+ \d+$/)).toBeVisible();

    // 600 s TTL: under 10 minutes, so the in-page warning is there with a renew button
    await expect(page.getByRole('alert')).toContainText('Less than 10 minutes left');
    const before = seconds((await page.getByTestId('ttl-countdown').first().textContent()) ?? '');
    expect(before).toBeLessThanOrEqual(600);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Renew now' }).click();
    const dialog = page.getByRole('dialog', { name: /Renew/ });
    await dialog.getByLabel('New time to live, from now').selectOption({ label: '2 hours' });
    await dialog.getByRole('button', { name: 'Renew' }).click();
    await expect(dialog.getByRole('status')).toContainText('now expires at');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await expect
      .poll(async () =>
        seconds((await page.getByTestId('ttl-countdown').first().textContent()) ?? ''),
      )
      .toBeGreaterThan(7000);

    // asking for more than the maximum is clamped, and the dialog says so
    await page.getByRole('button', { name: 'Renew', exact: true }).click();
    await dialog
      .getByLabel('New time to live, from now')
      .selectOption({ label: '2 days (maximum)' });
    await dialog.getByRole('button', { name: 'Renew' }).click();
    await expect(dialog.getByRole('status')).toContainText('now expires at');
    await dialog.getByRole('button', { name: 'Done' }).click();

    // tabs are real URLs
    await tabs.getByRole('link', { name: 'Questions' }).click();
    await expect(page).toHaveURL(new RegExp(`/instances/${id}/questions$`));
    // DEMO-006 is TCP only: its Traffic tab says TCP is not captured, and offers no Live
    await tabs.getByRole('link', { name: 'Traffic' }).click();
    await expect(page.getByText(/Its entrypoints are TCP only/)).toBeVisible();
    await expect(page.getByText(/the capture sidecar is disabled/)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Live' })).toHaveCount(0);
    await tabs.getByRole('link', { name: 'Overview' }).click();

    // stop from the page, with a confirmation naming the challenge
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    const stop = page.getByRole('dialog', { name: /^Stop .+\?$/ });
    await expect(stop).toContainText('DEMO-006');
    await stop.getByRole('button', { name: 'Stop instance' }).click();
    // The page stays, read-only: who stopped it and when, the tabs, no expiry.
    const stoppedBy = page.getByRole('heading', { name: new RegExp(`^Stopped by ${team7.a} at `) });
    await expect(stoppedBy).toBeVisible();
    await expect(page.getByText(/this instance is gone/i)).toHaveCount(0);
    await expect(tabs.getByRole('link')).toHaveCount(4);
    await expect(page.getByText(/Expires/)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Renew', exact: true })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Launch DEMO-006 again' })).toHaveAttribute(
      'href',
      `/c/${cid}/challenges/DEMO-006?launch=1`,
    );
    const status = await a.json<{ status: string }>(`/instances/${id}/status`);
    expect(status.status).toBe('stopped');
    // the Questions tab is read-only, with the reason
    await tabs.getByRole('link', { name: 'Questions' }).click();
    await expect(
      page.getByText(/This instance is stopped: answers are no longer accepted/).first(),
    ).toBeVisible();
    await expectNoAxeViolations(page);

    // reloading a stopped instance says the same
    await page.reload();
    await expect(stoppedBy).toBeVisible();
    await expect(tabs.getByRole('link')).toHaveCount(4);
  });

  test('stop from the list, and a stop in one tab shows in another', async ({ page, request }) => {
    const a = api(request, await apiLogin(request, team8.a));
    await a.stopAll();
    const first = await a.startAndWait('DEMO-006');
    const second = await a.startAndWait('DEMO-003');
    await signIn(page, team8.b);
    await page.goto(`/c/${cid}/instances`);
    const rows = page.getByRole('table').getByRole('row');
    await expect(rows).toHaveCount(3);

    // a second tab on the other instance's page
    const other = await page.context().newPage();
    await other.goto(`/c/${cid}/instances/${first}`);
    await expect(other.getByRole('heading', { name: 'Attack surface' })).toBeVisible();

    // stop DEMO-006 from the list of the first tab
    await rows
      .filter({ hasText: 'DEMO-006' })
      .getByRole('button', { name: /^Stop / })
      .click();
    const dialog = page.getByRole('dialog', { name: /^Stop .+\?$/ });
    await dialog.getByRole('button', { name: 'Stop instance' }).click();
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText('DEMO-003');
    // the keyboard user's place is kept: focus returns to the list's heading
    await expect(page.getByRole('heading', { name: 'Team instances' })).toBeFocused();

    // the other tab learns it without a reload
    await expect(
      other.getByRole('heading', { name: new RegExp(`^Stopped by ${team8.b} at `) }),
    ).toBeVisible({ timeout: 15_000 });

    // and the other way round: stop DEMO-003 in the second tab, the list follows
    await other.goto(`/c/${cid}/instances/${second}`);
    await other.getByRole('button', { name: 'Stop', exact: true }).click();
    await other.getByRole('dialog').getByRole('button', { name: 'Stop instance' }).click();
    await expect(
      other.getByRole('heading', { name: new RegExp(`^Stopped by ${team8.b} at `) }),
    ).toBeVisible();
    await expect(
      page.getByRole('heading', { name: 'Your team has no instances running' }),
    ).toBeVisible();
  });
});
