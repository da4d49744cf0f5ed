/**
 * The same capture read two ways, through the viewer's real load path
 * (session → worker core → store, the API module, `fetch`): from a platform
 * with the traffic extensions (`?view=summary`, whole flows by id) and from
 * one without (whole document, no flow route). Rows, details, filter results
 * (bodies and headers too), HAR exports and live updates must be the same;
 * with the extension no body travels until something needs it.
 */
import { gzipSync } from 'node:zlib';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flowSummary } from '@shared/capture/summary';
import { matchBatch, MatchTally, prepareFilter } from '@shared/capture/filter/batch';
import { DEFAULT_FLAG_PATTERN } from '@shared/capture/filter/flagPattern';
import { FilterSyntaxError, parseFilter } from '@shared/capture/filter/parse';
import { SUMMARY_ROW_FIELDS, summaryRowOrObject } from '@shared/capture/summaryRows';
import type { Flow } from '@shared/schemas';
import { readStream } from '../../api/traffic';
import type { ApiScope } from '../../api/scope';
import { seenRequests, server, setupMswServer } from '../../test/msw';
import {
  instanceCaptureRemote,
  openInstanceCapture,
  SUMMARY_ROWS,
} from './hooks/useInstanceCapture';
import { TrafficSession } from './session';
import { bytesBody, makeFlow, textBody } from '@shared/capture/testFlows';
import { filtered, InThreadWorker, until } from './testSession';
import { WHOLE_BY_ID_LIMIT } from './worker/wholeFlows';

setupMswServer();

const scope: ApiScope = { competitionId: '', scoped: false };
/** each platform has its own instance (both answer in the same test) */
const instanceOf = (extensions: boolean) => (extensions ? 'inst-on' : 'inst-off');

/** A varied capture: bodies (text, gzip, binary), headers, errors, a WebSocket, a flag. */
function capture(count: number): Flow[] {
  const flows: Flow[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 6;
    const id = `f-${i}`;
    const time = 1_800_000_000 + i;
    if (kind === 0)
      flows.push(
        makeFlow({
          id,
          time,
          method: 'POST',
          path: `/login?n=${i}`,
          reqHeaders: [
            ['Content-Type', 'application/json'],
            ['X-Probe', `probe-${i}`],
          ],
          reqBody: textBody(JSON.stringify({ user: `u${i}`, secret: `s3cret-${i}` })),
          resHeaders: [['Content-Type', 'application/json']],
          resBody: textBody(`{"ok":true,"token":"tok-${i}"}`),
        }),
      );
    else if (kind === 1)
      flows.push(
        makeFlow({
          id,
          time,
          path: `/gzip/${i}`,
          resHeaders: [
            ['Content-Type', 'text/plain'],
            ['Content-Encoding', 'gzip'],
          ],
          resBody: bytesBody(new Uint8Array(gzipSync(`zipped ctfy{flag_${i}} text`))),
        }),
      );
    else if (kind === 2)
      flows.push(makeFlow({ id, time, path: `/missing/${i}`, status: 404, resBody: textBody('') }));
    else if (kind === 3)
      flows.push(makeFlow({ id, time, path: `/crash/${i}`, status: null, error: 'reset' }));
    else if (kind === 4)
      flows.push(
        makeFlow({
          id,
          time,
          path: `/ws/${i}`,
          status: 101,
          websocket: {
            messages: [
              { from_client: true, type: 'text', content: textBody('hello'), timestamp: time },
              { from_client: false, type: 'text', content: textBody(`echo ${i}`), timestamp: time },
            ],
            close_code: 1000,
          },
        }),
      );
    else
      flows.push(
        makeFlow({
          id,
          time,
          path: `/bin/${i}`,
          resHeaders: [
            ['Content-Type', 'application/octet-stream'],
            ['Set-Cookie', `sid=${i}`],
          ],
          resBody: bytesBody(new Uint8Array([0, 1, 2, i % 256, 255])),
        }),
      );
  }
  return flows;
}

/**
 * How the platform with the extensions sends summaries: as objects (a
 * platform without the rows extension ignores `layout=rows`) or as rows.
 * Every test runs with each.
 */
