/**
 * `/traffic/matches` runs a user's pattern in a filter thread with a time
 * budget per batch: a pattern that backtracks without end (`(a+)+b` over a
 * long run of a's) ends its answer with an `{error}` line and never stops
 * the platform; the next answer gets a fresh thread; an answer whose client
 * left stops its work; answers of other teams go on meanwhile.
 */
import { writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TrafficMatchErrorSchema, TrafficMatchLineSchema } from '../shared/schemas/trafficFilter';
import { formatNumber } from '../shared/format';
import { writeMatches } from './http/trafficFilter';
import type { TrafficAnswer } from './runtime/types';
import { FilterPool } from './runtime/filterPool';
import { backtrackCapture, mitmFlows } from './test/captureFiles';
import { serverWithCapture } from './test/captureServer';
import { tempCaptureStore, type TempCaptureStore } from './test/tempCaptureStore';

const FLAG_PATTERN = '[A-Za-z0-9_]{2,32}\\{[^}\\n]{1,200}\\}';
const BACKTRACKS = '~b "(a+)+b"';
const log = pino({ level: 'silent' });

/** The answer's lines, as the viewer reads them (the error line first). */
function lines(text: string): unknown[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

describe('traffic/matches over HTTP: a pattern over its time budget', () => {
  let platform: Awaited<ReturnType<typeof serverWithCapture>>;
  beforeAll(async () => {
    // 1,000 plain flows (~2 MB: a few batches), then the one that backtracks
    platform = await serverWithCapture(
      { FILTER_BUDGET_MS: '1500' },
      Buffer.concat([mitmFlows('more', 1000), backtrackCapture()]),
    );
  });
  afterAll(async () => {
    await platform?.t.stop();
  });

  it('ends the answer with the error line while the platform answers others; the next filter works', async () => {
    const res = await fetch(
      `${platform.t.url}/api/instances/${platform.id}/traffic/matches?filter=${encodeURIComponent(BACKTRACKS)}`,
      { headers: { Authorization: `Bearer ${platform.token}` } },
    );
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    // the first batch's line: the scan goes on to the flow that backtracks (the last batch)
    while (!text.includes('\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    const first = TrafficMatchLineSchema.parse(JSON.parse(text.split('\n')[0]!));
    expect(first).toMatchObject({ scanned: expect.any(Number) as number });
    expect('scanned' in first && first.scanned > 0 && first.scanned < 1000).toBe(true);
    let matchesEnded = false;
    const rest = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      matchesEnded = true;
    })();
    // the platform answers meanwhile (on the event loop, the pattern would block it for ever)
    const health = await platform.t.call('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(matchesEnded).toBe(false);

    await rest;
    const all = lines(text);
    const last = TrafficMatchErrorSchema.parse(all.at(-1));
    // the batches before the one that backtracks (the last) were answered
    const before = all.slice(0, -1).map((line) => TrafficMatchLineSchema.parse(line));
    const scanned = before.reduce((most, line) => Math.max(most, line.scanned), 0);
    expect(scanned).toBeGreaterThan(0);
    expect(last.error).toBe(
      `The filter took too long on the platform (over 1 second for ${1063 - scanned} flows): its pattern may backtrack without end, e.g. (a+)+. Nothing was matched past flow ${formatNumber(scanned)}.`,
    );
    // no `done` line: the answer was not read to its end
    expect(all.some((line) => typeof line === 'object' && line !== null && 'done' in line)).toBe(
      false,
    );

    // a fresh thread for the next filter
    const next = await platform.get(`/traffic/matches?filter=${encodeURIComponent('~b aaaa')}`);
    expect(next.status).toBe(200);
    const nextLines = lines(next.text).map((line) => TrafficMatchLineSchema.parse(line));
    expect(nextLines.at(-1)).toMatchObject({ done: true, scanned: 1063, truncated: false });
    const ids = nextLines.flatMap((line) => ('ids' in line ? line.ids : []));
    expect(ids).toEqual(['p-run']);
  });
});

describe('traffic/matches threads: abandoned answers and answers side by side', () => {
  let temp: TempCaptureStore;
  beforeAll(() => {
    temp = tempCaptureStore('ctfy-budget-');
    writeFileSync(temp.store.mitmPath('cap'), backtrackCapture());
  });
  afterAll(() => temp.remove());

  /** An answer written to a stream, as the route writes it. */
  async function ask(pool: FilterPool, filter: string) {
    return start(pool, filter, (await temp.store.answer('cap', undefined, [], 'full'))!);
  }

  function start(pool: FilterPool, filter: string, answer: TrafficAnswer) {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const written = writeMatches(
      out,
      answer,
      { expression: filter, flagPattern: FLAG_PATTERN },
      log,
      pool,
    );
    return { out, written, text: () => text };
  }

  it('an answer whose client left stops its work in the thread; the next answer gets a fresh one', async () => {
    // a budget far away: only the client leaving can stop the batch
    const pool = new FilterPool({ threads: 1, budgetMs: 600_000, abortGraceMs: 50 });
    try {
      const stuck = await ask(pool, BACKTRACKS);
      await vi.waitFor(() => expect(pool.evaluating).toBe(1), { timeout: 20_000 });
      stuck.out.destroy(); // the client closed the connection
      await stuck.written;
      await vi.waitFor(() => expect(pool.stats).toMatchObject({ abandoned: 1, ended: 1 }));
      expect(pool.evaluating).toBe(0);

      const next = await ask(pool, '~b aaaa');
      await next.written;
      expect(lines(next.text()).at(-1)).toEqual({ done: true, scanned: 63, truncated: false });
      expect(pool.stats).toMatchObject({ started: 2, overBudget: 0 });
    } finally {
      pool.close();
    }
  });

  it('another answer is given while one is stuck in a thread (two threads)', async () => {
    const pool = new FilterPool({ threads: 2, budgetMs: 600_000, abortGraceMs: 50 });
    try {
      const stuck = await ask(pool, BACKTRACKS);
      await vi.waitFor(() => expect(pool.evaluating).toBe(1), { timeout: 20_000 });
      const other = await ask(pool, '~h x-dup | ~b aaaa');
      await other.written;
      const otherLines = lines(other.text()).map((line) => TrafficMatchLineSchema.parse(line));
      expect(otherLines.at(-1)).toEqual({ done: true, scanned: 63, truncated: false });
      expect(otherLines.flatMap((line) => ('ids' in line ? line.ids : []))).toContain('p-run');
      // the stuck one is still at its batch
      expect(pool.evaluating).toBe(1);
      stuck.out.destroy();
      await stuck.written;
      expect(pool.stats.overBudget).toBe(0);
    } finally {
      pool.close();
    }
  });

  it('answers one after the other in one thread: each its own lines (no reply taken for another)', async () => {
    const pool = new FilterPool({ threads: 1 });
    try {
      // a body filter after another: its thread loads the brotli decoder before it answers
      const asks = [
        ['~d admin\\.test', ['p-header']],
        ['~b aaaa', ['p-run']],
      ] as const;
      const answers: TrafficAnswer[] = [];
      for (let round = 0; round < 6; round++)
        answers.push((await temp.store.answer('cap', undefined, [], 'full'))!);
      for (let round = 0; round < 6; round++) {
        const [filter, ids] = asks[round % 2]!;
        // asked at once after the one before ends (its thread's messages still on the way)
        const answer = start(pool, filter, answers[round]!);
        await answer.written;
        const all = lines(answer.text()).map((line) => TrafficMatchLineSchema.parse(line));
        expect(all.flatMap((line) => ('ids' in line ? line.ids : []))).toEqual(ids);
        expect(all.at(-1)).toEqual({ done: true, scanned: 63, truncated: false });
      }
      expect(pool.stats.started).toBe(1);
    } finally {
      pool.close();
    }
  });

  it('a thread nobody filters with for a while is ended (its memory given back); the next answer starts a fresh one', async () => {
    const pool = new FilterPool({ threads: 1, idleMs: 50 });
    try {
      const first = await ask(pool, '~h content-type');
      await first.written;
      expect(TrafficMatchLineSchema.parse(lines(first.text()).at(-1))).toMatchObject({
        done: true,
      });
      await vi.waitFor(() => expect(pool.stats).toMatchObject({ idleEnded: 1, ended: 1 }));
      const next = await ask(pool, '~h content-type');
      await next.written;
      expect(lines(next.text()).at(-1)).toEqual(lines(first.text()).at(-1));
      expect(pool.stats.started).toBe(2);
    } finally {
      pool.close();
    }
  });

  it('a thread is ended soon after a large answer (not after the long idle time); the next filter opens a fresh one', async () => {
    // every answer over this capture is "large" (1 byte); idle threads would live for 10 minutes
    const pool = new FilterPool({
      threads: 1,
      idleMs: 600_000,
      largeAnswerBytes: 1,
      largeIdleMs: 50,
    });
    try {
      const first = await ask(pool, '~b aaaa');
      await first.written;
      await vi.waitFor(() => expect(pool.stats).toMatchObject({ idleEnded: 1, ended: 1 }));
      const next = await ask(pool, '~b aaaa');
      await next.written;
      expect(lines(next.text())).toEqual(lines(first.text()));
      expect(lines(next.text()).at(-1)).toEqual({ done: true, scanned: 63, truncated: false });
      expect(pool.stats.started).toBe(2);
    } finally {
      pool.close();
    }
  });

  it('threads run the bundled script, and give the lines the thread under tsx gives', async () => {
    const bundled = new FilterPool({ threads: 1 });
    const underTsx = new FilterPool({ threads: 1, bundled: false });
    try {
      const plain = await ask(bundled, '~h x-dup | ~b aaaa');
      await plain.written;
      expect(bundled.script).toEqual(expect.stringContaining('parentPort'));
      const tsx = await ask(underTsx, '~h x-dup | ~b aaaa');
      await tsx.written;
      expect(underTsx.script).toBeNull();
      expect(lines(plain.text())).toEqual(lines(tsx.text()));
      expect(lines(plain.text()).at(-1)).toEqual({ done: true, scanned: 63, truncated: false });
    } finally {
      bundled.close();
      underTsx.close();
    }
  });

  it('an answer over budget waits for no one: the error line, the thread ended', async () => {
    const pool = new FilterPool({ threads: 1, budgetMs: 300 });
    try {
      const stuck = await ask(pool, BACKTRACKS);
      await stuck.written;
      const last = TrafficMatchErrorSchema.parse(lines(stuck.text()).at(-1));
      expect(last.error).toContain('over 300 milliseconds for 63 flows');
      expect(last.error).toContain('Nothing was matched past flow 0.');
      expect(pool.stats).toMatchObject({ overBudget: 1, ended: 1 });
    } finally {
      pool.close();
    }
  });
});
