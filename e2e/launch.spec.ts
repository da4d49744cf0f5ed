/**
 * Launch: the catalogue, the launch form and the live readiness view, against
 * the real local platform. Teams 10–13 (see e2e/TEAMS.md).
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { api, apiLogin, e2eTeam, expect, signIn, test } from './fixtures';

const C = 'ctf-spring';

interface Listed {
  id: string;
  challenge_id: string;
  status: string;
}

async function teamInstances(request: APIRequestContext, token: string): Promise<Listed[]> {
  const body = await api(request, token).json<{ items: Listed[] } | Listed[]>(
    `/instances?competition_id=${C}&limit=100`,
  );
  return Array.isArray(body) ? body : body.items;
}

/** From a challenge page: Launch, keep the default TTL, Launch (twice, quickly). */
async function launchFromChallengePage(page: Page, challengeId: string) {
  await page.goto(`/c/${C}/challenges/${challengeId}`);
  await page.getByRole('button', { name: 'Launch', exact: true }).click({ timeout: 30_000 });
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Lifetime amount')).toHaveValue('24');
  await dialog.getByRole('button', { name: 'Launch', exact: true }).dblclick();
  await expect(page).toHaveURL(new RegExp(`/c/${C}/instances/[^/]+$`));
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
}

test.describe('launch', () => {
  test('catalogue to a ready instance whose surface really answers', async ({ page, request }) => {
    const team = e2eTeam(10);
    const token = await signIn(page, team.a);
    await api(request, token).stopAll();

    await page.goto(`/c/${C}/challenges`);
    await expect(page.getByRole('heading', { name: 'Challenges', level: 1 })).toBeVisible();
    const list = page.getByRole('list', { name: 'Challenges' });
    // DEMO-007 is only in ctf-autumn. (The first load may be slow on a busy machine.)
    await expect(list.getByRole('listitem')).toHaveCount(6, { timeout: 30_000 });
    await expect(list.getByText('Engagement mode (VPN)')).toHaveCount(1);

    await page.getByLabel('Search challenges').fill('cookie');
    await expect(page).toHaveURL(/[?&]q=cookie/);
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await page.getByLabel('Category').selectOption('misc');
    await expect(page.getByText('No challenge matches these filters.')).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(list.getByRole('listitem')).toHaveCount(6);

    await list.getByRole('link', { name: 'Cookie Jar Admin' }).click();
    await expect(page.getByRole('heading', { name: 'Cookie Jar Admin', level: 1 })).toBeVisible();
    // the description is Markdown, shown as elements: bold, a list, emphasis
    const main = page.getByRole('main');
    await expect(main.locator('strong', { hasText: 'admin area' })).toBeVisible();
    await expect(
      main.getByRole('listitem').filter({ hasText: 'Work out who administers it.' }),
    ).toBeVisible();
    await expect(main.locator('em', { hasText: 'Traffic' })).toBeVisible();

    const id = await launchFromChallengePage(page, 'DEMO-001');
    const surface = page.getByRole('heading', { name: 'Attack surface' }).first();
    await expect(surface).toBeVisible({ timeout: 20_000 });
    const link = page.locator('main a[href^="http://"]').first();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const answer = await request.get(href!);
    expect(answer.status()).toBeLessThan(500);

    // The double click made one instance, not two.
    const mine = (await teamInstances(request, token)).filter((i) => i.challenge_id === 'DEMO-001');
    expect(mine.map((i) => i.id)).toEqual([id]);

    // The catalogue now links to it.
    await page.goto(`/c/${C}/challenges`);
    await expect(
      page.getByRole('link', { name: "Your team's instance of Cookie Jar Admin" }),
    ).toHaveAttribute('href', `/c/${C}/instances/${id}`);
    await api(request, token).stopAll();
  });

  test('slow start: phases and elapsed time live', async ({ page, request }) => {
    const team = e2eTeam(11);
    const token = await signIn(page, team.a);
    await api(request, token).stopAll();

    const id = await launchFromChallengePage(page, 'DEMO-004');
    await expect(page.getByRole('heading', { name: 'Starting' })).toBeVisible();
    const elapsed = page.getByTestId('launch-elapsed');
    const seconds = async () =>
      Number(/^(\d+) seconds?$/.exec((await elapsed.textContent()) ?? '')?.[1]);

    // Under a second the text reads "850 milliseconds": wait for a whole-seconds reading first.
    await expect.poll(async () => Number.isFinite(await seconds())).toBe(true);
    const first = await seconds();
    await expect.poll(seconds).toBeGreaterThan(first);
    const phases = page.getByRole('list', { name: 'Start-up phases' }).getByRole('listitem');
    await expect.poll(() => phases.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);

    await expect(page.getByRole('heading', { name: 'Attack surface' }).first()).toBeVisible({
      timeout: 20_000,
    });
    // Once ready, the timeline is kept on the overview, collapsed; the
    // service's own phases are told from the platform's.
    const timeline = page.locator('details', { hasText: 'Start-up timeline' });
    await expect(timeline).not.toHaveAttribute('open');
    await timeline.getByText('Start-up timeline').click();
    await expect(timeline.getByText('reported by the service').first()).toBeVisible();
    await expect(timeline.getByText('platform', { exact: true }).first()).toBeVisible();
    const live = (await teamInstances(request, token)).filter((i) => i.status !== 'stopped');
    expect(live.map((i) => i.id)).toEqual([id]);
    await api(request, token).stopAll();
  });

  test('failed start: a reload mid-start lands back live; the clock stops at the failure, the message once, then Launch again', async ({
    page,
    request,
  }) => {
    test.setTimeout(90_000);
    const team = e2eTeam(12);
    const token = await signIn(page, team.a);
    await api(request, token).stopAll();

    const first = await launchFromChallengePage(page, 'DEMO-005');
    await expect(page.getByRole('heading', { name: 'Starting' })).toBeVisible();
    const elapsed = page.getByTestId('launch-elapsed');
    const seconds = async () =>
      Number(/^(\d+) seconds?$/.exec((await elapsed.textContent()) ?? '')?.[1]);
    // A reload mid-start lands back in the same live view; the elapsed time
    // comes from the server's created_at, so it does not restart from zero.
    await page.reload();
    await expect(page).toHaveURL(new RegExp(`/instances/${first}$`));
    await expect(page.getByRole('heading', { name: 'Starting' })).toBeVisible();
    // (under a second the text reads "850 milliseconds": wait for a whole-seconds reading)
    await expect.poll(async () => Number.isFinite(await seconds()), { timeout: 5_000 }).toBe(true);
    const afterReload = await seconds();
    const created = await api(request, token).json<{ created_at: string }>(`/instances/${first}`);
    expect(afterReload).toBeGreaterThanOrEqual(
      Math.floor((Date.now() - Date.parse(created.created_at)) / 1000) - 2,
    );

    await expect(page.getByRole('heading', { name: /^Failed to start at / })).toBeVisible({
      timeout: 45_000,
    });
    // The failure, once, with its message; the phase it died in is marked ✕, not ✓.
    await expect(page.getByText(/Health check did not pass/)).toHaveCount(1);
    await expect(page).toHaveTitle(/✕ Failed: DEMO-005/);
    const phases = page.getByRole('list', { name: 'Start-up phases' });
    await expect(phases.locator('[data-mark="failed"]').first()).toBeVisible();
    await expect(phases.getByText(/✓\s*failed/)).toHaveCount(0);
    // The clock stopped at the moment the platform gave, and stays there after a reload.
    const stoppedAt = await elapsed.textContent();
    const info = await api(request, token).json<{ created_at: string; ended_at: string }>(
      `/instances/${first}`,
    );
    const took = (Date.parse(info.ended_at) - Date.parse(info.created_at)) / 1000;
    expect(
      Math.abs(Number(/^(\d+) seconds?$/.exec(stoppedAt ?? '')?.[1]) - took),
    ).toBeLessThanOrEqual(1);
    await page.reload();
    await expect(page.getByRole('heading', { name: /^Failed to start at / })).toBeVisible();
    await expect(elapsed).toHaveText(stoppedAt!);
    await expect(page.getByText(/before this (tab|page) was/)).toHaveCount(0);

    // "Launch again": one link, to the launch form of the same challenge.
    await page.getByRole('link', { name: 'Launch DEMO-005 again' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Launch', exact: true }).click();
    await expect(page).not.toHaveURL(new RegExp(`/instances/${first}$`));
    await expect(page).toHaveURL(new RegExp(`/c/${C}/instances/[^/?]+$`));
    await expect(page.getByRole('heading', { name: 'Starting' })).toBeVisible();
    const all = await teamInstances(request, token);
    const again = all.filter((i) => i.challenge_id === 'DEMO-005' && i.id !== first);
    expect(again).toHaveLength(1);
    await api(request, token).stopAll();
  });

  test('quota full: stop one from the 429 view, then launch', async ({ page, request }) => {
    const team = e2eTeam(13);
    const token = await signIn(page, team.a);
    const client = api(request, token);
    await client.stopAll();
    for (const challenge of ['DEMO-001', 'DEMO-003', 'DEMO-006']) {
      const res = await client.post('/instances', { challenge_id: challenge, competition_id: C });
      expect(res.status(), await res.text()).toBeLessThan(300);
    }

    await page.goto(`/c/${C}/challenges/DEMO-004`);
    await page.getByRole('button', { name: 'Launch', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Launch', exact: true }).click();
    await expect(dialog.getByText('Your team has no free instance slot.')).toBeVisible();
    const running = dialog.getByRole('list', { name: "Your team's running instances" });
    await expect(running.getByRole('listitem')).toHaveCount(3);
    await running.getByRole('button', { name: /^Stop Banner Grab/ }).click();
    await expect(running.getByRole('listitem')).toHaveCount(2);
    await dialog.getByRole('button', { name: 'Launch', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/c/${C}/instances/[^/]+$`));
    const live = (await teamInstances(request, token)).filter((i) =>
      ['pending', 'starting', 'running'].includes(i.status),
    );
    expect(live.map((i) => i.challenge_id).sort()).toEqual(['DEMO-001', 'DEMO-003', 'DEMO-004']);
    await client.stopAll();
  });

  test('409: a launch refused as already running links to the running instance', async ({
    page,
    request,
  }) => {
    const team = e2eTeam(13);
    await signIn(page, team.b);
    const client = api(request, await apiLogin(request, team.b));
    await page.goto(`/c/${C}/challenges/DEMO-002`);
    await page.getByRole('button', { name: 'Launch', exact: true }).click();
    // A team-mate starts it meanwhile (this tab has not heard yet).
    const res = await client.post('/instances', { challenge_id: 'DEMO-002', competition_id: C });
    expect(res.status(), await res.text()).toBeLessThan(300);
    const { id } = (await res.json()) as { id: string };
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Launch', exact: true }).click();
    await expect(dialog.getByText('Your team already runs DEMO-002.')).toBeVisible();
    await expect(dialog.getByRole('link', { name: /Open the running instance/ })).toHaveAttribute(
      'href',
      `/c/${C}/instances/${id}`,
    );
    await client.stopAll();
  });
});
