/**
 * A big mitmproxy dump opened as a local file (/traffic/open): the worker
 * keeps summaries and where each flow is in the file, so a body or header
 * filter reads the records again, slice by slice, and says how far it is in
 * the status line; opening a flow reads its record (its body shows).
 * Team e2e-51 (signs in only).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { encodeTnetstring, readTnetstrings, type TnetDict } from '../shared/capture/tnetstring';
import { e2eTeam, expect, signIn, test } from './fixtures';

const team = e2eTeam(51);
const FIXTURE = fileURLToPath(new URL('./fixtures/mitmproxy-8.1.1.mitm', import.meta.url));
const RECORDS = readTnetstrings(new Uint8Array(readFileSync(FIXTURE))) as TnetDict[];
const enc = new TextEncoder();
/** ~17 MB: more than two slices of records */
const FLOWS = 8_000;
/** every this many flows one has the marker in a gzipped response body */
const MARKED_EVERY = 1_000;
const MARKER = 'local-file-marker';

/** The fixture's real flows cycled to `FLOWS`, some with the marker only in a gzipped body. */
function bigDump(): Buffer {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < FLOWS; i++) {
    const base = RECORDS[i % RECORDS.length]!;
    const record: TnetDict = { ...base, id: `local-${i}`, timestamp_created: 1_800_000_000 + i };
    if (i % MARKED_EVERY === 500) {
      const request = base.request as TnetDict;
      record.request = { ...request, path: enc.encode(`/marked/${i}`) };
      record.response = {
        ...(RECORDS[0]!.response as TnetDict),
        headers: [
          [enc.encode('content-type'), enc.encode('text/plain')],
          [enc.encode('content-encoding'), enc.encode('gzip')],
        ],
        content: gzipSync(enc.encode(`found ${MARKER}-${i} here`)),
      };
    }
    parts.push(encodeTnetstring(record));
  }
  return Buffer.concat(parts);
}

/** Records every text the status line shows (the progress passes quickly). */
async function recordStatusTexts(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __seen: string[] }).__seen = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('p')) {
        const text = el.textContent ?? '';
        if (text.startsWith('Reading the bodies') && seen.at(-1) !== text) seen.push(text);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
}

test('a body filter over a big local dump reads its records with progress; an opened flow shows its body', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, team.a);
  await page.goto('/traffic/open');
  await page.getByLabel('Capture file').setInputFiles({
    name: 'big.mitm',
    mimeType: 'application/octet-stream',
    buffer: bigDump(),
  });
  // the list's count ("8,000 flows", "Showing 8 of 8,000 flows"), not the export's note
  const status = page.getByRole('status').filter({ hasText: /^(Showing [\d,]+ of )?[\d,]+ flows/ });
  await expect(status).toHaveText(/^8,000 flows/, { timeout: 60_000 });
  const grid = page.getByRole('grid', { name: /Flows in big\.mitm/ });
  await expect(grid).toHaveAttribute('aria-busy', 'false');

  const seen = await recordStatusTexts(page);
  const filter = page.getByLabel(/^Filter/);
  await filter.fill(`~bs ${MARKER}`);
  await expect(status).toHaveText(/^Showing 8 of 8,000 flows/, { timeout: 60_000 });
  // the progress was told in flows, up to all of them
  const texts = await seen();
  expect(
    texts.some((t) => /of 8,000 flows so far\./.test(t)),
    texts.join(' | '),
  ).toBe(true);
  await expect(page.getByText(/Reading the bodies and headers/)).toHaveCount(0);

  // a marked flow opened: its gzipped body, read again from the file, decoded
  await grid.getByRole('row').filter({ hasText: '/marked/2500' }).click();
  const details = page.getByRole('region', { name: /Flow details/ });
  await expect(details.getByRole('heading', { name: /\/marked\/2500/ })).toBeVisible();
  await expect(details.getByText(`found ${MARKER}-2500 here`)).toBeVisible();
  await expect(details.getByText(/decoded from gzip/)).toBeVisible();

  // a header filter; then one that needs no body: answered from the summaries
  await filter.fill('~hs "content-encoding: gzip" & ~u marked');
  await expect(status).toHaveText(/^Showing 8 of 8,000 flows/, { timeout: 60_000 });
  await filter.fill('~u marked');
  await expect(status).toHaveText(/^Showing 8 of 8,000 flows/);
  await expect(grid.getByRole('row').filter({ hasText: '/marked/' })).toHaveCount(8);

  // HAR of the shown flows, then of all: read from the file's records, bodies decoded
  const exported = async (name: string) => {
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.har$/);
    return JSON.parse(readFileSync(await download.path(), 'utf8')) as {
      log: { entries: { request: { url: string }; response: { content: { text?: string } } }[] };
    };
  };
  const shown = await exported('Export the 8 shown flows as HAR');
  expect(shown.log.entries.map((e) => new URL(e.request.url).pathname)).toEqual(
    Array.from({ length: 8 }, (_, k) => `/marked/${k * MARKED_EVERY + 500}`),
  );
  expect(shown.log.entries[2]!.response.content.text).toBe(`found ${MARKER}-2500 here`);
  await filter.fill('');
  await expect(status).toHaveText(/^8,000 flows/);
  const all = await exported('Export as HAR');
  expect(all.log.entries).toHaveLength(FLOWS);
  expect(new URL(all.log.entries[2500]!.request.url).pathname).toBe('/marked/2500');
  await expect(page.getByText(/Exported 8,000 flows as HAR/)).toBeVisible();
});
