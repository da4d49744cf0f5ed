import { afterEach, describe, expect, it } from 'vitest';
import { delay, http, HttpResponse } from 'msw';
import { z } from '@shared/zod';
import {
  ApiError,
  apiFetch,
  apiRequest,
  apiSend,
  buildUrl,
  configureApiClient,
  errorMessage,
  isApiError,
  parseRetryAfter,
} from './client';
import { lastRequest, server, setupMswServer } from '../test/msw';

setupMswServer();

const Thing = z.object({ id: z.string(), n: z.number() });

let token: string | null = null;
configureApiClient({ baseUrl: '/api', getToken: () => token });
afterEach(() => {
  token = null;
});

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(isApiError(e)).toBe(true);
    return e as ApiError;
  }
  throw new Error('expected the call to fail');
}

describe('the token', () => {
  it('is sent as a bearer header and never in the URL', async () => {
    token = 'tok-SECRET-123';
    server.use(http.get('/api/thing', () => HttpResponse.json({ id: 'a', n: 1 })));
    await apiRequest('/thing', Thing, { query: { q: 'x' } });
    const req = lastRequest();
    expect(req.headers.get('authorization')).toBe('Bearer tok-SECRET-123');
    expect(req.url).not.toContain('tok-SECRET-123');
    expect(req.url).toBe('http://localhost:3000/api/thing?q=x');
  });

  it('is left out when signed out', async () => {
    server.use(http.get('/api/thing', () => HttpResponse.json({ id: 'a', n: 1 })));
    await apiRequest('/thing', Thing);
    expect(lastRequest().headers.get('authorization')).toBeNull();
  });

  it('can be given per call (checking a token before keeping it)', async () => {
    token = 'session-token';
    server.use(http.get('/api/thing', () => HttpResponse.json({ id: 'a', n: 1 })));
    await apiRequest('/thing', Thing, { token: 'candidate' });
    expect(lastRequest().headers.get('authorization')).toBe('Bearer candidate');
  });
});

describe('buildUrl', () => {
  it('drops empty query values and encodes the rest', () => {
    expect(buildUrl('/x', { a: 'b c&d', e: undefined, f: null, g: '', h: 0, i: false })).toBe(
      '/api/x?a=b+c%26d&h=0&i=false',
    );
  });
  it('joins a base URL with a trailing slash', () => {
    configureApiClient({ baseUrl: 'https://ctfy.example/api/' });
    try {
      expect(buildUrl('thing')).toBe('https://ctfy.example/api/thing');
    } finally {
      configureApiClient({ baseUrl: '/api' });
    }
  });
});

describe('JSON bodies', () => {
  it('sends JSON with a content type', async () => {
    server.use(http.post('/api/thing', () => HttpResponse.json({ id: 'a', n: 2 })));
    await expect(apiRequest('/thing', Thing, { method: 'POST', body: { x: 1 } })).resolves.toEqual({
      id: 'a',
      n: 2,
    });
    const req = lastRequest();
    expect(req.headers.get('content-type')).toBe('application/json');
    expect(await req.json()).toEqual({ x: 1 });
  });

  it('apiSend accepts 204 No Content', async () => {
    server.use(http.delete('/api/thing', () => new HttpResponse(null, { status: 204 })));
    await expect(apiSend('/thing', { method: 'DELETE' })).resolves.toBeUndefined();
  });
});

