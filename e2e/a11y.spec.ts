/**
 * axe-core on every page, in light and in dark (the theme follows the system
 * setting), with zero violations. Team e2e-04 starts one DEMO-001 instance
 * for the instance pages and stops it at the end.
 */
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import { api, apiLogin, DEMO, e2eTeam, expect, signIn, test } from './fixtures';

const team = e2eTeam(4);
const cid = DEMO.competition;

let instanceId = '';
let token = '';

/** Starts the instance the instance pages need (once for both themes). */
async function ensureInstance(request: APIRequestContext): Promise<string> {
  if (instanceId) return instanceId;
  token = await apiLogin(request, team.a);
  const client = api(request, token);
  await client.stopAll(cid);
  instanceId = await client.startAndWait('DEMO-001', cid);
  // Some traffic for the Traffic page: a few requests through the instance's entrypoint.
  const info = await client.json<{ surface?: { entrypoints: { url?: string | null }[] } | null }>(
    `/instances/${instanceId}`,
  );
  const url = info.surface?.entrypoints.find((e) => e.url?.startsWith('http'))?.url;
  if (url) {
    const base = url.endsWith('/') ? url : `${url}/`;
    for (const path of ['', 'api/json', 'nope']) {
      await request.get(new URL(path, base).toString()).catch(() => undefined);
    }
  }
  return instanceId;
}

test.afterAll(async ({ request }) => {
  if (token) await api(request, token).stopAll(cid);
});

/** Pages to check: [name, path] (`:instance` is the running DEMO-001 instance). */
function pages(): [string, string][] {
  const inst = `/c/${cid}/instances/:instance`;
  return [
    ['team overview', `/c/${cid}`],
    ['team overview wall', `/c/${cid}?view=wall`],
    ['instances list', `/c/${cid}/instances`],
    ['instance overview', inst],
    ['instance questions', `${inst}/questions`],
    ['instance downloads', `${inst}/downloads`],
    ['instance traffic', `${inst}/traffic`],
    ['challenges', `/c/${cid}/challenges`],
    ['challenge', `/c/${cid}/challenges/DEMO-001`],
    ['404', `/c/${cid}/no-such-page`],
    ['open a capture', '/traffic/open'],
  ];
}

async function settle(page: Page) {
  await expect(page.locator('main h1, main h2').first()).toBeVisible();
  // Loading placeholders gone (skeletons carry animate-pulse).
  await expect(page.locator('.animate-pulse')).toHaveCount(0, { timeout: 15_000 });
}

async function expectNoViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const report = results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? '?'}): ${v.help}\n` +
      v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n'),
  );
  expect(report, `${label}: axe violations`).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} theme`, () => {
    test.use({ colorScheme: scheme });
    const themeClass = scheme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/;

    test(`sign-in page (${scheme})`, async ({ page }) => {
      await page.goto('/login');
      await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
      await expect(page.locator('html')).toHaveClass(themeClass);
      await expectNoViolations(page, `login ${scheme}`);
      // With an error shown, and the token form open.
      await page.getByLabel('User name').fill(team.a);
      await page.getByLabel('Password').fill('wrong');
      await page.getByLabel('Password').press('Enter');
      await expect(page.getByRole('alert')).toBeVisible();
      await page.getByText('Sign in with an API token instead').click();
      await expectNoViolations(page, `login with error ${scheme}`);
    });

    for (const [name, path] of pages()) {
      test(`${name} (${scheme})`, async ({ page, request }) => {
        test.setTimeout(120_000);
        const id = await ensureInstance(request);
        await signIn(page, team.b);
        await page.goto(path.replace(':instance', encodeURIComponent(id)));
        await settle(page);
        await expect(page.locator('html')).toHaveClass(themeClass);
        await expectNoViolations(page, `${name} ${scheme}`);
      });
    }
  });
}
