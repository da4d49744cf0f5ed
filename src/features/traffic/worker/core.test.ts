import { brotliCompressSync, gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { bytesBody, makeFlow } from '@shared/capture/testFlows';
import { TrafficWorkerCore } from './core';
import type { FromWorker } from './protocol';

const enc = new TextEncoder();

function setup() {
  const messages: FromWorker[] = [];
  let clock = 0;
  const core = new TrafficWorkerCore(
    (m) => messages.push(m),
    () => clock,
  );
  const rows = () => messages.filter((m) => m.type === 'rows');
  const chunk = (loadId: number, text: string) =>
    core.handle({ type: 'stream-chunk', loadId, bytes: enc.encode(text).buffer });
  return {
    core,
    messages,
    rows,
    chunk,
    advance: (ms: number) => (clock += ms),
  };
}

function documentText(flows: unknown[], extra = '') {
  return `{"format":"ctfy-traffic/1","instance_id":"i1","flows":${JSON.stringify(flows)}${extra}}`;
}

describe('TrafficWorkerCore, streamed loads', () => {
  it('posts the first rows as soon as they are read, before the document ends', () => {
    const { core, rows, chunk } = setup();
    const flows = [makeFlow({ id: 'a' }), makeFlow({ id: 'b' }), makeFlow({ id: 'c' })];
    const text = documentText(flows, ',"cursor":"k1"');
    core.handle({ type: 'stream-start', loadId: 1, refresh: false });
    const cut = text.indexOf(',{"id":"b"') + 1;
    chunk(1, text.slice(0, cut));
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toMatchObject({ reset: true, done: false });
    expect(rows()[0]!.type === 'rows' && rows()[0]!.added.map((r) => r.id)).toEqual(['a']);

    chunk(1, text.slice(cut));
    core.handle({ type: 'stream-end', loadId: 1 });
    const last = rows().at(-1)!;
    expect(last).toMatchObject({ done: true, cursor: 'k1', truncated: false });
    expect(core.store.rows.map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it('batches later rows instead of posting every chunk', () => {
    const { core, rows, chunk, advance } = setup();
    const flows = Array.from({ length: 6 }, (_, i) => makeFlow({ id: `f${i}` }));
    const text = documentText(flows);
    core.handle({ type: 'stream-start', loadId: 1, refresh: false });
    const parts = text.split('},{');
    parts.forEach((p, i) => chunk(1, (i > 0 ? '},{' : '') + p));
    // one post for the first rows; the rest waits for the interval
    expect(rows()).toHaveLength(1);
    advance(1000);
    core.handle({ type: 'stream-end', loadId: 1 });
    expect(rows()).toHaveLength(2);
    const all = rows().flatMap((m) => (m.type === 'rows' ? m.added.map((r) => r.id) : []));
    expect(all).toEqual(flows.map((f) => f.id));
  });

  it('keeps the rows read before the connection was cut, with a warning', () => {
    const { core, rows, chunk, messages } = setup();
    const text = documentText([makeFlow({ id: 'a' }), makeFlow({ id: 'b' })]);
    core.handle({ type: 'stream-start', loadId: 1, refresh: false });
    chunk(1, text.slice(0, text.indexOf(',{"id":"b"') + 5));
    core.handle({ type: 'stream-fail', loadId: 1, message: 'The connection was cut.' });
    expect(messages.some((m) => m.type === 'load-error')).toBe(false);
    const last = rows().at(-1)!;
    expect(last).toMatchObject({ done: true, truncated: true });
    expect(last.type === 'rows' && last.warnings.join(' ')).toMatch(/connection was cut/);
    expect(core.store.rows.map((r) => r.id)).toEqual(['a']);
  });

  it('reports an error when nothing could be read', () => {
    const { core, chunk, messages } = setup();
    core.handle({ type: 'stream-start', loadId: 1, refresh: false });
    chunk(1, '<html>502 Bad Gateway</html>');
    core.handle({ type: 'stream-end', loadId: 1 });
    const last = messages.at(-1);
    if (last?.type !== 'load-error') throw new Error(`expected load-error, got ${last?.type}`);
    expect(last.loadId).toBe(1);
    expect(last.message).toMatch(/not valid JSON/);
  });

  it('says "empty" for {}', () => {
    const { core, chunk, messages } = setup();
    core.handle({ type: 'stream-start', loadId: 1, refresh: false });
    chunk(1, '{}');
    core.handle({ type: 'stream-end', loadId: 1 });
    expect(messages.at(-1)).toEqual({ type: 'empty', loadId: 1 });
  });

  it('a live refresh appends new flows and replaces changed ones, without a reset', () => {
    const { core, rows, chunk, advance } = setup();
    const pending = makeFlow({ id: 'a', status: null });
    core.handle({ type: 'stream-start', loadId: 1, refresh: false });
    chunk(1, documentText([pending, makeFlow({ id: 'b' })]));
    core.handle({ type: 'stream-end', loadId: 1 });
    expect(core.store.rows[0]!.status).toBeNull();

    const answered = { ...pending, response: makeFlow({ id: 'x' }).response };
    core.handle({ type: 'stream-start', loadId: 2, refresh: true });
    chunk(2, documentText([answered, makeFlow({ id: 'c' })], ',"since":"k1","cursor":"k2"'));
    advance(10);
    core.handle({ type: 'stream-end', loadId: 2 });
    const last = rows().at(-1)!;
    expect(last).toMatchObject({ reset: false, done: true, cursor: 'k2' });
    if (last.type !== 'rows') throw new Error('expected rows');
    expect(last.added.map((r) => r.id)).toEqual(['c']);
    expect(last.updated.map((r) => r.id)).toEqual(['a']);
    expect(core.store.rows.map((r) => [r.id, r.status])).toEqual([
      ['a', 200],
      ['b', 200],
      ['c', 200],
    ]);
  });

  it('a live refresh that brings no flow sends no view (the list is not sent again)', async () => {
    const { core, messages, chunk, advance } = setup();
    const views = () => messages.filter((m) => m.type === 'view');
    core.handle({ type: 'stream-start', loadId: 1, refresh: false });
    chunk(1, documentText([makeFlow({ id: 'a' }), makeFlow({ id: 'b' })]));
    core.handle({ type: 'stream-end', loadId: 1 });
    await vi.waitFor(() => expect(views().length).toBeGreaterThan(0));
    const before = views().length;

    core.handle({ type: 'stream-start', loadId: 2, refresh: true });
    chunk(2, documentText([], ',"since":"k1","cursor":"k1"'));
    advance(10);
    core.handle({ type: 'stream-end', loadId: 2 });
    // a refresh that does bring a flow: its view comes after any the empty one sent
    core.handle({ type: 'stream-start', loadId: 3, refresh: true });
    chunk(3, documentText([makeFlow({ id: 'c' })], ',"since":"k1","cursor":"k2"'));
    advance(10);
    core.handle({ type: 'stream-end', loadId: 3 });
    await vi.waitFor(() => {
      const last = views().at(-1);
      expect(last?.type === 'view' && last.total).toBe(3);
    });
    expect(views().length).toBe(before + 1);
  });

  it('ignores chunks of a load that a newer one replaced, and a cancel says nothing', () => {
    const { core, chunk, messages } = setup();
    core.handle({ type: 'stream-start', loadId: 1, refresh: false });
    core.handle({ type: 'stream-start', loadId: 2, refresh: false });
    chunk(1, documentText([makeFlow({ id: 'old' })]));
    core.handle({ type: 'stream-end', loadId: 1 });
    expect(messages).toEqual([]);
    core.handle({ type: 'stream-cancel', loadId: 2 });
    expect(messages).toEqual([]);
    expect(core.store.rows).toEqual([]);
  });

  it('names a malformed flow by its place in the whole document', () => {
    const { core, chunk, rows } = setup();
    core.handle({ type: 'stream-start', loadId: 1, refresh: false });
    const text = documentText([makeFlow({ id: 'a' }), makeFlow({ id: 'b' }), { id: 'bad' }]);
    const cut = text.indexOf(',{"id":"b"') + 1;
    chunk(1, text.slice(0, cut));
    chunk(1, text.slice(cut));
    core.handle({ type: 'stream-end', loadId: 1 });
    const last = rows().at(-1)!;
    expect(last.type === 'rows' && last.warnings.join(' ')).toMatch(/flows\[2\]\./);
  });
});

describe('TrafficWorkerCore, queries', () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const sort = { key: 'time', descending: false } as const;

  it('says which filter each view answers, the last valid one after a syntax error', async () => {
    const { core, messages, chunk } = setup();
    const flows = [makeFlow({ status: 404 }), makeFlow({ status: 200 })];
    core.handle({ type: 'stream-start', loadId: 1, refresh: false });
    chunk(1, documentText(flows));
    core.handle({ type: 'stream-end', loadId: 1 });
    const views = () => messages.filter((m) => m.type === 'view');

    core.handle({ type: 'query', seq: 1, filter: '~c 404', sort, range: null });
    await tick();
    expect(views().at(-1)).toMatchObject({ seq: 1, filter: '~c 404', error: null });
    expect(views().at(-1)!.type === 'view' && views().at(-1)!.indices?.length).toBe(1);

    core.handle({ type: 'query', seq: 2, filter: '~c (', sort, range: null });
    await tick();
    expect(views().at(-1)).toMatchObject({ seq: 2, filter: '~c 404', indices: null });
    expect(views().at(-1)!.type === 'view' && views().at(-1)!.error?.position).toBe(3);
  });
});

describe('TrafficWorkerCore, HAR export (issue 13 item 12)', () => {
  it('writes gzip and brotli responses decoded, as HAR 1.2 says', async () => {
    const { core, messages, chunk } = setup();
    const json = JSON.stringify({ compressed: true, pad: 'y'.repeat(300) });
    const coded = (coding: string, bytes: Uint8Array) =>
      makeFlow({
        path: `/${coding}`,
        resHeaders: [
          ['Content-Type', 'application/json'],
          ['Content-Encoding', coding],
        ],
        resBody: bytesBody(bytes),
      });
    const gz = new Uint8Array(gzipSync(json));
    const br = new Uint8Array(brotliCompressSync(json));
    core.handle({ type: 'stream-start', loadId: 1, refresh: false });
    chunk(1, documentText([coded('gzip', gz), coded('br', br)]));
    core.handle({ type: 'stream-end', loadId: 1 });

    core.handle({ type: 'export-har', requestId: 7, indices: null });
    const har = await vi.waitFor(
      () => {
        const answer = messages.find((m) => m.type === 'har' || m.type === 'har-error');
        if (!answer) throw new Error('no answer yet');
        return answer;
      },
      { timeout: 10_000 },
    );
    if (har.type !== 'har') throw new Error(`export failed: ${JSON.stringify(har)}`);
    expect(har).toMatchObject({ requestId: 7, count: 2 });
    const doc = JSON.parse(await har.blob.text()) as {
      log: { entries: { response: { bodySize: number; content: Record<string, unknown> } }[] };
    };
    const size = new TextEncoder().encode(json).length;
    expect(doc.log.entries.map((e) => e.response.content)).toEqual([
      { size, compression: size - gz.length, mimeType: 'application/json', text: json },
      { size, compression: size - br.length, mimeType: 'application/json', text: json },
    ]);
    expect(doc.log.entries.map((e) => e.response.bodySize)).toEqual([gz.length, br.length]);
  });
});

describe('TrafficWorkerCore, files the user opened', () => {
  /** waits for a state of the core's posts (the file is read asynchronously) */
  async function until(check: () => boolean) {
    await vi.waitFor(() => expect(check()).toBe(true), { timeout: 10_000, interval: 1 });
  }

  it('reads a mitmproxy dump in slices: rows of the first slice first, then all, as parseMitmFile', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseMitmFile } = await import('@shared/capture/mitm');
    const fixture = new Uint8Array(readFileSync('e2e/fixtures/mitmproxy-8.1.1.mitm'));
    // 400 KB: more than the first slice (256 KB)
    const copies = Math.ceil(400_000 / fixture.length);
    const bytes = new Uint8Array(fixture.length * copies);
    for (let i = 0; i < copies; i++) bytes.set(fixture, i * fixture.length);
    const { core, rows } = setup();
    core.handle({ type: 'load-file', loadId: 1, file: new Blob([bytes]), name: 'x.mitm' });
    await until(() => rows().some((m) => m.type === 'rows' && m.done));
    const posts = rows();
    expect(posts.length).toBeGreaterThan(2); // first slice, the rest, the end
    expect(posts[0]).toMatchObject({ reset: true, done: false });
    expect(posts.at(-1)).toMatchObject({ done: true, truncated: false });
    const ids = parseMitmFile(bytes).flows.map((f) => f.id);
    // the same flow ids repeat in the copies: the store keeps one row per id
    expect(core.store.rows.map((r) => r.id)).toEqual([...new Set(ids)]);
  });

  it('reads JSON whole, and a newer file load takes over from an older one', async () => {
    const { core, rows, messages } = setup();
    const json = documentText([makeFlow({ id: 'j1' }), makeFlow({ id: 'j2' })]);
    core.handle({
      type: 'load-file',
      loadId: 1,
      file: new Blob(['9:not a flow,']),
      name: 'a.mitm',
    });
    core.handle({ type: 'load-file', loadId: 2, file: new Blob([json]), name: 'b.json' });
    await until(() => rows().some((m) => m.type === 'rows' && m.done));
    expect(core.store.rows.map((r) => r.id)).toEqual(['j1', 'j2']);
    expect(messages.some((m) => m.type === 'load-error')).toBe(false);
    core.handle({
      type: 'load-file',
      loadId: 3,
      file: new Blob(['9:not a flow,']),
      name: 'c.mitm',
    });
    await until(() => messages.some((m) => m.type === 'load-error'));
    expect(messages.find((m) => m.type === 'load-error')).toMatchObject({
      loadId: 3,
      message: expect.stringMatching(/Not a mitmproxy capture/),
    });
  });
});

describe('TrafficWorkerCore, a body filter over a file the user opened', () => {
  const sort = { key: 'time', descending: false } as const;

  it('shows the rows found in the first slices while the rest of the file is searched, then all', async () => {
    const { readFileSync } = await import('node:fs');
    const { encodeTnetstring, readTnetstrings } = await import('@shared/capture/tnetstring');
    const { concatBytes } = await import('@shared/capture/testFlows');
    const fixture = new Uint8Array(readFileSync('e2e/fixtures/mitmproxy-8.1.1.mitm'));
    const original = readTnetstrings(fixture)[0] as Record<string, unknown>;
    // 60 flows with 300 KB bodies: 18 MB, so the scan reads it in three 8 MB slices;
    // every third body has the word the filter looks for
    const records: Uint8Array[] = [];
    const wanted: string[] = [];
    for (let n = 0; n < 60; n++) {
      const flow = structuredClone(original);
      const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      flow.id = id;
      const response = flow.response as Record<string, unknown>;
      response.headers = [[enc.encode('content-type'), enc.encode('text/plain')]];
      const word = n % 3 === 0 ? 'needle' : 'hay';
      response.content = enc.encode(`${word} `.repeat(300_000 / (word.length + 1)));
      if (n % 3 === 0) wanted.push(id);
      records.push(encodeTnetstring(flow));
    }
    const { core, messages } = setup();
    core.handle({
      type: 'load-file',
      loadId: 1,
      file: new Blob([concatBytes(records) as Uint8Array<ArrayBuffer>]),
      name: 'big.mitm',
    });
    await vi.waitFor(() => expect(messages.some((m) => m.type === 'rows' && m.done)).toBe(true), {
      timeout: 10_000,
      interval: 1,
    });
    expect(core.store.rows).toHaveLength(60);
    core.handle({ type: 'query', seq: 1, filter: '~bs needle', sort, range: null });
    const views = () =>
      messages.filter(
        (m): m is Extract<FromWorker, { type: 'view' }> => m.type === 'view' && m.seq === 1,
      );
    await vi.waitFor(() => expect(views().some((v) => !v.partial)).toBe(true), {
      timeout: 20_000,
      interval: 1,
    });
    const idsOf = (v: Extract<FromWorker, { type: 'view' }>) =>
      [...v.indices!].map((i) => core.store.rows[i]!.id);
    const [first] = views();
    // the first view: the rows of the first slice only, said to be partial
    expect(first!.partial).toBe(true);
    expect(idsOf(first!).length).toBeGreaterThan(0);
    expect(idsOf(first!).length).toBeLessThan(wanted.length);
    expect(wanted).toEqual(expect.arrayContaining(idsOf(first!)));
    const last = views().at(-1)!;
    expect(last.partial).toBeUndefined();
    expect(idsOf(last)).toEqual(wanted);
  });
});