describe('error mapping', () => {
  it('turns a FastAPI detail string into the message and keeps the status', async () => {
    server.use(
      http.get('/api/thing', () =>
        HttpResponse.json({ detail: 'Instance quota reached (3)' }, { status: 409 }),
      ),
    );
    const e = await failure(apiRequest('/thing', Thing));
    expect(e.kind).toBe('http');
    expect(e.status).toBe(409);
    expect(e.detail).toBe('Instance quota reached (3)');
    expect(errorMessage(e)).toBe('Instance quota reached (3)');
    expect(e.isTransient).toBe(false);
  });

  it('keeps how long a 429 asks to wait (Retry-After)', async () => {
    server.use(
      http.post('/api/thing', () =>
        HttpResponse.json(
          { detail: 'Try again in 30 s.' },
          { status: 429, headers: { 'Retry-After': '30' } },
        ),
      ),
    );
    const e = await failure(apiRequest('/thing', Thing, { method: 'POST', body: {} }));
    expect(e.status).toBe(429);
    expect(e.retryAfterMs).toBe(30_000);
  });

  it('reads Retry-After as seconds or as a date, and nothing else', () => {
    const now = Date.parse('2026-11-29T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 29 Nov 2026 12:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('Sun, 29 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('turns a FastAPI detail list into readable text', async () => {
    server.use(
      http.post('/api/thing', () =>
        HttpResponse.json(
          {
            detail: [
              { loc: ['body', 'ttl'], msg: 'must be positive', type: 'value_error' },
              { loc: ['query', 'limit'], msg: 'too large', type: 'value_error' },
              { msg: 'something else' },
            ],
          },
          { status: 422 },
        ),
      ),
    );
    const e = await failure(apiRequest('/thing', Thing, { method: 'POST', body: {} }));
    expect(e.status).toBe(422);
    expect(e.message).toBe('ttl: must be positive; limit: too large; something else');
  });

  it('keeps a short plain-text error body', async () => {
    server.use(
      http.get('/api/thing', () => new HttpResponse('upstream exploded', { status: 502 })),
    );
    const e = await failure(apiRequest('/thing', Thing));
    expect(e.status).toBe(502);
    expect(e.message).toBe('upstream exploded');
    expect(e.isTransient).toBe(true);
  });

  it('never shows an HTML error page as the message', async () => {
    server.use(
      http.get(
        '/api/thing',
        () =>
          new HttpResponse('<html><script>alert(1)</script></html>', {
            status: 500,
            statusText: 'Internal Server Error',
            headers: { 'Content-Type': 'text/html' },
          }),
      ),
    );
    const e = await failure(apiRequest('/thing', Thing));
    expect(e.message).toBe('The server answered 500 Internal Server Error');
    expect(e.detail).toBeUndefined();
  });

  it('reports a malformed 200 with its zod issues', async () => {
    server.use(http.get('/api/thing', () => HttpResponse.json({ id: 'a', n: 'not a number' })));
    const e = await failure(apiRequest('/thing', Thing));
    expect(e.kind).toBe('validation');
    expect(e.status).toBe(200);
    expect(e.issues?.[0]?.path).toEqual(['n']);
    // zod's English message (zod/mini has none unless shared/zod.ts sets the locale)
    expect(e.message).toBe(
      'The server sent a response the dashboard does not understand at n: Invalid input: expected number, received string.',
    );
  });

  it('reports a 200 that is not JSON', async () => {
    server.use(http.get('/api/thing', () => new HttpResponse('<!doctype html><p>hi')));
    const e = await failure(apiRequest('/thing', Thing));
    expect(e.kind).toBe('validation');
    expect(e.message).toBe('The server sent a response that is not valid JSON.');
  });

  it('reports a network failure as transient', async () => {
    server.use(http.get('/api/thing', () => HttpResponse.error()));
    const e = await failure(apiRequest('/thing', Thing));
    expect(e.kind).toBe('network');
    expect(e.status).toBeUndefined();
    expect(e.isTransient).toBe(true);
    expect(errorMessage(e)).toMatch(/Cannot reach the server/);
  });

  it('gives up after the timeout', async () => {
    server.use(
      http.get('/api/thing', async () => {
        await delay('infinite'); // a server that never answers
        return HttpResponse.json({ id: 'a', n: 1 });
      }),
    );
    const e = await failure(apiRequest('/thing', Thing, { timeoutMs: 50 }));
    expect(e.kind).toBe('timeout');
    expect(e.isTransient).toBe(true);
  });

  it('tells a cancellation by the caller apart from a timeout', async () => {
    const controller = new AbortController();
    server.use(
      http.get('/api/thing', async () => {
        controller.abort(); // the caller gives up while the server is still at it
        await delay('infinite');
        return HttpResponse.json({ id: 'a', n: 1 });
      }),
    );
    const pending = apiRequest('/thing', Thing, { signal: controller.signal });
    const e = await failure(pending);
    expect(e.kind).toBe('aborted');
    expect(e.isTransient).toBe(false);
  });

  it('apiFetch returns the raw response of a download', async () => {
    server.use(
      http.get(
        '/api/file',
        () =>
          new HttpResponse(new Uint8Array([0, 1, 2, 255]), {
            headers: { 'Content-Type': 'application/octet-stream' },
          }),
      ),
    );
    const res = await apiFetch('/file', { headers: { Accept: '*/*' } });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(lastRequest().headers.get('accept')).toBe('*/*');
  });
});

describe('errorMessage', () => {
  it('says something for any thrown value', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(new ApiError('http', 'fallback', { status: 400, detail: 'detail' }))).toBe(
      'detail',
    );
  });
});
