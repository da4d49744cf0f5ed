import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlowSchema, type Flow } from '../schemas';
import { bodyToBytes } from './body';
import { base64Decode } from './bytes';
import { MitmFlowReader, parseMitmFile } from './mitm';
import { encodeTnetstring, readTnetstrings, type TnetDict } from './tnetstring';
import { concatBytes } from './testFlows';

/** The bytes of several parts, one after the other. */
const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts);

/** A real capture made by Debian's mitmdump 8.1.1 (scripts/make-fixtures.mjs). */
const fixture = new Uint8Array(
  readFileSync(join(__dirname, '../../e2e/fixtures/mitmproxy-8.1.1.mitm')),
);

function byPath(flows: Flow[], path: string): Flow {
  const flow = flows.find((f) => f.request.path === path);
  if (!flow) throw new Error(`no flow for ${path}`);
  return flow;
}

function header(headers: [string, string][], name: string): string | undefined {
  return headers.find(([key]) => key.toLowerCase() === name)?.[1];
}

describe('parseMitmFile on a real mitmdump 8.1.1 capture', () => {
  const { flows, warnings } = parseMitmFile(fixture);

  it('reads every flow, all valid against the API schema, with no warnings', () => {
    expect(warnings).toEqual([]);
    expect(flows).toHaveLength(10);
    for (const flow of flows) expect(FlowSchema.parse(flow)).toEqual(flow);
    const raw = readTnetstrings(fixture) as TnetDict[];
    expect(raw.every((state) => state.version === 17)).toBe(true);
    expect(flows.map((f) => f.id)).toEqual(raw.map((state) => state.id));
  });

  it('maps a JSON response with its request line, addresses and timings', () => {
    const flow = byPath(flows, '/api/items?page=1&q=flag');
    expect(flow.type).toBe('http');
    expect(flow.request).toMatchObject({
      method: 'GET',
      scheme: 'http',
      host: '127.0.0.1',
      http_version: 'HTTP/1.1',
    });
    expect(flow.response).toMatchObject({
      status_code: 200,
      reason: 'OK',
      http_version: 'HTTP/1.1',
    });
    expect(header(flow.response!.headers, 'content-type')).toBe('application/json; charset=utf-8');
    expect(flow.response!.content!.encoding).toBe('utf-8');
    expect(JSON.parse(flow.response!.content!.data)).toMatchObject({ total: 2 });
    expect(flow.client_conn?.peername?.[0]).toBe('127.0.0.1');
    expect(flow.server_conn?.address).toEqual(['127.0.0.1', flow.request.port]);
    expect(flow.request.timestamp_start).toBeGreaterThan(1.7e9);
    expect(flow.response!.timestamp_end!).toBeGreaterThanOrEqual(flow.request.timestamp_start);
    expect(flow.error).toBeNull();
  });

  it('keeps compressed bodies as captured (still gzip), as base64', () => {
    const flow = byPath(flows, '/gzip');
    expect(header(flow.response!.headers, 'content-encoding')).toBe('gzip');
    const body = flow.response!.content!;
    expect(body.encoding).toBe('base64');
    const bytes = base64Decode(body.data);
    expect(bytes.length).toBe(body.size);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
  });

  it('keeps binary bodies byte for byte', () => {
    const body = byPath(flows, '/binary').response!.content!;
    expect(Array.from(bodyToBytes(body))).toEqual(Array.from({ length: 256 }, (_, i) => i));
  });

  it('maps a 404, a POST form and duplicate headers in order', () => {
    expect(byPath(flows, '/does-not-exist').response).toMatchObject({
      status_code: 404,
      reason: 'Not Found',
    });
    const login = byPath(flows, '/login');
    expect(login.request.method).toBe('POST');
    expect(login.request.content).toMatchObject({
      encoding: 'utf-8',
      data: 'user=alice&password=s3cr%C3%A9t&note=a+b%26c',
    });
    expect(login.response!.status_code).toBe(303);
    const cookies = byPath(flows, '/cookies').response!.headers.filter(
      ([name]) => name === 'set-cookie',
    );
    expect(cookies.map(([, value]) => value)).toEqual([
      'session=one; Path=/',
      'theme=dark; Path=/',
    ]);
  });

  it('maps WebSocket messages with direction, type, content and close code', () => {
    const flow = byPath(flows, '/ws');
    expect(flow.type).toBe('websocket');
    expect(flow.response!.status_code).toBe(101);
    const messages = flow.websocket!.messages;
    expect(messages.map((m) => [m.from_client, m.type])).toEqual([
      [false, 'text'],
      [true, 'text'],
      [true, 'binary'],
      [false, 'text'],
      [false, 'binary'],
    ]);
    expect(messages[1]!.content.data).toBe('hello from client');
    expect(Array.from(bodyToBytes(messages[2]!.content))).toEqual([0, 1, 2, 255]);
    expect(flow.websocket!.close_code).toBe(1000);
    expect(flow.websocket!.close_reason).toBe('done');
  });

  it('maps an upstream failure as a flow with an error and no response', () => {
    const flow = byPath(flows, '/upstream-down');
    expect(flow.response).toBeNull();
    expect(flow.error?.msg).toMatch(/Connect call failed/);
    expect(flow.error?.timestamp).toBeGreaterThan(0);
  });
});