let layout: 'objects' | 'rows' = 'objects';

/**
 * How the platform with the extensions answers `traffic/matches`: the
 * NDJSON of `server/http/trafficFilter.ts` (batches of `MATCH_BATCH`
 * flows, evaluated by the shared filter language with the platform's flag
 * pattern), no such route (404, a platform without that extension), or
 * `refuse`: a 422 for expressions containing `secret` (a platform whose
 * language differs).
 */
let matchesRoute: 'ndjson' | 'missing' | 'refuse' = 'ndjson';
const MATCH_BATCH = 7;
/** the flag pattern the fake platform's `/settings` sends (and its `~flag` uses) */
const PLATFORM_FLAG_PATTERN = DEFAULT_FLAG_PATTERN;

/** The NDJSON lines the platform sends for `filter` over `flows`, or a 422 message. */
async function matchLines(flows: Flow[], filter: string): Promise<string[] | { refused: string }> {
  let node;
  try {
    node = parseFilter(filter, { flagPattern: new RegExp(PLATFORM_FLAG_PATTERN, 'gu') });
  } catch (e) {
    if (!(e instanceof FilterSyntaxError)) throw e;
    return { refused: `${e.message} (at character ${e.position + 1} of the filter)` };
  }
  await prepareFilter(node);
  const tally = new MatchTally();
  const lines: string[] = [];
  for (let from = 0; from < flows.length; from += MATCH_BATCH) {
    const batch = flows.slice(from, from + MATCH_BATCH);
    const { ids, dropped } = tally.add(batch, matchBatch(node, batch));
    lines.push(
      JSON.stringify({ scanned: tally.scanned, ids, ...(dropped.length ? { dropped } : {}) }) +
        '\n',
    );
  }
  lines.push(JSON.stringify({ done: true, scanned: tally.scanned, truncated: false }) + '\n');
  return lines;
}

/** NDJSON sent a line a chunk (as the platform writes it, batch by batch). */
function ndjson(lines: string[], onCancel?: () => void, hang = false): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const line of lines) controller.enqueue(encoder.encode(line));
      if (!hang) controller.close();
    },
    cancel() {
      onCancel?.();
    },
  });
  return new HttpResponse(stream, { headers: { 'Content-Type': 'application/x-ndjson' } });
}

/**
 * The platform's traffic routes over `flows` (changed in place by a test):
 * with `extensions`, `?view=summary` and `/traffic/flows/{id}` as the local
 * platform answers them; without, `view` is ignored and there is no flow
 * route. The cursor is the number of flows sent; `dirty` flows are sent
 * again after it.
 */
function platform(flows: Flow[], extensions: boolean, dirty: Set<string>) {
  const instance = instanceOf(extensions);
  server.use(
    http.get(`/api/instances/${instance}/traffic`, ({ request }) => {
      const url = new URL(request.url);
      const summary = extensions && url.searchParams.get('view') === 'summary';
      const rows = summary && layout === 'rows' && url.searchParams.get('layout') === 'rows';
      const since = extensions ? url.searchParams.get('since') : null;
      let sent = flows;
      if (since !== null) sent = flows.filter((f, i) => i >= Number(since) || dirty.has(f.id));
      const doc: Record<string, unknown> = { format: 'ctfy-traffic/1', instance_id: instance };
      if (since !== null) doc.since = since;
      if (summary) doc.view = 'summary';
      if (rows) {
        // as the local platform writes them: the head names the fields, one row a line
        doc.layout = 'rows';
        doc.fields = SUMMARY_ROW_FIELDS;
        const head = JSON.stringify({ ...doc, flows: [] }).slice(0, -2);
        const lines = sent.map((f) => JSON.stringify(summaryRowOrObject(f)) + '\n');
        const tail = extensions ? `,"cursor":${JSON.stringify(String(flows.length))}}` : '}';
        return new HttpResponse(`${head}${lines.join(',')}]${tail}`, {
          headers: { 'Content-Type': 'application/json' },
        });
      }
      doc.flows = summary ? sent.map((f) => flowSummary(f)) : sent;
      if (extensions) doc.cursor = String(flows.length);
      return HttpResponse.json(doc);
    }),
    http.get(`/api/instances/${instance}/traffic/matches`, async ({ request }) => {
      if (!extensions || matchesRoute === 'missing')
        return HttpResponse.json({ detail: 'Not Found' }, { status: 404 });
      const filter = new URL(request.url).searchParams.get('filter') ?? '';
      const lines = await matchLines(flows, filter);
      if ('refused' in lines || (matchesRoute === 'refuse' && filter.includes('secret')))
        return HttpResponse.json(
          {
            detail:
              'refused' in lines ? lines.refused : 'Unknown word (at character 4 of the filter)',
          },
          { status: 422 },
        );
      return ndjson(lines);
    }),
    http.get(`/api/instances/${instance}/traffic/flows/:flowId`, ({ params }) => {
      const flow = extensions ? flows.findLast((f) => f.id === params.flowId) : undefined;
      return flow
        ? HttpResponse.json(flow)
        : HttpResponse.json({ detail: 'Not found' }, { status: 404 });
    }),
  );
}

