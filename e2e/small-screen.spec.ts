/**
 * A phone-sized window (390×844): every page fits its width (the document
 * never scrolls sideways) and shows its key controls; the instances list
 * shows status, challenge, time left and Renew/Stop/Open without a table to
 * scroll. Every page load is also watched for React Router's warnings.
 * Team e2e-19 starts one DEMO-001 instance (see TEAMS.md).
 */
import type { Locator, Page } from '@playwright/test';
import { api, apiLogin, DEMO, e2eTeam, expect, signIn, test } from './fixtures';

const team = e2eTeam(19);
const cid = DEMO.competition;

test.use({ viewport: { width: 390, height: 844 } });

/** The document is no wider than the window; on failure, the elements that stick out. */
async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
    const root = document.documentElement;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5)
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)}`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
  });
  expect(scrollWidth, `wider than the window: ${wide.join(' | ')}`).toBeLessThanOrEqual(
    clientWidth,
  );
}

async function expectOnScreen(...controls: Locator[]) {
  for (const c of controls) {
    await expect(c).toBeVisible();
    await expect(c).toBeInViewport();
  }
}

/** Console warnings and errors of every page load, to check none is React Router's. */
function watchConsole(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'warning' || msg.type() === 'error') seen.push(msg.text());
  });
  return seen;
}

test.describe('at 390×844', () => {
  let instanceId = '';
  let token = '';

  test.beforeAll(async ({ request }) => {
    token = await apiLogin(request, team.a);
    const client = api(request, token);
    await client.stopAll(cid);
    instanceId = await client.startAndWait('DEMO-001', cid);
  });

  test.afterAll(async ({ request }) => {
    if (token) await api(request, token).stopAll(cid);
  });

  test('the sign-in page fits and loads without React Router warnings', async ({ page }) => {
    const warnings = watchConsole(page);
    await page.goto('/login');
    await expectOnScreen(
      page.getByRole('heading', { name: 'Sign in' }),
      page.getByLabel('User name'),
      page.getByLabel('Password'),
      page.getByRole('button', { name: 'Sign in' }),
    );
    await expectNoSidewaysScroll(page);
    expect(warnings.filter((w) => /React Router|HydrateFallback/.test(w))).toEqual([]);
  });

  test('the instances list shows status, challenge, time left and the actions in the window', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await signIn(page, team.a);
    await page.goto(`/c/${cid}/instances`);
    const link = page.getByRole('link', { name: /DEMO-001/ });
    await expect(link).toBeVisible({ timeout: 30_000 });
    const row = page.getByRole('row').filter({ has: link });
    await expectOnScreen(
      link,
      row.getByText('running'),
      row.getByTestId('ttl-countdown'),
      row.getByRole('button', { name: /^Renew / }),
      row.getByRole('button', { name: /^Stop / }),
      row.getByRole('link', { name: /^Open / }),
    );
    await expectNoSidewaysScroll(page);
    // nothing to scroll sideways inside the list either
    const list = page.getByRole('region', { name: 'Team instances' });
    expect(await list.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  });

  test('every page fits the window and shows its key controls', async ({ page }) => {
    test.setTimeout(120_000);
    const warnings = watchConsole(page);
    await signIn(page, team.a);
    const inst = `/c/${cid}/instances/${instanceId}`;
    const visits: [string, () => Locator[]][] = [
      [
        `/c/${cid}/challenges`,
        () => [
          page.getByRole('heading', { level: 1, name: 'Challenges' }),
          page.getByRole('link', { name: 'Cookie Jar Admin', exact: true }),
        ],
      ],
      [
        `/c/${cid}/challenges/DEMO-001`,
        () => [page.getByRole('heading', { level: 1 }), page.getByText('3 questions')],
      ],
      [
        inst,
        () => [
          page.getByRole('heading', { level: 1 }),
          page.getByRole('button', { name: 'Renew', exact: true }),
          page.getByRole('button', { name: 'Stop', exact: true }),
          page.getByRole('link', { name: 'Questions' }),
        ],
      ],
      [`${inst}/questions`, () => [page.getByLabel(/^Your answer for/).first()]],
      [`${inst}/downloads`, () => [page.getByRole('heading', { level: 1 })]],
      [`${inst}/traffic`, () => [page.getByRole('heading', { level: 1 })]],
      ['/traffic/open', () => [page.getByLabel('Capture file')]],
    ];
    for (const [path, controls] of visits) {
      await page.goto(path);
      const [first, ...rest] = controls();
      await expect(first!, path).toBeVisible({ timeout: 30_000 });
      await expectOnScreen(first!, ...rest);
      await expect(page.locator('.animate-pulse')).toHaveCount(0, { timeout: 15_000 });
      await expectNoSidewaysScroll(page);
    }
    expect(warnings.filter((w) => /React Router|HydrateFallback/.test(w))).toEqual([]);
  });
});