describe('parseMitmFile: other versions and damaged input', () => {
  const original = readTnetstrings(fixture)[0] as TnetDict;

  function variant(patch: (state: TnetDict) => void): TnetDict {
    const state = structuredClone(original);
    patch(state);
    return state;
  }

  it('reads format 19–21 flows, where the client address is `peername`', () => {
    const newer = variant((state) => {
      state.version = 21;
      const client = state.client_conn as TnetDict;
      delete client.address;
      client.peername = ['10.0.0.7', 51000];
    });
    const { flows, warnings } = parseMitmFile(encodeTnetstring(newer));
    expect(warnings).toEqual([]);
    expect(flows[0]!.client_conn?.peername).toEqual(['10.0.0.7', 51000]);
  });

  it('warns once for a version outside 17–21 but still reads matching fields', () => {
    const future = variant((state) => (state.version = 99));
    const { flows, warnings } = parseMitmFile(
      concat(encodeTnetstring(future), encodeTnetstring(future)),
    );
    expect(flows).toHaveLength(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/version 99 .*\(2 flows\)/);
  });

  it('skips TCP and DNS flows with one warning per kind', () => {
    const tcp = { type: 'tcp', version: 17, id: 't1', messages: [] };
    const dns = { type: 'dns', version: 21, id: 'd1' };
    const { flows, warnings } = parseMitmFile(
      concat(
        encodeTnetstring(tcp),
        encodeTnetstring(original),
        encodeTnetstring(tcp),
        encodeTnetstring(dns),
      ),
    );
    expect(flows).toHaveLength(1);
    expect(warnings).toEqual([
      expect.stringMatching(/^tcp flows are not shown \(2 flows\)/),
      expect.stringMatching(/^dns flows/),
    ]);
  });

  it('skips a flow whose fields are malformed, naming the field', () => {
    const broken = variant((state) => ((state.request as TnetDict).port = 'eighty'));
    const { flows, warnings } = parseMitmFile(
      concat(encodeTnetstring(broken), encodeTnetstring(original)),
    );
    expect(flows).toHaveLength(1);
    expect(warnings[0]).toMatch(/request\.port is not a number/);
  });

  it('skips only the flow whose inside is malformed when its frame is intact', () => {
    const ok = encodeTnetstring(original);
    const damaged = encodeTnetstring(original);
    const text = new TextDecoder('latin1').decode(damaged);
    const at = text.indexOf('11:status_code;3:200#');
    expect(at).toBeGreaterThan(0);
    damaged[at + '11:status_code;3:2'.length] = 'x'.charCodeAt(0);
    const { flows, warnings } = parseMitmFile(concat(damaged, ok));
    expect(flows).toHaveLength(1);
    expect(warnings).toEqual([
      expect.stringMatching(/flows skipped .*invalid integer digit at byte \d+/),
    ]);
  });

  it('keeps the flows before a truncated tail (a capture still being written)', () => {
    const cut = fixture.subarray(0, fixture.length - 100);
    const { flows, warnings } = parseMitmFile(cut);
    expect(flows).toHaveLength(9);
    expect(warnings).toEqual([expect.stringMatching(/damaged after flow 9 .*at byte \d+/)]);
  });

  it('says plainly when a file is not a flow dump', () => {
    const { flows, warnings } = parseMitmFile(
      new TextEncoder().encode('<html>not a capture</html>'),
    );
    expect(flows).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^not a mitmproxy flow file: tnetstring: invalid length prefix character 0x3c at byte 0/,
      ),
    ]);
    expect(parseMitmFile(new Uint8Array(0))).toEqual({ flows: [], warnings: [] });
  });

  it('truncates big bodies to maxBodyBytes, keeping the full size', () => {
    const { flows } = parseMitmFile(fixture, { maxBodyBytes: 16 });
    const body = byPath(flows, '/binary').response!.content!;
    expect(body).toMatchObject({ size: 256, truncated: true });
    expect(bodyToBytes(body).length).toBe(16);
  });
});

