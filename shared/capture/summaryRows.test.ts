import { describe, expect, it } from 'vitest';
import { CaptureFormatError } from './captureJson';
import { flowSummary } from './summary';
import {
  SUMMARY_ROW_FIELDS,
  SummaryRowReader,
  summaryRow,
  summaryRowOrObject,
} from './summaryRows';

type Loose = Record<string, unknown>;

const request = (extra: Loose = {}): Loose => ({
  method: 'POST',
  scheme: 'https',
  host: 'shop.example',
  port: 8443,
  path: '/cart?q=ünïcode&x="quoted"',
  http_version: 'HTTP/1.1',
  headers: [
    ['Cookie', 'secret=1'],
    ['Content-Type', 'application/json'],
  ],
  content: { encoding: 'utf-8', data: '{"a":1}', size: 7 },
  timestamp_start: 1_800_000_000.123456,
  timestamp_end: 1_800_000_000.2,
  ...extra,
});

const response = (extra: Loose = {}): Loose => ({
  status_code: 200,
  reason: 'OK',
  http_version: 'HTTP/1.1',
  headers: [
    ['content-type', 'text/html'],
    ['Set-Cookie', 'x=1'],
    ['CONTENT-TYPE', 'text/plain'],
  ],
  content: { encoding: 'base64', data: 'AAAA', size: 3, truncated: true },
  timestamp_start: 1_800_000_000.3,
  timestamp_end: null,
  ...extra,
});

const flow = (extra: Loose = {}): Loose => ({
  id: 'f-1',
  type: 'http',
  timestamp_created: 1_800_000_000.1,
  client_conn: { peername: ['10.0.0.1', 5000] },
  server_conn: { address: ['10.0.0.2', 80] },
  request: request(),
  response: response(),
  error: null,
  websocket: null,
  ...extra,
});

/** Flows of every shape a row carries. */
const FITTING: [string, Loose][] = [
  ['a usual flow', flow()],
  [
    'no connections',
    (() => {
      const f = flow();
      delete f.client_conn;
      delete f.server_conn;
      return f;
    })(),
  ],
  ['no response, an error', flow({ response: null, error: { msg: 'reset', timestamp: 1 } })],
  ['an error without its time', flow({ error: { msg: 'refused', timestamp: null } })],
  [
    'bodies null and no headers',
    flow({
      request: request({ content: null, headers: [], timestamp_end: null }),
      response: response({ content: null, headers: [], timestamp_start: null }),
    }),
  ],
  [
    'a body said not truncated',
    flow({
      response: response({ content: { encoding: 'utf-8', data: 'x', size: 1, truncated: false } }),
    }),
  ],
  [
    'a WebSocket',
    flow({
      type: 'websocket',
      websocket: { messages: [{}, {}, {}], close_code: 1000, close_reason: 'bye' },
    }),
  ],
  [
    'a WebSocket still open',
    flow({
      websocket: { messages: [], close_code: null, close_reason: null },
    }),
  ],
];

/** Flows whose summary a row would not give back unchanged: sent as summary objects. */
const NOT_FITTING: [string, Loose][] = [
  ['an extra field', flow({ marked: true })],
  [
    'no websocket field',
    (() => {
      const f = flow();
      delete f.websocket;
      return f;
    })(),
  ],
  [
    'a request without timestamp_end',
    flow({
      request: (() => {
        const r = request();
        delete r.timestamp_end;
        return r;
      })(),
    }),
  ],
  ['an extra request field', flow({ request: request({ trailers: [] }) })],
  ['a port as text', flow({ request: request({ port: '80' }) })],
  [
    'a negative size',
    flow({ request: request({ content: { encoding: 'utf-8', data: '', size: -1 } }) }),
  ],
  [
    'truncated as text',
    flow({
      response: response({ content: { encoding: 'utf-8', data: '', size: 1, truncated: 'yes' } }),
    }),
  ],
  ['a header of three', flow({ request: request({ headers: [['Content-Type', 'a', 'b']] }) })],
  ['an error without a time field', flow({ error: { msg: 'x' } })],
  ['a status as text', flow({ response: response({ status_code: '200' }) })],
  ['no request', flow({ request: null })],
  [
    'a WebSocket with more fields',
    flow({
      websocket: { messages: [], close_code: null, close_reason: null, timestamp_end: 1 },
    }),
  ],
];

/** A summary as JSON carries it (what a reader of the object view gets). */
const asSent = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
const reader = () => new SummaryRowReader(SUMMARY_ROW_FIELDS);

describe('summary rows', () => {
  it.each(FITTING)('%s: the row gives back the very summary', (_, f) => {
    const row = summaryRow(f);
    expect(row).not.toBeNull();
    const sent = asSent(row) as unknown[];
    expect(sent.every((v) => typeof v !== 'object' || v === null || Array.isArray(v))).toBe(true);
    expect(reader().decode(sent, 0)).toEqual(asSent(flowSummary(f)));
    // much smaller than the summary object
    expect(JSON.stringify(row).length).toBeLessThan(JSON.stringify(flowSummary(f)).length * 0.7);
  });

  it.each(NOT_FITTING)('%s: no row; the summary object is sent and passed on as it is', (_, f) => {
    expect(summaryRow(f)).toBeNull();
    const sent = asSent(summaryRowOrObject(f));
    expect(sent).toEqual(asSent(flowSummary(f)));
    const rows = reader();
    expect(rows.decode(sent, 0)).toBe(sent);
    // a reader says the batch held a flow it did not check itself
    expect(rows.takeAllRows()).toBe(false);
    expect(rows.takeAllRows()).toBe(true);
  });

  it('reads the fields by name, in any order, ignoring ones it does not know', () => {
    const f = flow({ websocket: { messages: [1], close_code: 1001, close_reason: null } });
    const row = summaryRow(f)!;
    const order = [...SUMMARY_ROW_FIELDS].reverse();
    const fields = ['future_field', ...order];
    const shuffled = ['?', ...order.map((name) => row[SUMMARY_ROW_FIELDS.indexOf(name)])];
    expect(new SummaryRowReader(fields).decode(asSent(shuffled), 0)).toEqual(
      asSent(flowSummary(f)),
    );
  });

  it('refuses fields that lack one it reads, and rows that are not what their fields say', () => {
    expect(() => new SummaryRowReader(SUMMARY_ROW_FIELDS.filter((f) => f !== 'host'))).toThrow(
      /lack the field "host"/,
    );
    expect(() => new SummaryRowReader('id,type')).toThrow(CaptureFormatError);
    const good = asSent(summaryRow(flow())) as unknown[];
    const broken = (field: string, value: unknown) => {
      const row = good.slice();
      row[SUMMARY_ROW_FIELDS.indexOf(field as never)] = value;
      return () => reader().decode(row, 12);
    };
    expect(broken('port', '80')).toThrow('Summary row 12 has a malformed "port".');
    expect(broken('id', null)).toThrow(/malformed "id"/);
    expect(broken('request_headers', ['Content-Type'])).toThrow(/malformed "request_headers"/);
    expect(broken('response_size', -3)).toThrow(/malformed "response_size"/);
    expect(broken('status_code', 200.5)).toThrow(/malformed "status_code"/);
    expect(broken('request_start', null)).toThrow(/malformed "request_start"/);
    expect(broken('websocket_message_count', 'many')).toThrow(/websocket_message_count/);
    // each check can pass: the untouched row reads
    expect(reader().decode(good, 12)).toEqual(asSent(flowSummary(flow())));
  });
});
