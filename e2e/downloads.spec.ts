/**
 * Downloads against the real local platform, with the browser's real
 * download events: per-team templated files, static files byte for byte,
 * a hostile file name, the engagement VPN profile, and a download cut short.
 * Teams 20–22 (e2e/TEAMS.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import {
  api,
  apiLogin,
  DEMO,
  e2eTeam,
  expect,
  expectNoAxeViolations,
  signIn,
  test,
  quietWindow,
} from './fixtures';

const cid = DEMO.competition;
const team20 = e2eTeam(20);
const team21 = e2eTeam(21);
const team22 = e2eTeam(22);
const ATTACHMENTS = join(process.cwd(), 'server/challenges/DEMO-003/attachments');
const UNICODE_NAME = 'field notes – Ünïcode #1?%.txt';

async function downloadBytes(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFileSync(path);
}

/** Clicks "Download <name>" and returns the browser's download. */
async function download(page: Page, name: string): Promise<Download> {
  const event = page.waitForEvent('download');
  await page.getByRole('button', { name: `Download ${name}`, exact: true }).click();
  return event;
}

test.describe('downloads', () => {
  test.afterAll(async ({ request }) => {
    for (const t of [team20, team21, team22]) {
      await api(request, await apiLogin(request, t.a)).stopAll();
    }
  });

  test('two teams get their own templated file, static files byte for byte, no VPN button', async ({
    browser,
    request,
  }) => {
    test.setTimeout(150_000);
    const results: Buffer[] = [];
    const pages: Page[] = [];
    for (const team of [team20, team21]) {
      const token = await apiLogin(request, team.a);
      const a = api(request, token);
      await a.stopAll();
      const id = await a.startAndWait('DEMO-003', cid);
      const context = await browser.newContext({ acceptDownloads: true });
      const page = await context.newPage();
      pages.push(page);
      await signIn(page, team.a);
      await page.goto(`/c/${cid}/instances/${id}/downloads`);

      const row = page.getByRole('row', { name: /notes\.txt/ });
      await expect(row).toContainText('rendered for your team', { timeout: 30_000 });
      await expect(row).toContainText(/\d+(\.\d)? (B|KiB)/);

      const notes = await download(page, 'notes.txt');
      expect(notes.suggestedFilename()).toBe('notes.txt');
      const bytes = await downloadBytes(notes);
      const served = await a.get(`/instances/${id}/attachments/notes.txt`);
      expect(Buffer.from(await served.body()).equals(bytes)).toBe(true);
      results.push(bytes);
    }
    expect(results[0]!.equals(results[1]!)).toBe(false);

    // the static files, on the first team's page
    const page = pages[0]!;
    const firmware = await download(page, 'firmware.bin');
    expect(firmware.suggestedFilename()).toBe('firmware.bin');
    expect(
      (await downloadBytes(firmware)).equals(readFileSync(join(ATTACHMENTS, 'firmware.bin'))),
    ).toBe(true);

    const odd = await download(page, UNICODE_NAME);
    // `?` is not allowed in file names: it becomes `_`; spaces, Unicode, # and % stay
    expect(odd.suggestedFilename()).toBe('field notes – Ünïcode #1_%.txt');
    expect((await downloadBytes(odd)).equals(readFileSync(join(ATTACHMENTS, UNICODE_NAME)))).toBe(
      true,
    );
    // simple-mode: no VPN profile at all
    await expect(page.getByRole('button', { name: 'Download VPN profile' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'VPN profile' })).toHaveCount(0);
    await expectNoAxeViolations(page);
    for (const p of pages) await p.context().close();
  });

  test('a download the server cuts short shows an error and saves nothing', async ({
    page,
    request,
  }) => {
    const a = api(request, await apiLogin(request, team21.a));
    const id =
      (
        await a.json<{ items: { id: string; status: string; challenge_id: string }[] }>(
          `/instances?competition_id=${cid}`,
        )
      ).items.find((i) => i.status === 'running' && i.challenge_id === 'DEMO-003')?.id ??
      (await a.startAndWait('DEMO-003', cid));
    await signIn(page, team21.a);
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.route('**/attachments/firmware.bin', async (route) => {
      const res = await route.fetch();
      const body = await res.body();
      await route.fulfill({
        status: 200,
        headers: {
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(body.length),
        },
        body: body.subarray(0, 1000),
      });
    });
    await page.goto(`/c/${cid}/instances/${id}/downloads`);
    await page
      .getByRole('button', { name: 'Download firmware.bin', exact: true })
      .click({ timeout: 30_000 });
    await expect(page.getByRole('alert')).toContainText('Nothing was saved');
    await quietWindow(page);
    expect(downloads).toBe(0);
  });

  test('the VPN profile waits for the instance, then downloads under its name and parses', async ({
    page,
    request,
  }) => {
    test.setTimeout(90_000);
    const token = await apiLogin(request, team22.a);
    const a = api(request, token);
    await a.stopAll();
    // Every state the VPN button goes through is recorded from the first render
    // (this machine may be slow enough for the instance to run before the page shows).
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { vpnStates: string[] }).vpnStates = seen;
      new MutationObserver(() => {
        const button = [...document.querySelectorAll('button')].find(
          (b) => b.textContent === 'Download VPN profile',
        );
        if (!button) return;
        const state = `${button.disabled ? 'disabled' : 'enabled'}: ${document.getElementById('vpn-note')?.textContent ?? ''}`;
        if (seen.at(-1) !== state) seen.push(state);
      }).observe(document, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
    });
    // the SPA is loaded (and cached) first, so the page is quick once the instance exists
    await signIn(page, team22.a);
    await page.goto(`/c/${cid}/instances`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 30_000 });
    const res = await a.post('/instances', { challenge_id: 'DEMO-002', competition_id: cid });
    expect(res.ok()).toBeTruthy();
    const { id } = (await res.json()) as { id: string };
    await page.goto(`/c/${cid}/instances/${id}/downloads`);

    const button = page.getByRole('button', { name: 'Download VPN profile' });
    await expect(button).toBeVisible({ timeout: 30_000 });
    // enables itself once the instance runs and the keys are made
    await expect(button).toBeEnabled({ timeout: 30_000 });
    // ... and was disabled, with its reason, until then
    const states = await page.evaluate(
      () => (window as unknown as { vpnStates: string[] }).vpnStates,
    );
    expect(states[0]).toMatch(
      /^disabled: .*(available once the instance runs|still being made|Fetching the VPN profile)/,
    );
    expect(states.at(-1)).toMatch(/^enabled: Ready/);
    const fileName = `DEMO-002-${id.slice(0, 8)}.ovpn`;
    await expect(page.getByText(`sudo openvpn --config ${fileName}`)).toBeVisible();
    await expect(page.getByText(/belongs to this instance only/)).toBeVisible();

    const event = page.waitForEvent('download');
    await button.click();
    const dl = await event;
    expect(dl.suggestedFilename()).toBe(fileName);
    const text = (await downloadBytes(dl)).toString('utf8');
    expect(text).toMatch(/^\s*client\s*$/m);
    expect(text).toMatch(/^\s*remote\s+\S+\s+\d+/m);
    expect(text).toContain('<ca>');
    expect(text).toContain('</ca>');
    // one line ending throughout: the PEM blocks are not CRLF among LF lines
    expect(text).not.toContain('\r');

    // the Overview's command names the same file (issue 13 item 11)
    await page.goto(`/c/${cid}/instances/${id}`);
    await expect(page.getByText(`sudo openvpn --config ${fileName}`)).toBeVisible({
      timeout: 30_000,
    });
    await page.goto(`/c/${cid}/instances/${id}/downloads`);
    await expect(button).toBeEnabled({ timeout: 30_000 });

    // once the instance stops, the button disables itself again and says why
    await a.delete(`/instances/${id}`);
    await expect(button).toBeDisabled({ timeout: 15_000 });
    await expect(page.locator('#vpn-note')).toContainText('no VPN profile to download');
  });
});
