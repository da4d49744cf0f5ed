import { describe, expect, it } from 'vitest';
import { flowsToHar } from '@shared/capture/har';
import { contentDecode } from '@shared/capture/contentDecode';
import { bytesBody, makeFlow } from '@shared/capture/testFlows';
import { HarBlobBuilder } from './harExport';

const options = { decodeContent: contentDecode };
const expected = (flows: ReturnType<typeof makeFlow>[]) =>
  JSON.stringify(flowsToHar(flows, options), null, 2);

describe('HarBlobBuilder', () => {
  const flows = Array.from({ length: 6 }, (_, n) => makeFlow({ id: `f${n}`, path: `/p/${n}` }));

  it('puts entries written in any order in their slots', async () => {
    const har = new HarBlobBuilder(options, 6);
    for (const slot of [3, 0, 5, 1, 4, 2]) har.add(slot, flows[slot]!);
    expect(har.count).toBe(6);
    expect(await har.blob().text()).toBe(expected(flows));
  });

  it('leaves out slots never written, and keeps the first of a slot written twice', async () => {
    const har = new HarBlobBuilder(options, 6);
    har.add(4, flows[4]!);
    har.add(1, flows[1]!);
    har.add(1, flows[2]!);
    expect(har.count).toBe(2);
    expect(await har.blob().text()).toBe(expected([flows[1]!, flows[4]!]));
  });

  it('writes an empty document', async () => {
    const har = new HarBlobBuilder(options, 3);
    const blob = har.blob();
    expect(blob.type).toBe('application/json');
    expect(await blob.text()).toBe(expected([]));
  });

  it('gives the same text when the written entries are moved into Blobs on the way (over 8 MB)', async () => {
    const big = Array.from({ length: 5 }, (_, n) =>
      makeFlow({
        id: `b${n}`,
        resBody: bytesBody(new TextEncoder().encode(`${n}`.repeat(1_800_000))),
      }),
    );
    const har = new HarBlobBuilder(options, 5);
    for (const slot of [4, 2, 0, 1, 3]) har.add(slot, big[slot]!);
    expect(await har.blob().text()).toBe(expected(big));
  }, 30_000);
});