describe('parseMitmFile on the hostile capture (mitmdump 8.1.1)', () => {
  const hostile = new Uint8Array(
    readFileSync(join(__dirname, '../../e2e/fixtures/hostile-8.1.1.mitm')),
  );
  const { flows, warnings } = parseMitmFile(hostile);

  it('keeps attacker-controlled bytes exactly as captured, as data', () => {
    expect(warnings).toEqual([]);
    expect(flows).toHaveLength(6);
    expect(flows[0]!.request.path).toBe(
      '/hostile/<script>window.__pwned=14</script>?q="><img/src=x/onerror=alert(1)>',
    );
    expect(header(flows[0]!.request.headers, 'x-evil')).toBe(
      '"><script>window.__pwned = 13</script>',
    );
    expect(header(flows[0]!.response!.headers, 'x-bidi')).toBe('admin\u202etxt.exe');
    expect(flows[0]!.response!.content!.data).toContain('<meta http-equiv="refresh"');
    const redirect = flows.find((f) => f.request.path === '/hostile/redirect')!;
    expect(header(redirect.response!.headers, 'location')).toBe('javascript:window.__pwned = 10');
    const ws = flows.find((f) => f.websocket)!;
    expect(ws.websocket!.messages.map((m) => m.content.data)).toEqual([
      '<script>window.__pwned = 11</script><img src=x onerror="window.__pwned = 12">',
      '<svg onload="window.__pwned = 16">',
    ]);
    expect(ws.websocket!.close_reason).toBe('<b>bye</b>');
  });
});