type Opened = Awaited<ReturnType<typeof open>>;

/** Opens the capture as the page does, and asks for more as Live does. */
async function open(flows: Flow[], extensions: boolean, dirty = new Set<string>()) {
  platform(flows, extensions, dirty);
  const instance = instanceOf(extensions);
  const session = new TrafficSession({}, () => new InThreadWorker() as unknown as Worker);
  session.setRemote(instanceCaptureRemote(scope, instance));
  // as the viewer does with the platform's `/settings` (the extensions one sends it)
  if (extensions) session.setFlagPattern(PLATFORM_FLAG_PATTERN, true);
  const signal = new AbortController().signal;
  const stream = await openInstanceCapture(scope, instance, signal);
  let { cursor } = await session.loadStream((on) => readStream(stream, on, signal), false);
  await until(session, () => session.getSnapshot().view?.length === flows.length);
  const refresh = async () => {
    const { openTrafficStream } = await import('../../api/traffic');
    const next = await openTrafficStream(scope, instance, { since: cursor, ...SUMMARY_ROWS });
    ({ cursor } = await session.loadStream((on) => readStream(next, on), true));
  };
  return { session, refresh };
}

const trafficRequests = () =>
  seenRequests.filter((r) => new URL(r.url).pathname.includes('/traffic'));
const matchRequests = () =>
  trafficRequests().filter((r) => new URL(r.url).pathname.endsWith('/traffic/matches'));
const bodyRequests = () =>
  trafficRequests().filter((r) => {
    const url = new URL(r.url);
    if (url.pathname.endsWith('/traffic/matches')) return false;
    return url.pathname.includes('/flows/') || url.searchParams.get('view') !== 'summary';
  });

const FILTERS = [
  '',
  '~m POST',
  '~c 404',
  '~t json',
  '~e',
  '~websocket',
  '~b s3cret-1',
  '~bq secret',
  '~bs token',
  '~b flag_7',
  '~h probe-6',
  '~hq X-Probe',
  '~hs Set-Cookie',
  '~flag',
  '!~b s3cret & ~u /login',
  'gzip | ~bs tok-12',
];

/** Combined expressions: the platform must give what the local evaluator gives over whole flows. */
const COMBINED = [
  '~m POST & ~b flag',
  '!~h cookie',
  '~c 404 | ~hs set-cookie',
  '!(~b s3cret | ~websocket)',
  '~u /login & !~bq s3cret-1',
  '~b ctfy & ~hs Content-Encoding',
  '~flag | ~e',
];

let sessions: TrafficSession[] = [];
afterEach(() => {
  for (const s of sessions) s.dispose();
  sessions = [];
});
async function both(count: number): Promise<{ on: Opened; off: Opened; flows: Flow[] }> {
  const flows = capture(count);
  const off = await open(flows, false);
  const on = await open(flows, true);
  sessions.push(on.session, off.session);
  return { on, off, flows };
}

