/**
 * Our traffic viewer (`/c/:competition/instances/:id/traffic`) measured in
 * real Chromium: navigation → first rows, filter input → updated rows,
 * frames and long tasks while scrolling, JS heap.
 *
 * Selectors agreed with the viewer: data rows are ARIA rows with an
 * `aria-rowindex` that hold cells; the filter is the text box labelled "Filter".
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from '@playwright/test';
import {
  filterLatency,
  firstRowsAt,
  heapMb,
  installProbes,
  longTasksSoFar,
  scrollFrames,
  workerHeapMb,
  type FilterResult,
  type ScrollResult,
} from './measure';
import { resetPeakRss, round, rssMb } from './util';

export const OUR_ROW = '[role="row"][aria-rowindex]:has([role="gridcell"], [role="cell"])';
export const OUR_GRID = '[role="grid"], [role="table"], [role="treegrid"]';

/** "Export as HAR" of every flow (the filter cleared): click → download, its size, the worker heap after */
export interface HarExportResult {
  ms: number | null;
  mb: number | null;
  workerHeapAfterMb: number | null;
  error?: string;
}

export interface ViewerResult {
  /** first visit: the server has not read the capture yet (it parses the .mitm on this request) */
  coldNavigationToFirstRowsMs: number | null;
  coldNavigationToAllRowsMs: number | null;
  /** a second visit in a fresh tab: the server has the capture parsed (like mitmweb once loaded) */
  navigationToFirstRowsMs: number | null;
  /** the same visit: navigation → the whole capture read (the grid no longer aria-busy) */
  navigationToAllRowsMs: number | null;
  /** aria-rowcount of the grid once loaded (header row included, if the viewer counts it) */
  rowCount: number | null;
  loadLongTasks: { count: number; longestMs: number | null } | null;
  filters: FilterResult[];
  scroll: ScrollResult | null;
  heap: { usedMb: number | null; totalMb: number | null } | null;
  /** the viewer's worker (where the capture lives), after a GC */
  workerHeapMb: number | null;
  harExport?: HarExportResult;
  /** the server's RSS peak (VmHWM) from its start to the HAR export (loading, filters), with `serverPid` */
  serverPeakBeforeExportMb?: number | null;
  /** the server's RSS peak during the HAR export (it reads every whole flow from the server) */
  serverPeakDuringExportMb?: number | null;
  capMs: number;
  error?: string;
}

/** Each filter is typed this many times, in rounds (the first on cold code, as a user's first filter). */
const FILTER_ROUNDS = Math.max(1, Number(process.env.BENCH_FILTER_ROUNDS ?? 3));
/** how long a filter may take before it counts as "no change" (BENCH_FILTER_CAP_S, default 15 s) */
const FILTER_CAP_MS = Number(process.env.BENCH_FILTER_CAP_S ?? 15) * 1000;

