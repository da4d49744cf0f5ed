import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { configureApiClient } from './client';
import { fetchTrafficFlow, openTrafficStream } from './traffic';
import type { ApiScope } from './scope';
import { lastRequest, server, setupMswServer } from '../test/msw';

setupMswServer();
configureApiClient({ baseUrl: '/api', getToken: () => 'tok' });

const multi: ApiScope = { competitionId: 'ctf-autumn', scoped: true };

const flow = {
  id: 'f/1?#',
  type: 'http',
  timestamp_created: 1,
  request: {
    method: 'GET',
    scheme: 'http',
    host: 'h',
    port: 80,
    path: '/',
    http_version: 'HTTP/1.1',
    headers: [],
    content: null,
    timestamp_start: 1,
  },
  response: null,
  error: null,
};

describe('traffic extensions in the API client', () => {
  it('asks for summaries with ?view=summary, the token in the header only', async () => {
    server.use(
      http.get('/api/competitions/:cid/instances/:id/traffic', () => HttpResponse.json({})),
    );
    await openTrafficStream(multi, 'i 1', { view: 'summary', since: 'v1.x' });
    const url = new URL(lastRequest().url);
    expect(url.pathname).toBe('/api/competitions/ctf-autumn/instances/i%201/traffic');
    expect(url.searchParams.get('view')).toBe('summary');
    expect(url.searchParams.get('since')).toBe('v1.x');
    expect(url.search).not.toMatch(/tok/);
    expect(lastRequest().headers.get('authorization')).toBe('Bearer tok');
  });

  it('opens one flow by id, encoding the id as one path segment, and validates it', async () => {
    server.use(
      http.get('/api/competitions/:cid/instances/:id/traffic/flows/:flowId', ({ params }) =>
        params.flowId === 'f/1?#'
          ? HttpResponse.json(flow)
          : HttpResponse.json({}, { status: 404 }),
      ),
    );
    await expect(fetchTrafficFlow(multi, 'i-1', 'f/1?#')).resolves.toEqual(flow);
    expect(lastRequest().url).toContain('/traffic/flows/f%2F1%3F%23');
    server.use(
      http.get('/api/competitions/:cid/instances/:id/traffic/flows/:flowId', () =>
        HttpResponse.json({ id: 'f' }),
      ),
    );
    await expect(fetchTrafficFlow(multi, 'i-1', 'f')).rejects.toMatchObject({ kind: 'validation' });
  });
});
