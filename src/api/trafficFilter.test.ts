import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { configureApiClient, isApiError } from './client';
import { fetchTrafficMatches } from './trafficFilter';
import type { ApiScope } from './scope';
import { lastRequest, server, setupMswServer } from '../test/msw';

setupMswServer();
configureApiClient({ baseUrl: '/api', getToken: () => 'tok' });

const scope: ApiScope = { competitionId: 'ctf-autumn', scoped: true };
const ROUTE = '/api/competitions/:cid/instances/:id/traffic/matches';

function ndjson(lines: string[]) {
  return new HttpResponse(lines.join(''), {
    headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8' },
  });
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error('resolved');
}

describe('fetchTrafficMatches (the platform evaluates a filter)', () => {
  it('sends the expression as a query parameter, the token in the header, and merges the lines', async () => {
    server.use(
      http.get(ROUTE, () =>
        ndjson([
          '{"scanned":500,"ids":["a","b"]}\n',
          '{"scanned":1000,"ids":["c"],"dropped":["a"]}\n',
          '{"done":true,"scanned":1002,"truncated":false}\n',
        ]),
      ),
    );
    const seen: number[] = [];
    const result = await fetchTrafficMatches(scope, 'i 1', '~b "a&b" | ~h x', {
      onLine: (line) => seen.push(line.scanned),
    });
    expect([...result.ids]).toEqual(['b', 'c']);
    expect(result).toMatchObject({ scanned: 1002, truncated: false });
    expect(seen).toEqual([500, 1000, 1002]);
    const url = new URL(lastRequest().url);
    expect(url.pathname).toBe('/api/competitions/ctf-autumn/instances/i%201/traffic/matches');
    expect(url.searchParams.get('filter')).toBe('~b "a&b" | ~h x');
    expect(url.search).not.toMatch(/tok/);
    expect(lastRequest().headers.get('authorization')).toBe('Bearer tok');
  });

  it('a malformed expression is a 422 error with the parse error as its message', async () => {
    server.use(
      http.get(ROUTE, () =>
        HttpResponse.json(
          { detail: 'Missing ")" (at character 17 of the filter)' },
          { status: 422 },
        ),
      ),
    );
    const e = await failure(fetchTrafficMatches(scope, 'i', '~c 404 & (~m get'));
    expect(e.status).toBe(422);
    expect(e.message).toBe('Missing ")" (at character 17 of the filter)');
  });

  it('a last error line (the platform stopped a pattern over its time budget) is the filter error, like a 422', async () => {
    const message =
      'The filter took too long on the platform (over 5 seconds for 1,000 flows): its pattern may backtrack without end, e.g. (a+)+. Nothing was matched past flow 2,000.';
    server.use(
      http.get(ROUTE, () =>
        ndjson([
          '{"scanned":1000,"ids":["a"]}\n',
          '{"scanned":2000,"ids":[]}\n',
          `${JSON.stringify({ error: message })}\n`,
        ]),
      ),
    );
    const seen: number[] = [];
    const e = await failure(
      fetchTrafficMatches(scope, 'i', '~b "(a+)+b"', { onLine: (line) => seen.push(line.scanned) }),
    );
    expect(e.status).toBe(422);
    expect(e.message).toBe(message);
    expect(seen).toEqual([1000, 2000]);
  });

  it('a server without the extension is a 404 (the caller filters itself)', async () => {
    server.use(http.get(ROUTE, () => HttpResponse.json({ detail: 'Not Found' }, { status: 404 })));
    expect((await failure(fetchTrafficMatches(scope, 'i', '~h x'))).status).toBe(404);
  });

  it('an answer cut before its last line is an error, not a partial result', async () => {
    server.use(http.get(ROUTE, () => ndjson(['{"scanned":500,"ids":["a"]}\n'])));
    expect((await failure(fetchTrafficMatches(scope, 'i', '~h x'))).kind).toBe('network');
  });

  it('a line that is not the documented shape is a validation error', async () => {
    server.use(
      http.get(ROUTE, () =>
        ndjson(['{"scanned":"many","ids":[1]}\n', '{"done":true,"scanned":1,"truncated":false}\n']),
      ),
    );
    const e = await failure(fetchTrafficMatches(scope, 'i', '~h x'));
    expect(e.kind).toBe('validation');
    expect(e.message).toMatch(/filter answer is malformed/);
  });

  it('a last line with no newline still ends the answer', async () => {
    server.use(
      http.get(ROUTE, () =>
        ndjson(['{"scanned":2,"ids":["x"]}\n{"done":true,"scanned":2,"truncated":true}']),
      ),
    );
    const result = await fetchTrafficMatches(scope, 'i', '~b x');
    expect([...result.ids]).toEqual(['x']);
    expect(result.truncated).toBe(true);
  });
});