describe('MitmFlowReader: incremental reading', () => {
  const hostile = new Uint8Array(
    readFileSync(join(__dirname, '../../e2e/fixtures/hostile-8.1.1.mitm')),
  );
  const records = readTnetstrings(fixture) as TnetDict[];
  const tcp = encodeTnetstring({ ...records[0]!, type: 'tcp' });
  const inputs: [string, Uint8Array][] = [
    ['the mitmdump fixture', fixture],
    ['the hostile fixture', hostile],
    ['a file cut in the middle of a flow', fixture.subarray(0, fixture.length - 100)],
    ['a file cut in a length prefix', concat(fixture, new TextEncoder().encode('12'))],
    [
      'a file with a non-HTTP flow and bytes that are not a dump',
      concat(tcp, fixture, tcp, new TextEncoder().encode('<html>')),
    ],
    ['an empty file', new Uint8Array(0)],
  ];

  function readInChunks(bytes: Uint8Array, size: number, options = {}) {
    const reader = new MitmFlowReader(options);
    const flows: Flow[] = [];
    for (let at = 0; at < bytes.length; at += size) {
      reader.push(bytes.slice(at, at + size));
      for (let flow = reader.next(); flow; flow = reader.next()) flows.push(flow);
    }
    reader.finish();
    for (let flow = reader.next(); flow; flow = reader.next()) flows.push(flow);
    expect(reader.done).toBe(true);
    return { flows, warnings: reader.warnings(), damaged: reader.damaged };
  }

  for (const [name, bytes] of inputs) {
    it(`gives the flows and warnings of parseMitmFile for ${name}, in any chunking`, () => {
      const whole = parseMitmFile(bytes, { maxBodyBytes: 64 });
      for (const size of [1, 7, 333, 4096, Math.max(1, bytes.length)]) {
        const { flows, warnings } = readInChunks(bytes, size, { maxBodyBytes: 64 });
        expect(warnings, `chunks of ${size}`).toEqual(whole.warnings);
        expect(flows, `chunks of ${size}`).toEqual(whole.flows);
      }
    });
  }

  it("tells each flow's own record range, in file offsets, whatever the chunks and what is skipped", () => {
    const nl = new TextEncoder().encode('\n');
    const bytes = concat(tcp, nl, fixture, nl, tcp, encodeTnetstring(records[3]!));
    const whole = parseMitmFile(bytes).flows;
    for (const size of [5, 1000, bytes.length]) {
      const reader = new MitmFlowReader();
      const ranges: [number, number][] = [];
      for (let at = 0; at < bytes.length; at += size) {
        reader.push(bytes.slice(at, at + size));
        if (at + size >= bytes.length) reader.finish();
        for (let flow = reader.next(); flow; flow = reader.next())
          ranges.push([reader.recordStart, reader.recordEnd]);
      }
      expect(ranges).toHaveLength(whole.length);
      // the first flow's record starts after the skipped TCP record and the newline
      expect(ranges[0]![0]).toBe(tcp.length + 1);
      ranges.forEach(([start, end], i) => {
        // each range alone is exactly one record: its flow
        expect(parseMitmFile(bytes.subarray(start, end))).toEqual({
          flows: [whole[i]],
          warnings: [],
        });
      });
    }
  });

  it('reads the same when a caller drops the cut record and pushes it again with the next bytes', () => {
    const bytes = concat(fixture, fixture.subarray(0, fixture.length - 30));
    const whole = parseMitmFile(bytes);
    for (const size of [50, 1000, 5000]) {
      const reader = new MitmFlowReader();
      const flows: Flow[] = [];
      let scanned = 0;
      while (scanned < bytes.length) {
        // from the first byte not read, past what was pushed before (as the server does)
        const from = reader.offset;
        const to = Math.min(bytes.length, Math.max(from, scanned) + size);
        reader.push(bytes.slice(from, to));
        scanned = to;
        for (let flow = reader.next(); flow; flow = reader.next()) flows.push(flow);
        if (scanned < bytes.length) {
          reader.dropPending();
          expect(reader.pending).toBe(0);
        }
      }
      reader.finish();
      for (let flow = reader.next(); flow; flow = reader.next()) flows.push(flow);
      expect(flows, `chunks of ${size}`).toEqual(whole.flows);
      expect(reader.warnings(), `chunks of ${size}`).toEqual(whole.warnings);
    }
  });

  it('waits for the rest of a cut record until told the file is finished', () => {
    const reader = new MitmFlowReader();
    const cut = fixture.length - 100;
    reader.push(fixture.subarray(0, cut));
    const flows: Flow[] = [];
    for (let flow = reader.next(); flow; flow = reader.next()) flows.push(flow);
    expect(flows).toHaveLength(9);
    expect(reader.done).toBe(false);
    expect(reader.warnings()).toEqual([]);
    const boundary = reader.offset;
    expect(reader.pending).toBe(cut - boundary);
    reader.push(fixture.subarray(cut));
    const last = reader.next();
    expect(last?.id).toBe(records[9]!.id);
    expect(reader.offset).toBe(fixture.length);
    expect(reader.next()).toBeNull();
    reader.finish();
    expect(reader.done).toBe(true);
    expect(reader.damaged).toBe(false);
  });

  it('reports damage with offsets in the file, not in the chunk', () => {
    const bad = concat(fixture, new TextEncoder().encode('5:abc'));
    const whole = parseMitmFile(bad);
    expect(whole.warnings).toEqual([
      expect.stringContaining(`runs past the end of the input at byte ${fixture.length}`),
    ]);
    const chunked = readInChunks(bad, 1000);
    expect(chunked.warnings).toEqual(whole.warnings);
    expect(chunked.damaged).toBe(true);
  });

  it('stops at maxFlows with the same warning', () => {
    const whole = parseMitmFile(fixture, { maxFlows: 4 });
    expect(whole.flows).toHaveLength(4);
    expect(readInChunks(fixture, 500, { maxFlows: 4 })).toMatchObject(whole);
  });
});
