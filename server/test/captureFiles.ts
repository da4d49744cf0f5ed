/** Capture files for tests: real mitmdump 8.1.1 flows, renamed and replicated. */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'fflate';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeTnetstring, readTnetstrings, type TnetDict } from '../../shared/capture/tnetstring';

const HERE = dirname(fileURLToPath(import.meta.url));
export const MITM_FIXTURE = resolve(HERE, '../../e2e/fixtures/mitmproxy-8.1.1.mitm');
const RECORDS = readTnetstrings(new Uint8Array(readFileSync(MITM_FIXTURE))) as TnetDict[];

/** Flows `from`…`from + count - 1` of the fixture's 10, cycled, named `<prefix>-<i>`, as a dump. */
export function mitmFlows(prefix: string, count: number, from = 0): Buffer {
  const parts: Uint8Array[] = [];
  for (let i = from; i < from + count; i++) {
    const record: TnetDict = {
      ...RECORDS[i % RECORDS.length]!,
      id: `${prefix}-${i}`,
      timestamp_created: 1_800_000_000 + i,
    };
    parts.push(encodeTnetstring(record));
  }
  return Buffer.concat(parts);
}

const enc = new TextEncoder();

/**
 * The fixture's real mitmdump flows (gzip, deflate and brotli bodies,
 * cookies, a form POST, a 404, a WebSocket) cycled to 60, plus two made
 * here: a flag in a gzipped response body and a secret request header to
 * another host. `FILTER_EXPRESSIONS` tell its flows apart.
 */
export function filterCapture(): Buffer {
  const records: TnetDict[] = [];
  for (let i = 0; i < 60; i++)
    records.push({ ...RECORDS[i % RECORDS.length]!, id: `p-${i}`, timestamp_created: 1e9 + i });
  const base = RECORDS[0]!;
  const request = base.request as TnetDict;
  const response = base.response as TnetDict;
  records.push({
    ...base,
    id: 'p-flag',
    timestamp_created: 1e9 + 60,
    response: {
      ...response,
      headers: [
        [enc.encode('content-type'), enc.encode('text/plain')],
        [enc.encode('content-encoding'), enc.encode('gzip')],
      ],
      content: gzipSync(enc.encode('well done: ctfy{s3rver_s1de_f1lter}')),
    },
  });
  records.push({
    ...base,
    id: 'p-header',
    timestamp_created: 1e9 + 61,
    request: {
      ...request,
      host: enc.encode('admin.test'),
      path: enc.encode('/admin'),
      headers: [
        ...(request.headers as Uint8Array[][]),
        [enc.encode('x-api-key'), enc.encode('hunter2')],
      ],
    },
  });
  return Buffer.concat(records.map((r) => encodeTnetstring(r)));
}

/**
 * `filterCapture` and then a flow whose response body has a run of `a`s
 * (`p-run`), over which `~b "(a+)+b"` backtracks without end.
 */
export function backtrackCapture(run = 20_000): Buffer {
  const base = RECORDS[0]!;
  const response = base.response as TnetDict;
  const record: TnetDict = {
    ...base,
    id: 'p-run',
    timestamp_created: 1e9 + 100,
    response: {
      ...response,
      headers: [[enc.encode('content-type'), enc.encode('text/plain')]],
      // a `b` first: the prefilter cannot prove that the pattern misses the body
      content: enc.encode(`b ${'a'.repeat(run)}!`),
    },
  };
  return Buffer.concat([filterCapture(), encodeTnetstring(record)]);
}

/** Filter expressions of every kind, each matching some but not all flows of `filterCapture`. */
export const FILTER_EXPRESSIONS = [
  '~h x-dup',
  '~hq "x-api-key: hunter2"',
  '~hs set-cookie',
  '~hs gzip',
  '~b flag',
  '~bq password',
  // gzip, deflate and brotli bodies, content-decoded
  '~bs "<h1>brotli"',
  '~bs deflated',
  '~bs "compressed.:.gzip"',
  '~bs items',
  '~bs ctfy',
  '~u gzip',
  'login',
  '~m post',
  '~c 404',
  '~d 127\\.0\\.0\\.1',
  '!~c 200',
  '~m get & ~bs ctfy',
  '~c 404 | ~bq alice',
  '!(~h gzip | ~h deflate) & ~bs .',
  '~flag',
  '~flag | ~websocket',
  '~q | ~e',
];
