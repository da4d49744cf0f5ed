import { appendFileSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaptureStore } from './captures';
import { MITMDUMP_PATH } from './index';
import { attachmentContext, testRuntime, waitGroupGone } from './testkit';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

const FIXTURE = resolve(HERE, '../../e2e/fixtures/mitmproxy-8.1.1.mitm');

describe('captures on disk', () => {
  const t = testRuntime();
  afterAll(() => t.cleanup());

  it('returns null when there is no capture', async () => {
    expect(await t.runtime.traffic('nothing-here')).toBeNull();
  });

  it('reads a dropped .mitm file and parses it once per version', async () => {
    const store = new CaptureStore(t.dataDir);
    copyFileSync(FIXTURE, store.mitmPath('dropped'));
    const first = (await store.read('dropped'))!;
    expect(first.length).toBe(10);
    expect(first.map((f) => f.request.path)).toContain('/gzip');
    // same mtime and size: the cached parse, not a new one
    expect(await store.read('dropped')).toBe(first);
    expect(await new CaptureStore(t.dataDir).read('dropped')).not.toBe(first);
    // a changed file is parsed again
    writeFileSync(store.mitmPath('dropped'), Buffer.alloc(0));
    expect(await store.read('dropped')).toEqual([]);
  });

  it('serves a .mitm through the runtime in preference to the jsonl', async () => {
    const dir = join(t.dataDir, 'captures');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'both.jsonl'), '{"id":"x"}\n');
    copyFileSync(FIXTURE, join(dir, 'both.mitm'));
    expect((await t.runtime.traffic('both'))!.length).toBe(10);
  });

  it('skips a jsonl line cut by a crash', async () => {
    const dir = join(t.dataDir, 'captures');
    writeFileSync(join(dir, 'cut.jsonl'), '{"id":"a","type":"http"}\n{"id":"b","ty');
    expect((await t.runtime.traffic('cut'))!.map((f) => f.id)).toEqual(['a']);
  });
});

describe.skipIf(!existsSync(MITMDUMP_PATH))('mitmdump mode', () => {
  const t = testRuntime({ captureMode: 'mitmdump' });
  afterAll(() => t.cleanup());

  it('fronts the service with mitmdump in the instance group and serves its capture', async () => {
    const { runtime } = t;
    runtime.start({
      instanceId: 'mm',
      challenge: runtime.catalog.get('DEMO-001')!,
      attachmentContext: attachmentContext(),
    });
    const ready = await t.settled('mm', 30_000);
    if (ready.kind !== 'ready') throw new Error(JSON.stringify(ready));
    const url = ready.surface[0]!.url!;
    expect((await fetch(`${url}binary`)).status).toBe(200);
    expect((await fetch(`${url}missing`)).status).toBe(404);
    let flows = (await runtime.traffic('mm')) ?? [];
    const deadline = Date.now() + 10_000;
    while (flows.length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      flows = (await runtime.traffic('mm')) ?? [];
    }
    expect(flows.map((f) => [f.request.path, f.response?.status_code])).toEqual([
      ['/binary', 200],
      ['/missing', 404],
    ]);
    expect(flows[0]!.response!.content!.encoding).toBe('base64');
    const pgid = runtime.processGroupOf('mm')!;
    await runtime.stop('mm');
    // mitmdump ran as a grandchild: once its parent is gone, init reaps it
    expect(await waitGroupGone(pgid)).toBe(true);
  });
});

describe('recorder captures (jsonl)', () => {
  const t = testRuntime();
  afterAll(() => t.cleanup());
  const flow = (id: string, ts: number) =>
    JSON.stringify({ id, type: 'http', timestamp_created: ts }) + '\n';

  it('reads only what was appended, keeps start order, and waits for a line to finish', async () => {
    const store = new CaptureStore(t.dataDir);
    store.create('inc');
    expect(await store.read('inc')).toEqual([]);
    appendFileSync(store.jsonlPath('inc'), flow('a', 10) + flow('c', 30));
    const first = (await store.read('inc'))!;
    expect(first.map((f) => f.id)).toEqual(['a', 'c']);
    // a flow that began earlier but ended later, and half of the next line
    appendFileSync(store.jsonlPath('inc'), flow('b', 20) + '{"id":"d","type":"ht');
    expect((await store.read('inc'))!.map((f) => f.id)).toEqual(['a', 'b', 'c']);
    expect(first.map((f) => f.id)).toEqual(['a', 'c']); // an earlier answer is not changed
    appendFileSync(store.jsonlPath('inc'), 'tp","timestamp_created":40}\n');
    expect((await store.read('inc'))!.map((f) => f.id)).toEqual(['a', 'b', 'c', 'd']);
    // a fresh reader (a restarted server) agrees
    expect((await new CaptureStore(t.dataDir).read('inc'))!.map((f) => f.id)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('never reads outside the captures folder', async () => {
    writeFileSync(join(t.dataDir, 'secret.jsonl'), flow('x', 1));
    expect(await t.runtime.traffic('../secret')).toBeNull();
  });
});