export async function measureOurViewer(
  browser: Browser,
  options: {
    baseUrl: string;
    token: string;
    competition: string;
    instanceId: string;
    filters: string[];
    capMs: number;
    /** the platform's process: its RSS peak is read before and during the HAR export */
    serverPid?: number;
    /** "Export as HAR" of every flow after the filters (default: yes) */
    harExport?: boolean;
  },
): Promise<ViewerResult> {
  const result: ViewerResult = {
    coldNavigationToFirstRowsMs: null,
    coldNavigationToAllRowsMs: null,
    navigationToFirstRowsMs: null,
    navigationToAllRowsMs: null,
    rowCount: null,
    loadLongTasks: null,
    filters: [],
    scroll: null,
    heap: null,
    workerHeapMb: null,
    capMs: options.capMs,
  };
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    baseURL: options.baseUrl,
  });
  try {
    await context.addInitScript(
      (token) => localStorage.setItem('ctfy.token', token),
      options.token,
    );
    const url = `/c/${options.competition}/instances/${options.instanceId}/traffic`;
    const cold = await context.newPage();
    const problems: string[] = [];
    cold.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text().slice(0, 300)}`);
    });
    cold.on('pageerror', (error) => problems.push(`page error: ${error.message.slice(0, 300)}`));
    cold.on('requestfailed', (request) =>
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
    );
    await installProbes(cold);
    await cold.goto(url, { waitUntil: 'commit' });
    const coldSeen = await firstRowsAt(cold, OUR_ROW, options.capMs);
    if (coldSeen === null) {
      const text = await cold.evaluate(
        () => document.querySelector('main')?.innerText ?? document.body.innerText,
      );
      const shot = join('bench/results', `viewer-no-rows-${Date.now()}.png`);
      mkdirSync('bench/results', { recursive: true });
      await cold.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
      result.error = `no rows matching ${OUR_ROW} within ${options.capMs} ms (screenshot ${shot}); the page says: ${text.replace(/\s+/g, ' ').slice(0, 600)}${problems.length ? `; ${problems.slice(0, 5).join('; ')}` : ''}`;
      return result;
    }
    result.coldNavigationToFirstRowsMs = round(coldSeen);
    // the server goes on reading the capture after the first rows: the
    // "loaded" visit starts once it has all of it (else both compete for the CPU)
    result.coldNavigationToAllRowsMs = round(
      await firstRowsAt(cold, '[role="grid"][aria-busy="false"]', options.capMs),
    );
    await cold.close();

    const page = await context.newPage();
    await installProbes(page);
    await page.goto(url, { waitUntil: 'commit' });
    result.navigationToFirstRowsMs = round(await firstRowsAt(page, OUR_ROW, options.capMs));
    // scrolling and filtering are measured on the whole capture, not while it streams in
    result.navigationToAllRowsMs = round(
      await firstRowsAt(page, '[role="grid"][aria-busy="false"]', options.capMs),
    );
    result.loadLongTasks = await longTasksSoFar(page);
    const count = await page.evaluate(
      (sel) => document.querySelector(sel)?.getAttribute('aria-rowcount') ?? null,
      OUR_GRID,
    );
    result.rowCount = count === null ? null : Number(count);
    result.heap = await heapMb(page);
    result.workerHeapMb = await workerHeapMb(page);
    result.scroll = await scrollFrames(page, OUR_ROW);
    const input = page.getByLabel('Filter', { exact: false }).first();
    for (let round = 0; round < FILTER_ROUNDS; round++) {
      for (const filter of options.filters) {
        let measured: FilterResult;
        try {
          measured = await filterLatency(page, input, filter, OUR_ROW, OUR_GRID, FILTER_CAP_MS);
        } catch (error) {
          measured = {
            filter,
            ms: null,
            error: error instanceof Error ? error.message.split('\n')[0] : String(error),
          };
        }
        const first = result.filters.find((f) => f.filter === filter);
        if (!first) result.filters.push(measured);
        else {
          (first.again ??= []).push(measured.ms);
          (first.againSettled ??= []).push(measured.settledMs ?? null);
        }
      }
    }
    if (options.serverPid !== undefined)
      result.serverPeakBeforeExportMb = await rssMb(options.serverPid, true);
    if (options.harExport !== false) {
      if (options.serverPid !== undefined) await resetPeakRss(options.serverPid);
      result.harExport = await harExport(page, input, options.capMs);
      if (options.serverPid !== undefined)
        result.serverPeakDuringExportMb = await rssMb(options.serverPid, true);
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    await context.close();
  }
  return result;
}

export interface LocalFileResult {
  /** file chosen (its input event) → first rows */
  firstRowsMs: number | null;
  /** file chosen → the whole file listed (the grid no longer aria-busy) */
  allRowsMs: number | null;
  rowCount: number | null;
  heap: { usedMb: number | null; totalMb: number | null } | null;
  workerHeapMb: number | null;
  /** `~b flag` over the listed file (its records read again) → the rows it matches */
  bodyFilter?: FilterResult;
  /** worker heap after that filter (the bodies it read are not kept) */
  workerHeapAfterFilterMb?: number | null;
  harExport?: HarExportResult;
  capMs: number;
  error?: string;
}

/** Clears the filter, then "Export as HAR": click → the download saved (its size in MB). */
async function harExport(
  page: Page,
  filterInput: Locator,
  capMs: number,
): Promise<HarExportResult> {
  await filterInput.fill('');
  const button = page.getByRole('button', { name: 'Export as HAR' });
  await button.waitFor({ state: 'visible', timeout: capMs });
  const downloading = page.waitForEvent('download', { timeout: capMs });
  const failed = page
    .getByText(/HAR export failed: .*/)
    .waitFor({ timeout: capMs })
    .then(() => null);
  const t = performance.now();
  await button.click();
  const download = await Promise.race([downloading, failed]).catch(() => null);
  if (!download) {
    const message = await page
      .getByText(/HAR export failed: .*/)
      .textContent()
      .catch(() => null);
    return { ms: null, mb: null, workerHeapAfterMb: null, error: message ?? 'no download' };
  }
  const path = await download.path();
  const ms = round(performance.now() - t);
  const mb = round(statSync(path).size / 1e6, 1);
  return { ms, mb, workerHeapAfterMb: await workerHeapMb(page) };
}

/**
 * The same capture opened as a local file (`/traffic/open`, parsed in the
 * worker, no server): the file is set on the "Capture file" input
 * (Playwright hands the local browser the path), timed from its input event.
 */
export async function measureLocalFile(
  browser: Browser,
  options: { baseUrl: string; token: string; file: string; capMs: number },
): Promise<LocalFileResult> {
  const result: LocalFileResult = {
    firstRowsMs: null,
    allRowsMs: null,
    rowCount: null,
    heap: null,
    workerHeapMb: null,
    capMs: options.capMs,
  };
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    baseURL: options.baseUrl,
  });
  try {
    await context.addInitScript(
      (token) => localStorage.setItem('ctfy.token', token),
      options.token,
    );
    const page = await context.newPage();
    await installProbes(page);
    await page.goto('/traffic/open');
    const input = page.getByLabel('Capture file');
    await input.waitFor({ state: 'attached' });
    await input.setInputFiles(options.file);
    const inputAt = await page.evaluate(() => window.__bench?.lastInputAt ?? null);
    const rowsAt = await firstRowsAt(page, OUR_ROW, options.capMs);
    if (inputAt === null || rowsAt === null) {
      result.error = `no rows within ${options.capMs} ms of choosing the file`;
      return result;
    }
    result.firstRowsMs = round(rowsAt - inputAt);
    const allAt = await firstRowsAt(page, '[role="grid"][aria-busy="false"]', options.capMs);
    result.allRowsMs = allAt === null ? null : round(allAt - inputAt);
    const count = await page.evaluate(
      (sel) => document.querySelector(sel)?.getAttribute('aria-rowcount') ?? null,
      OUR_GRID,
    );
    result.rowCount = count === null ? null : Number(count);
    result.heap = await heapMb(page);
    result.workerHeapMb = await workerHeapMb(page);
    const filterInput = page.getByLabel('Filter', { exact: false }).first();
    result.bodyFilter = await filterLatency(
      page,
      filterInput,
      '~b flag',
      OUR_ROW,
      OUR_GRID,
      options.capMs,
    );
    result.workerHeapAfterFilterMb = await workerHeapMb(page);
    result.harExport = await harExport(page, filterInput, options.capMs);
  } catch (error) {
    result.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
  } finally {
    await context.close();
  }
  return result;
}
