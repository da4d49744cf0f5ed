/**
 * In-page measurements, the same for our viewer and for mitmweb: time to
 * the first rows, filter input to updated rows, frame times and long
 * tasks while scrolling the list, and the page's JS heap.
 */
import type { Page } from '@playwright/test';

/** Anything that can be filled like a text box (a Locator or an ElementHandle). */
export interface Fillable {
  fill(value: string): Promise<void>;
}
import { round, stats } from './util';

declare global {
  interface Window {
    __bench?: { longTasks: { start: number; duration: number }[]; lastInputAt: number | null };
  }
}

/** Installed before any page script: records long tasks and the time of the last input event. */
export async function installProbes(page: Page): Promise<void> {
  // tsx (esbuild keepNames) wraps named inner functions of page functions in `__name(...)`
  await page.addInitScript({ content: 'window.__name = (fn) => fn;' });
  await page.addInitScript(() => {
    const bench = {
      longTasks: [] as { start: number; duration: number }[],
      lastInputAt: null as number | null,
    };
    window.__bench = bench;
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      /* no long task API */
    }
    document.addEventListener('input', () => (bench.lastInputAt = performance.now()), true);
  });
}

/**
 * Waits (checking every animation frame) until `selector` matches, and
 * returns `performance.now()` at that frame: milliseconds since the
 * navigation started. Null if `capMs` passes first.
 */
export async function firstRowsAt(
  page: Page,
  selector: string,
  capMs: number,
): Promise<number | null> {
  try {
    const handle = await page.waitForFunction(
      (sel) => (document.querySelector(sel) ? performance.now() : null),
      selector,
      { polling: 'raf', timeout: capMs },
    );
    return await handle.jsonValue();
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return null;
    throw error;
  }
}

/**
 * What the user sees of the list: the first rows' text and the total count
 * (aria-rowcount) or scroll height. Called with `previous` undefined it
 * returns the signature; with a previous signature it returns the time
 * since the last input event once the signature differs (a page function:
 * no eval, the app's CSP forbids it).
 */
type SignatureArgs = [string, string | null, string | null];
const listSignature = ([rowSelector, countSelector, previous]: SignatureArgs) => {
  const rows = [...document.querySelectorAll(rowSelector)]
    .slice(0, 3)
    .map((row) => row.textContent)
    .join('|');
  const countEl = countSelector ? document.querySelector(countSelector) : null;
  const count = countEl
    ? (countEl.getAttribute('aria-rowcount') ?? String(countEl.scrollHeight))
    : '';
  const signature = `${rows}#${count}`;
  if (previous === null) return signature;
  const inputAt = window.__bench?.lastInputAt;
  return signature !== previous && inputAt != null ? performance.now() - inputAt : null;
};

export interface FilterResult {
  filter: string;
  /** input event → first frame showing a different list; null = no change within the cap */
  ms: number | null;
  error?: string;
  /** the same filter in later rounds (the first one runs on code the JIT has not seen yet) */
  again?: (number | null)[];
  /**
   * input event → the answer complete (no search or read of bodies in the
   * status line any more), when later than `ms`: the platform's matches
   * show rows as they come
   */
  settledMs?: number | null;
  againSettled?: (number | null)[];
}

/** Time since the last input once the status line says no bodies are searched or read (a page function). */
const settledSince = () => {
  const inputAt = window.__bench?.lastInputAt;
  const busy = [...document.querySelectorAll('[role="status"]')].some((el) =>
    /Searching headers and bodies|Reading the bodies and headers/u.test(el.textContent ?? ''),
  );
  return !busy && inputAt != null ? performance.now() - inputAt : null;
};

/** Fills the filter box and measures the time from the input event to the first frame whose rows differ. */
export async function filterLatency(
  page: Page,
  input: Fillable,
  filter: string,
  rowSelector: string,
  countSelector: string | null,
  capMs = 15_000,
): Promise<FilterResult> {
  const before = (await page.evaluate(listSignature, [
    rowSelector,
    countSelector,
    null,
  ] as SignatureArgs)) as string;
  await page.evaluate(() => {
    if (window.__bench) window.__bench.lastInputAt = null;
  });
  await input.fill(filter);
  try {
    const handle = await page.waitForFunction(
      listSignature,
      [rowSelector, countSelector, before] as SignatureArgs,
      {
        polling: 'raf',
        timeout: capMs,
      },
    );
    const ms = round((await handle.jsonValue()) as number, 1);
    // rows shown while the bodies are still searched: the time to the whole answer too
    if ((await page.evaluate(settledSince)) !== null) return { filter, ms };
    const settled = await page.waitForFunction(settledSince, undefined, {
      polling: 'raf',
      timeout: capMs,
    });
    const settledMs = round(await settled.jsonValue(), 1);
    const later = settledMs !== null && ms !== null && settledMs > ms + 1;
    return { filter, ms, ...(later ? { settledMs } : {}) };
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return { filter, ms: null };
    throw error;
  }
}

export interface ScrollResult {
  frames: number;
  scrolledPx: number;
  frameMs: ReturnType<typeof stats>;
  /** frames slower than 50 ms */
  slowFrames: number;
  longTasks: number;
  longestTaskMs: number | null;
  scroller: string;
}

/**
 * Scrolls the list programmatically, one step per animation frame (a fast
 * fling, with a jump every 30 frames like a scrollbar drag), recording
 * frame-to-frame times and the long tasks that overlap the window.
 */
