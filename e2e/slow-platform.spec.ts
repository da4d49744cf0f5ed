/**
 * A platform that accepts the connection and never answers: the instance and
 * challenge requests are held by the browser's router and never fulfilled.
 * Each page says it is still waiting within a few seconds, then shows the
 * error with a Retry within 25 s; once the platform answers again, Retry
 * loads the page. Sign-in (GET /auth/me) is answered normally. Team e2e-18's
 * user only reads (see TEAMS.md).
 */
import type { Page } from '@playwright/test';
import { DEMO, e2eTeam, expect, signIn, test } from './fixtures';

const cid = DEMO.competition;
const team = e2eTeam(18);
const NEVER_ANSWERED = /\/api\/(instances|challenges)(\/|\?|$)/;

/** Holds every instance and challenge request for ever (until `unroute`). */
async function platformNeverAnswers(page: Page) {
  await page.route(NEVER_ANSWERED, () => {
    // neither continue nor fulfil: the request stays pending, as with a hung server
  });
}

const pages: [string, string][] = [
  ['instances', `/c/${cid}/instances`],
  ['challenge', `/c/${cid}/challenges/DEMO-001`],
  ['instance overview', `/c/${cid}/instances/no-answer-0001`],
];

for (const [name, path] of pages) {
  test(`${name}: still waiting within seconds, the error with Retry within 25 s`, async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await signIn(page, team.a);
    await platformNeverAnswers(page);
    const started = Date.now();
    await page.goto(path);
    await expect(page.getByText(/Still waiting for the platform…/)).toBeVisible({
      timeout: 8_000,
    });
    const alert = page.getByRole('alert').filter({ hasText: 'did not answer in time' });
    await expect(alert).toBeVisible({ timeout: Math.max(1, 25_000 - (Date.now() - started)) });
    expect(Date.now() - started).toBeLessThanOrEqual(25_000);

    // the platform answers again: Retry loads the page
    await page.unroute(NEVER_ANSWERED);
    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByText('did not answer in time')).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByText(/Still waiting for the platform…/)).toHaveCount(0);
  });
}
