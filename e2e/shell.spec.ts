/**
 * The app shell: competition switcher, theme, 404, history, narrow screens,
 * skip link. alice is on two teams (ctf-spring and ctf-autumn); she starts
 * no instances here.
 */
import { DEMO, e2eTeam, expect, signIn, test } from './fixtures';

test('alice switches competition: URL and content follow, remembered after reload', async ({
  page,
}) => {
  await signIn(page, DEMO.alice);
  await page.goto('/c/ctf-spring/challenges');
  const switcher = page.getByLabel('Competition');
  await expect(switcher).toHaveValue('ctf-spring');
  await expect(page).toHaveTitle('Challenges · Spring CTF 2026 · ctfy');

  await switcher.selectOption({ label: 'Autumn Invitational 2026 — Team Night' });
  await expect(page).toHaveURL('/c/ctf-autumn/challenges');
  await expect(page).toHaveTitle('Challenges · Autumn Invitational 2026 · ctfy');
  await expect(page.getByLabel('Competition')).toHaveValue('ctf-autumn');

  await page.reload();
  await expect(page.getByLabel('Competition')).toHaveValue('ctf-autumn');
  await page.goto('/');
  await expect(page).toHaveURL('/c/ctf-autumn/instances');
  // Links without a competition go to the remembered one too.
  await page.goto('/challenges');
  await expect(page).toHaveURL('/c/ctf-autumn/challenges');
});

test('the theme follows the system, and a manual choice is remembered', async ({ page }) => {
  await signIn(page, e2eTeam(3).a);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/c/ctf-spring/instances');
  const html = page.locator('html');
  await expect(html).toHaveClass(/\bdark\b/);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).not.toHaveClass(/\bdark\b/);

  await page.getByLabel('Theme').selectOption('Dark');
  await expect(html).toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(html).toHaveClass(/\bdark\b/);
  await expect(page.getByLabel('Theme')).toHaveValue('dark');

  await page.getByLabel('Theme').selectOption('System');
  await expect(html).not.toHaveClass(/\bdark\b/);
});

test('unknown paths show a 404 page with a way back', async ({ page }) => {
  await signIn(page, e2eTeam(3).b);
  await page.goto('/c/ctf-spring/no-such-page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page).toHaveTitle(/^Page not found/);
  await page.getByRole('link', { name: 'Go to your instances' }).click();
  await expect(page).toHaveURL('/c/ctf-spring/instances');

  await page.goto('/completely/unknown?x=<b>');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByText('/completely/unknown')).toBeVisible();
});

test('a page whose code is gone after a deployment offers a reload that brings it back', async ({
  page,
}) => {
  await signIn(page, e2eTeam(3).b);
  await page.goto('/c/ctf-spring/instances');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Challenges' })).toBeVisible();
  // A new build is deployed: the files this tab's build asks for are gone.
  const gone = '**/assets/*.js';
  await page.route(gone, (route) => route.fulfill({ status: 404, body: 'Not Found' }));
  await nav.getByRole('link', { name: 'Challenges' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
  await expect(alert).toBeVisible();
  await expect(nav).toBeVisible(); // the shell stays
  await page.unroute(gone);
  await alert.getByRole('button', { name: 'Reload' }).click();
  await expect(page).toHaveURL('/c/ctf-spring/challenges');
  await expect(page.getByRole('heading', { level: 1, name: 'Challenges' })).toBeVisible();
  await expect(alert).toBeHidden();
});

test('back and forward move between views', async ({ page }) => {
  await signIn(page, e2eTeam(4).a);
  await page.goto('/c/ctf-spring/instances');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Instances' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await nav.getByRole('link', { name: 'Challenges' }).click();
  await expect(page).toHaveURL('/c/ctf-spring/challenges');
  await expect(nav.getByRole('link', { name: 'Challenges' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await page.goBack();
  await expect(page).toHaveURL('/c/ctf-spring/instances');
  await expect(nav.getByRole('link', { name: 'Instances' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await page.goForward();
  await expect(page).toHaveURL('/c/ctf-spring/challenges');
});

test('keyboard: the skip link leads to the page', async ({ page }) => {
  await signIn(page, e2eTeam(4).b);
  await page.goto('/c/ctf-spring/challenges');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
});

test('a narrow screen wraps the header without scrolling sideways', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, DEMO.alice);
  await page.goto('/c/ctf-spring/instances');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeInViewport();
  await expect(page.getByLabel('Competition')).toBeInViewport();
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Challenges' }),
  ).toBeInViewport();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

test('a first visit asks for /config.json once (index.html preloads it) and for the page’s data while the session check is out', async ({
  page,
}) => {
  await signIn(page, DEMO.alice);
  const configRequests: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/config.json') configRequests.push(r.url());
  });
  // The session check answers only once the challenge list has been asked for:
  // a page that waited for it first would never show.
  let challengesAsked: () => void = () => undefined;
  const asked = new Promise<void>((resolve) => (challengesAsked = resolve));
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/challenges') challengesAsked();
  });
  await page.route('**/api/auth/me', async (route) => {
    await asked;
    await route.continue();
  });
  await page.goto('/c/ctf-spring/challenges/DEMO-001');
  await expect(page.getByRole('heading', { name: 'Cookie Jar Admin' })).toBeVisible();
  // the preload is the one request: the app reads its response, no second fetch
  expect(configRequests).toHaveLength(1);
});
