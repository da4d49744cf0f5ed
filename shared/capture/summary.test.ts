import { describe, expect, it } from 'vitest';
import { flowSummary } from './summary';

const flow = {
  id: 'f1',
  type: 'http',
  timestamp_created: 1,
  client_conn: { peername: ['10.0.0.1', 5000] },
  server_conn: { address: ['10.0.0.2', 80] },
  request: {
    method: 'POST',
    host: 'h',
    path: '/p',
    headers: [
      ['Cookie', 'secret=1'],
      ['Content-Type', 'application/json'],
    ],
    content: { encoding: 'utf-8', data: '{"a":1}', size: 7 },
  },
  response: {
    status_code: 200,
    headers: [
      ['content-type', 'text/html'],
      ['Set-Cookie', 'x=1'],
      ['CONTENT-TYPE', 'text/plain'],
    ],
    content: { encoding: 'base64', data: 'AAAA', size: 3, truncated: true },
  },
  error: null,
  websocket: { messages: [{ from_client: true }, { from_client: false }], close_code: 1000 },
};

describe('flowSummary', () => {
  it('keeps the list fields, cuts headers to Content-Type and bodies to their size', () => {
    const summary = flowSummary(flow) as typeof flow & {
      websocket: { message_count: number; messages: unknown[] };
    };
    expect(summary.request.method).toBe('POST');
    expect(summary.request.headers).toEqual([['Content-Type', 'application/json']]);
    expect(summary.response.headers).toEqual([
      ['content-type', 'text/html'],
      ['CONTENT-TYPE', 'text/plain'],
    ]);
    expect(summary.request.content).toEqual({
      encoding: 'utf-8',
      data: '',
      size: 7,
      omitted: true,
    });
    expect(summary.response.content).toEqual({
      encoding: 'utf-8',
      data: '',
      size: 3,
      omitted: true,
      truncated: true,
    });
    expect(summary.websocket.messages).toEqual([]);
    expect(summary.websocket.message_count).toBe(2);
    expect(summary.websocket.close_code).toBe(1000);
    expect('client_conn' in summary || 'server_conn' in summary).toBe(false);
    // the flow itself is untouched
    expect(flow.request.content.data).toBe('{"a":1}');
    expect(flow.response.headers).toHaveLength(3);
  });

  it('copies what is not a flow as it is (a capture line is unchecked)', () => {
    expect(flowSummary({ id: 'x' })).toEqual({ id: 'x' });
    expect(flowSummary({ id: 'y', request: 'odd', response: null })).toEqual({
      id: 'y',
      request: 'odd',
      response: null,
    });
    expect(flowSummary({ request: { headers: 'not a list', content: null } }) as unknown).toEqual({
      request: { headers: 'not a list', content: null },
    });
  });
});