export async function scrollFrames(
  page: Page,
  rowSelector: string,
  frames = 240,
  stepPx = 1500,
): Promise<ScrollResult> {
  const result = await page.evaluate(
    async ([selector, count, step]) => {
      const row = document.querySelector(selector);
      let scroller: Element | null = row?.parentElement ?? null;
      while (scroller && scroller !== document.body) {
        const style = getComputedStyle(scroller);
        if (
          /(auto|scroll)/.test(style.overflowY) &&
          scroller.scrollHeight > scroller.clientHeight + 10
        )
          break;
        scroller = scroller.parentElement;
      }
      const target = scroller && scroller !== document.body ? scroller : document.scrollingElement!;
      const describe = (el: Element) =>
        el.tagName.toLowerCase() +
        (el.id ? `#${el.id}` : '') +
        (el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : '');
      target.scrollTop = 0;
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const deltas: number[] = [];
      const start = performance.now();
      let last = start;
      let moved = 0;
      await new Promise<void>((resolve) => {
        let frame = 0;
        const tick = () => {
          const now = performance.now();
          deltas.push(now - last);
          last = now;
          frame++;
          const before = target.scrollTop;
          if (frame % 30 === 0)
            target.scrollTop = Math.random() * (target.scrollHeight - target.clientHeight);
          else
            target.scrollTop =
              before + step >= target.scrollHeight - target.clientHeight ? 0 : before + step;
          moved += Math.abs(target.scrollTop - before);
          if (frame < count) requestAnimationFrame(tick);
          else resolve();
        };
        requestAnimationFrame(tick);
      });
      const end = performance.now();
      // let the long task observer deliver
      await new Promise((r) => setTimeout(r, 200));
      const tasks = (window.__bench?.longTasks ?? []).filter(
        (t) => t.start + t.duration >= start && t.start <= end,
      );
      return {
        deltas: deltas.slice(1),
        moved,
        tasks: tasks.map((t) => t.duration),
        scroller: describe(target),
      };
    },
    [rowSelector, frames, stepPx] as const,
  );
  return {
    frames: result.deltas.length,
    scrolledPx: Math.round(result.moved),
    frameMs: statsRounded(result.deltas),
    slowFrames: result.deltas.filter((d) => d > 50).length,
    longTasks: result.tasks.length,
    longestTaskMs: result.tasks.length ? round(Math.max(...result.tasks), 1) : null,
    scroller: result.scroller,
  };
}

function statsRounded(values: number[]) {
  const s = stats(values);
  return (
    s && {
      count: s.count,
      median: round(s.median, 1)!,
      p95: round(s.p95, 1)!,
      max: round(s.max, 1)!,
    }
  );
}

/** The page's main-thread JS heap after a garbage collection, in MB (CDP `Runtime.getHeapUsage`). */
export async function heapMb(
  page: Page,
): Promise<{ usedMb: number | null; totalMb: number | null }> {
  try {
    const session = await page.context().newCDPSession(page);
    await session.send('HeapProfiler.collectGarbage');
    const usage = (await session.send('Runtime.getHeapUsage')) as {
      usedSize: number;
      totalSize: number;
    };
    await session.detach();
    return {
      usedMb: round(usage.usedSize / 1048576, 1),
      totalMb: round(usage.totalSize / 1048576, 1),
    };
  } catch {
    return { usedMb: null, totalMb: null };
  }
}

/** Long tasks recorded since the page loaded (count and longest), e.g. during the first load. */
export async function longTasksSoFar(
  page: Page,
): Promise<{ count: number; longestMs: number | null }> {
  const durations = await page.evaluate(() =>
    (window.__bench?.longTasks ?? []).map((t) => t.duration),
  );
  return {
    count: durations.length,
    longestMs: durations.length ? round(Math.max(...durations), 1) : null,
  };
}

/**
 * The JS heap of the page's dedicated workers after a garbage collection, in
 * MB (summed): CDP auto-attach from the page's session, then
 * `Runtime.getHeapUsage` sent to each worker through `Target.sendMessageToTarget`.
 * Null when no worker answers.
 */
export async function workerHeapMb(page: Page): Promise<number | null> {
  const session = await page.context().newCDPSession(page);
  const pending = new Map<number, (result: unknown) => void>();
  const targets: string[] = [];
  let nextId = 1;
  session.on(
    'Target.attachedToTarget',
    (event: { sessionId: string; targetInfo: { type: string } }) => {
      if (event.targetInfo.type === 'worker') targets.push(event.sessionId);
    },
  );
  session.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
    const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result ?? null);
  });
  const call = (sessionId: string, method: string) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      void session
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) })
        .catch(() => resolve(null));
      setTimeout(() => resolve(null), 10_000);
    });
  try {
    await session.send('Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: false,
      flatten: false,
    });
    for (let i = 0; i < 20 && targets.length === 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    let total = 0;
    let answered = false;
    for (const target of targets) {
      await call(target, 'HeapProfiler.collectGarbage');
      const usage = (await call(target, 'Runtime.getHeapUsage')) as { usedSize?: number } | null;
      if (usage?.usedSize !== undefined) {
        total += usage.usedSize;
        answered = true;
      }
    }
    return answered ? round(total / 1048576, 1) : null;
  } catch {
    return null;
  } finally {
    await session.detach().catch(() => undefined);
  }
}
