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
const bodyRequests = () =>
  trafficRequests().filter((r) => {
    const url = new URL(r.url);
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

    it(`gives the same filter results (bodies and headers too) over more than ${WHOLE_BY_ID_LIMIT} flows: the whole document is read once`, async () => {
      const { on, off } = await both(WHOLE_BY_ID_LIMIT + 30);
      seenRequests.length = 0;
      for (const filter of FILTERS) {
        const [a, b] = [await filtered(on.session, filter), await filtered(off.session, filter)];
        expect(a, filter).toEqual(b);
      }
      // sanity: the body and header filters do find flows (they are not all empty)
      expect(await filtered(off.session, '~b s3cret-1')).not.toHaveLength(0);
      expect(await filtered(off.session, '~hq X-Probe')).not.toHaveLength(0);
      const whole = bodyRequests();
      expect(whole).toHaveLength(1);
      expect(new URL(whole[0]!.url).searchParams.get('view')).toBeNull();
      expect(await on.session.flags()).toEqual(await off.session.flags());
    });

    it('fetches the few flows a body filter needs one by one', async () => {
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
      const [a, b] = [await on.session.exportHar(some), await off.session.exportHar(some)];
      expect(a).toEqual(b);
      expect(a.count).toBe(3);
      // only the three flows exported were fetched
      expect(bodyRequests()).toHaveLength(3);
      expect(await on.session.exportHar(null)).toEqual(await off.session.exportHar(null));
      expect(JSON.parse((await on.session.exportHar(null)).text).log.entries).toHaveLength(18);
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