describe.each(['objects', 'rows'] as const)(
  'the viewer with and without the summaries extension (summaries as %s)',
  (sent) => {
    beforeEach(() => {
      layout = sent;
      matchesRoute = 'ndjson';
    });

    it('lists the same rows, and without the extension asks once for whole flows only', async () => {
      const flows = capture(30);
      const off = await open(flows, false);
      sessions.push(off.session);
      const offRows = off.session.getSnapshot().rows;
      expect(trafficRequests()).toHaveLength(1);
      seenRequests.length = 0;
      const on = await open(flows, true);
      sessions.push(on.session);
      expect(on.session.getSnapshot().rows).toEqual(offRows);
      expect(offRows.map((r) => r.id)).toEqual(flows.map((f) => f.id));
      // the list came from summaries alone: no body crossed the network
      expect(trafficRequests()).toHaveLength(1);
      expect(bodyRequests()).toHaveLength(0);
    });

    it('shows the same details; with the extension each opened flow is fetched once', async () => {
      const { on, off, flows } = await both(24);
      seenRequests.length = 0;
      for (let i = 0; i < flows.length; i++) {
        const [a, b] = await Promise.all([on.session.details(i), off.session.details(i)]);
        expect(a).not.toBeNull();
        expect(a).toEqual(b);
        expect(a!.flow).toEqual(flows[i]);
      }
      const fetched = bodyRequests().map((r) => new URL(r.url).pathname);
      expect(fetched).toHaveLength(flows.length);
      expect(fetched.every((p) => p.includes('/traffic/flows/'))).toBe(true);
      // opened again: kept by the worker, not fetched again
      await on.session.details(3);
      await on.session.details(7);
      expect(bodyRequests()).toHaveLength(flows.length);
    });

    it('a failed flow fetch rejects (the panel shows it with Retry) and the retry works', async () => {
      const { on, flows } = await both(6);
      server.use(
        http.get('/api/instances/inst-on/traffic/flows/:flowId', () =>
          HttpResponse.json({ detail: 'gone for now' }, { status: 404 }),
        ),
      );
      await expect(on.session.details(0)).rejects.toThrow();
      server.resetHandlers();
      platform(flows, true, new Set());
      await expect(on.session.details(0)).resolves.toMatchObject({ flow: flows[0] });
    });

    it(`asks the platform (traffic/matches) for header, body and flag filters: the same rows as whole flows, no body fetched`, async () => {
      const { on, off } = await both(WHOLE_BY_ID_LIMIT + 30);
      seenRequests.length = 0;
      const asked: string[] = [];
      for (const filter of [...FILTERS, ...COMBINED]) {
        const [a, b] = [await filtered(on.session, filter), await filtered(off.session, filter)];
        expect(a, filter).toEqual(b);
        if (/~[hb]|~flag/u.test(filter)) asked.push(filter);
      }
      expect(await filtered(off.session, '~m POST & ~b flag')).toEqual([]);
      expect(await filtered(off.session, '!~h cookie')).not.toHaveLength(0);
      // the whole expression went to the platform, once each; no body crossed the network
      expect(matchRequests().map((r) => new URL(r.url).searchParams.get('filter'))).toEqual(asked);
      expect(bodyRequests()).toHaveLength(0);
      // cached per filter: asked again (a sort change, going back) it is not sent again
      on.session.setSort({ key: 'time', descending: true });
      off.session.setSort({ key: 'time', descending: true });
      for (const filter of ['~b ctfy & ~hs Content-Encoding', '!~h cookie', '~flag | ~e']) {
        const [a, b] = [await filtered(on.session, filter), await filtered(off.session, filter)];
        expect(a, filter).toEqual(b);
      }
      expect(matchRequests()).toHaveLength(asked.length);
      // the Flags panel still reads whole flows
      expect(await on.session.flags()).toEqual(await off.session.flags());
    });

    it('rows show as the platform answers, with progress; a newer filter stops the older request', async () => {
      const { on, off, flows } = await both(40);
      let cancelled!: () => void;
      const stopped = new Promise<void>((resolve) => (cancelled = resolve));
      server.use(
        http.get('/api/instances/inst-on/traffic/matches', async ({ request }) => {
          const lines = await matchLines(flows, new URL(request.url).searchParams.get('filter')!);
          if ('refused' in lines) throw new Error(lines.refused);
          request.signal.addEventListener('abort', () => cancelled());
          // two batches, then the platform is still reading
          return ndjson(lines.slice(0, 2), () => cancelled(), true);
        }),
      );
      const all = await filtered(off.session, '~b s3cret');
      on.session.setFilter('~b s3cret');
      await until(on.session, () => {
        const s = on.session.getSnapshot();
        return (
          s.viewFilter === '~b s3cret' &&
          (s.view?.length ?? 0) > 0 &&
          s.wholeFlows.state === 'loading' &&
          s.wholeFlows.flows?.done === 2 * MATCH_BATCH
        );
      });
      const snap = on.session.getSnapshot();
      expect(snap.wholeFlows).toEqual({
        state: 'loading',
        flows: { done: 14, total: 40 },
        bytes: 0,
        where: 'platform',
      });
      const shown = Array.from(snap.view!, (i) => snap.rows[i]!.id);
      expect(shown.every((id) => all.includes(id) && Number(id.slice(2)) < 14)).toBe(true);
      expect(all.some((id) => Number(id.slice(2)) >= 14)).toBe(true);
      // a newer filter: the older request stops, the new one is answered
      expect(await filtered(on.session, '~m POST')).toEqual(await filtered(off.session, '~m POST'));
      await stopped;
      expect(on.session.getSnapshot().wholeFlows).toEqual({ state: 'idle' });
      // asked again: the rows shown while the answer came are not kept as its answer
      on.session.setFilter('~b s3cret');
      expect(on.session.getSnapshot().viewFilter).toBe('~m POST');
    });

    it('a 422 from the platform is the filter error; the rows shown stay', async () => {
      const { on, off } = await both(20);
      matchesRoute = 'refuse';
      const before = await filtered(on.session, '~b token');
      expect(before).toEqual(await filtered(off.session, '~b token'));
      on.session.setFilter('~b secret');
      await until(on.session, () => on.session.getSnapshot().filterError !== null);
      const snap = on.session.getSnapshot();
      expect(snap.filterError).toEqual({
        message: 'Unknown word (at character 4 of the filter)',
        position: 3,
      });
      expect(snap.filter).toBe('~b secret');
      expect(Array.from(snap.view!, (i) => snap.rows[i]!.id)).toEqual(before);
      expect(snap.wholeFlows).toEqual({ state: 'idle' });
      expect(bodyRequests()).toHaveLength(0);
    });

    it('an answer the platform ends with an error line (a pattern over its time budget) is the filter error; the rows shown stay', async () => {
      const { on, off, flows } = await both(20);
      const message =
        'The filter took too long on the platform (over 5 seconds for 7 flows): its pattern may backtrack without end, e.g. (a+)+. Nothing was matched past flow 7.';
      const before = await filtered(on.session, '~b token');
      expect(before).toEqual(await filtered(off.session, '~b token'));
      server.use(
        http.get('/api/instances/inst-on/traffic/matches', async ({ request }) => {
          const lines = await matchLines(flows, new URL(request.url).searchParams.get('filter')!);
          if ('refused' in lines) throw new Error(lines.refused);
          // one batch, then the platform gave up
          return ndjson([lines[0]!, `${JSON.stringify({ error: message })}\n`]);
        }),
      );
      on.session.setFilter('~b "(a+)+b"');
      await until(on.session, () => on.session.getSnapshot().filterError !== null);
      const snap = on.session.getSnapshot();
      expect(snap.filterError).toEqual({ message, position: 0 });
      expect(snap.filter).toBe('~b "(a+)+b"');
      expect(Array.from(snap.view!, (i) => snap.rows[i]!.id)).toEqual(before);
      expect(snap.wholeFlows).toEqual({ state: 'idle' });
      expect(bodyRequests()).toHaveLength(0);
    });

    it('a failed answer shows the error with Retry and keeps the filter; Retry asks again', async () => {
      const { on, off, flows } = await both(20);
      const before = await filtered(on.session, '~c 404');
      server.use(http.get('/api/instances/inst-on/traffic/matches', () => HttpResponse.error()));
      on.session.setFilter('~h probe-6');
      await until(on.session, () => {
        const s = on.session.getSnapshot();
        return s.wholeFlows.state === 'error' && s.filterError !== null;
      });
      let snap = on.session.getSnapshot();
      expect(snap.filter).toBe('~h probe-6');
      expect(Array.from(snap.view!, (i) => snap.rows[i]!.id)).toEqual(before);
      expect(snap.filterError?.message).toMatch(/could not be read/);
      server.resetHandlers();
      platform(flows, true, new Set());
      on.session.retryWholeFlows();
      await until(on.session, () => {
        const s = on.session.getSnapshot();
        return s.viewFilter === '~h probe-6' && s.filterError === null;
      });
      snap = on.session.getSnapshot();
      expect(Array.from(snap.view!, (i) => snap.rows[i]!.id)).toEqual(
        await filtered(off.session, '~h probe-6'),
      );
      expect(bodyRequests()).toHaveLength(0);
      // failed again, then a filter the platform is not needed for: the failure is no longer shown
      server.use(http.get('/api/instances/inst-on/traffic/matches', () => HttpResponse.error()));
      on.session.setFilter('~h probe-12');
      await until(on.session, () => on.session.getSnapshot().wholeFlows.state === 'error');
      expect(await filtered(on.session, '~c 404')).toEqual(before);
      expect(on.session.getSnapshot().wholeFlows).toEqual({ state: 'idle' });
    });

    it("~flag with a flag pattern other than the platform's reads whole flows", async () => {
      const { on, off } = await both(12);
      on.session.setFlagPattern(DEFAULT_FLAG_PATTERN, false);
      seenRequests.length = 0;
      expect(await filtered(on.session, '~flag')).toEqual(await filtered(off.session, '~flag'));
      expect(matchRequests()).toHaveLength(0);
      expect(bodyRequests()).not.toHaveLength(0);
    });

    it(`without traffic/matches (404) gives the same filter results (bodies and headers too) over more than ${WHOLE_BY_ID_LIMIT} flows: the whole document is read once`, async () => {
      matchesRoute = 'missing';
      const { on, off } = await both(WHOLE_BY_ID_LIMIT + 30);
      seenRequests.length = 0;
      for (const filter of FILTERS) {
        const [a, b] = [await filtered(on.session, filter), await filtered(off.session, filter)];
        expect(a, filter).toEqual(b);
      }
      // sanity: the body and header filters do find flows (they are not all empty)
      expect(await filtered(off.session, '~b s3cret-1')).not.toHaveLength(0);
      expect(await filtered(off.session, '~hq X-Probe')).not.toHaveLength(0);
      // the platform was asked once: a 404 is remembered for the capture
      expect(matchRequests()).toHaveLength(1);
      const whole = bodyRequests();
      expect(whole).toHaveLength(1);
      expect(new URL(whole[0]!.url).searchParams.get('view')).toBeNull();
      expect(await on.session.flags()).toEqual(await off.session.flags());
    });

    it('without traffic/matches, fetches the few flows a body filter needs one by one', async () => {
      matchesRoute = 'missing';
      const { on, off, flows } = await both(12);
      seenRequests.length = 0;
      expect(await filtered(on.session, '~b s3cret')).toEqual(
        await filtered(off.session, '~b s3cret'),
      );
      const fetched = bodyRequests().map((r) => new URL(r.url).pathname);
      expect(fetched).toHaveLength(flows.length);
      expect(fetched.every((p) => p.includes('/traffic/flows/'))).toBe(true);
    });

    it('exports the same HAR, the whole capture and a filtered selection', async () => {
      const { on, off } = await both(18);
      seenRequests.length = 0;
      const some = Int32Array.from([2, 5, 11]);
      const text = async (har: { blob: Blob; count: number }) => ({
        count: har.count,
        text: await har.blob.text(),
      });
      const [a, b] = [
        await text(await on.session.exportHar(some)),
        await text(await off.session.exportHar(some)),
      ];
      expect(a).toEqual(b);
      expect(a.count).toBe(3);
      // only the three flows exported were fetched
      expect(bodyRequests()).toHaveLength(3);
      const all = await text(await on.session.exportHar(null));
      expect(all).toEqual(await text(await off.session.exportHar(null)));
      expect(JSON.parse(all.text).log.entries).toHaveLength(18);
    });

    it('Live: flows recorded or finished after the platform answered are evaluated too (a few read whole by id, many asked again)', async () => {
      const flows = capture(20);
      // f-1 (a gzipped body with a flag) is still waiting for its response
      const pending = { ...flows[1]!, response: null, error: null };
      const onFlows = [flows[0]!, pending, ...flows.slice(2)];
      const offFlows = onFlows.slice();
      const dirty = new Set<string>();
      const on = await open(onFlows, true, dirty);
      const off = await open(offFlows, false);
      sessions.push(on.session, off.session);
      const filter = '~b ctfy | ~hq X-Probe';
      const first = await filtered(on.session, filter);
      expect(first).toEqual(await filtered(off.session, filter));
      expect(first).not.toContain('f-1');
      const ids = (s: TrafficSession) => {
        const { view, rows } = s.getSnapshot();
        return Array.from(view ?? [], (i) => rows[i]!.id);
      };
      /** Live brings `added` flows and f-1's response; both viewers show the same rows. */
      const liveUpdate = async (added: Flow[]) => {
        for (const list of [onFlows, offFlows]) {
          list[1] = flows[1]!;
          list.push(...added);
        }
        dirty.add('f-1');
        const last = added.at(-1)!.id;
        await off.refresh();
        await until(off.session, () => ids(off.session).includes(last));
        const expected = ids(off.session);
        expect(expected).toContain('f-1');
        await on.refresh();
        await until(on.session, () => {
          const s = on.session.getSnapshot();
          return s.wholeFlows.state === 'idle' && ids(on.session).join() === expected.join();
        });
      };
      const renamed = (from: number, count: number, prefix: string) =>
        capture(from + count)
          .slice(from)
          .map((f) => ({ ...f, id: `${prefix}-${f.id}` }));
      seenRequests.length = 0;
      // a few: read whole by id and evaluated here, the platform is not asked again
      await liveUpdate(renamed(20, 6, 'few'));
      expect(matchRequests()).toHaveLength(0);
      expect(bodyRequests().every((r) => new URL(r.url).pathname.includes('/flows/'))).toBe(true);
      expect(bodyRequests().length).toBeGreaterThan(0);
      seenRequests.length = 0;
      // many: the platform is asked again, no body is fetched
      await liveUpdate(renamed(26, WHOLE_BY_ID_LIMIT + 20, 'many'));
      expect(matchRequests()).toHaveLength(1);
      expect(bodyRequests()).toHaveLength(0);
    });

    it('follows live updates the same way, and an opened flow that changed is fetched again', async () => {
      const flows = capture(8);
      const dirtyOn = new Set<string>();
      const dirtyOff = new Set<string>();
      const growing = flows.slice();
      // the last flow is still waiting for its response
      const pending = { ...growing[7]!, response: null, error: null };
      const onFlows = [...growing.slice(0, 7), pending];
      const offFlows = [...growing.slice(0, 7), pending];
      const on = await open(onFlows, true, dirtyOn);
      const off = await open(offFlows, false, dirtyOff);
      sessions.push(on.session, off.session);
      const before = await on.session.details(7);
      expect(before!.flow.response).toBeNull();

      // the response arrives and two flows are new
      for (const list of [onFlows, offFlows]) {
        list[7] = growing[7]!;
        list.push(
          ...capture(10)
            .slice(8)
            .map((f, i) => ({ ...f, id: `new-${i}` })),
        );
      }
      dirtyOn.add(growing[7]!.id);
      await on.refresh();
      await off.refresh();
      await until(on.session, () => on.session.getSnapshot().view?.length === 10);
      await until(off.session, () => off.session.getSnapshot().view?.length === 10);
      expect(on.session.getSnapshot().rows).toEqual(off.session.getSnapshot().rows);
      const after = await on.session.details(7);
      expect(after).toEqual(await off.session.details(7));
      expect(after!.flow.response).not.toBeNull();
      expect(await filtered(on.session, '~b ctfy')).toEqual(await filtered(off.session, '~b ctfy'));
    });
  },
);
