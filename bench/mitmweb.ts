/**
 * The anchor: mitmproxy's own web UI (Debian's mitmweb 8.1.1) on the same
 * capture, measured in the same browser the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import {
  filterLatency,
  firstRowsAt,
  heapMb,
  installProbes,
  scrollFrames,
  type FilterResult,
  type ScrollResult,
} from './measure';
import { freePort, round, rssMb, sleep, spawnLogged } from './util';

const MITMWEB = process.env.MITMWEB ?? '/usr/bin/mitmweb';
/** a data row of mitmweb's flow table (spacer rows have no cells) */
export const MITMWEB_ROW = '.flow-table tbody tr td.col-path';
const MITMWEB_ROW_ELEMENT = '.flow-table tbody tr:has(td.col-path)';

export interface MitmwebResult {
  /** mitmweb started → its UI shows the first rows (what a user waits for) */
  startToFirstRowsMs: number | null;
  /** a fresh page on the already loaded mitmweb: navigation → first rows */
  navigationToFirstRowsMs: number | null;
  filters: FilterResult[];
  scroll: ScrollResult | null;
  heap: { usedMb: number | null; totalMb: number | null } | null;
  processRssMb: number | null;
  /** the most the process ever held (VmHWM), after the filters */
  processPeakRssMb: number | null;
  capMs: number;
  note?: string;
  error?: string;
}

export async function measureMitmweb(
  browser: Browser,
  captureFile: string,
  options: { capMs: number; filters: string[] },
): Promise<MitmwebResult> {
  const confDir = mkdtempSync(join(tmpdir(), 'ctfy-bench-mitmweb-'));
  const webPort = await freePort();
  const listenPort = await freePort();
  const started = Date.now();
  const proc = spawnLogged(MITMWEB, [
    '-r',
    captureFile,
    '--web-host',
    '127.0.0.1',
    '--web-port',
    String(webPort),
    '--no-web-open-browser',
    '--listen-host',
    '127.0.0.1',
    '--listen-port',
    String(listenPort),
    '--set',
    `confdir=${confDir}`,
  ]);
  const result: MitmwebResult = {
    startToFirstRowsMs: null,
    navigationToFirstRowsMs: null,
    filters: [],
    scroll: null,
    heap: null,
    processRssMb: null,
    processPeakRssMb: null,
    capMs: options.capMs,
  };
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await installProbes(page);
    const url = `http://127.0.0.1:${webPort}/`;
    // the UI is up as soon as its web server answers; keep trying until then
    for (;;) {
      if (Date.now() - started > options.capMs) {
        // mitmweb reads the whole file before its web server answers: "> cap"
        result.note = `mitmweb's UI did not answer within ${options.capMs / 1000} s (it loads the whole file first)`;
        return result;
      }
      if (proc.process.exitCode !== null)
        throw new Error(`mitmweb exited: ${proc.output().slice(-500)}`);
      try {
        await page.goto(url, { timeout: 10_000 });
        break;
      } catch {
        await sleep(250);
      }
    }
    const remaining = options.capMs - (Date.now() - started);
    const seen = await firstRowsAt(page, MITMWEB_ROW, Math.max(1000, remaining));
    if (seen === null) return result; // "> cap"
    result.startToFirstRowsMs = Date.now() - started;
    // mitmweb may still be adding flows: wait until the count settles, then a fresh page
    await settle(page);
    const fresh = await context.newPage();
    await installProbes(fresh);
    await fresh.goto(url);
    result.navigationToFirstRowsMs = round(await firstRowsAt(fresh, MITMWEB_ROW, options.capMs));
    await settle(fresh);
    result.scroll = await scrollFrames(fresh, MITMWEB_ROW_ELEMENT);
    result.heap = await heapMb(fresh);
    result.processRssMb = await rssMb(proc.process.pid);
    // (its filter box is "Search": the same expressions, mitmproxy's own filter language)
    for (const filter of options.filters) {
      try {
        const box = fresh.getByPlaceholder('Search');
        // mitmweb keeps re-rendering the header while it filters: skip actionability waits
        const search = {
          fill: (value: string) => box.fill(value, { force: true, timeout: 60_000 }),
        };
        result.filters.push(
          await filterLatency(fresh, search, filter, MITMWEB_ROW_ELEMENT, '.flow-table', 60_000),
        );
      } catch (error) {
        result.filters.push({
          filter,
          ms: null,
          error: error instanceof Error ? error.message.split('\n')[0] : String(error),
        });
      }
    }
    result.processPeakRssMb = await rssMb(proc.process.pid, true);
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    // gave up (or not) after the cap: what it held by then
    result.processPeakRssMb ??= await rssMb(proc.process.pid, true);
    await context.close();
    await proc.stop();
    rmSync(confDir, { recursive: true, force: true });
  }
  return result;
}

/** Waits until the flow table's height stops changing (mitmweb streams flows in). */
async function settle(page: import('@playwright/test').Page, maxMs = 60_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = -1;
  while (Date.now() < deadline) {
    const height = await page.evaluate(
      () => document.querySelector('.flow-table')?.scrollHeight ?? 0,
    );
    if (height === last) return;
    last = height;
    await sleep(500);
  }
}
