import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueryObserver } from '@tanstack/react-query';
import { z } from '@shared/zod';
import { ApiError, apiRequest, isApiError } from '../api/client';
import { instanceQueries } from '../api/instances';
import { BackgroundErrorTracker, createQueryClient } from './queryClient';

describe('BackgroundErrorTracker', () => {
  it('reports a message once while it lasts, and again after recovery', () => {
    const t = new BackgroundErrorTracker();
    expect(t.report('list', 'offline')).toBe(true);
    expect(t.report('list', 'offline')).toBe(false); // the next poll
    expect(t.report('detail', 'offline')).toBe(false); // another query, same problem
    expect(t.report('detail', 'server error')).toBe(true); // a different problem
    t.clear('list');
    expect(t.report('list', 'offline')).toBe(true); // `detail` moved on: offline is new again
  });
});

describe('createQueryClient', () => {
  function setup() {
    const hooks = { onUnauthorized: vi.fn(), onBackgroundError: vi.fn() };
    const qc = createQueryClient(hooks);
    qc.setDefaultOptions({ queries: { retry: false } });
    return { qc, hooks };
  }

  it('toasts a failing poll once, not on every poll', async () => {
    const { qc, hooks } = setup();
    qc.setQueryData(['instances', 'x'], { ok: true });
    const fail = () => Promise.reject(new ApiError('network', 'Cannot reach the server.'));
    for (let i = 0; i < 4; i++) {
      await qc.fetchQuery({ queryKey: ['instances', 'x'], queryFn: fail }).catch(() => undefined);
    }
    expect(hooks.onBackgroundError).toHaveBeenCalledTimes(1);
    await qc.fetchQuery({ queryKey: ['instances', 'x'], queryFn: () => ({ ok: true }) });
    await qc.fetchQuery({ queryKey: ['instances', 'x'], queryFn: fail }).catch(() => undefined);
    expect(hooks.onBackgroundError).toHaveBeenCalledTimes(2);
  });

  it('leaves a first-load error to the page (no toast)', async () => {
    const { qc, hooks } = setup();
    await qc
      .fetchQuery({ queryKey: ['x'], queryFn: () => Promise.reject(new Error('boom')) })
      .catch(() => undefined);
    expect(hooks.onBackgroundError).not.toHaveBeenCalled();
  });

  it('ends the session on a 401 from a query or a mutation', async () => {
    const { qc, hooks } = setup();
    const unauthorized = () => Promise.reject(new ApiError('http', 'no', { status: 401 }));
    await qc.fetchQuery({ queryKey: ['me'], queryFn: unauthorized }).catch(() => undefined);
    await qc
      .getMutationCache()
      .build(qc, { mutationFn: unauthorized })
      .execute(undefined)
      .catch(() => undefined);
    expect(hooks.onUnauthorized).toHaveBeenCalledTimes(2);
    expect(hooks.onBackgroundError).not.toHaveBeenCalled();
  });

  it('retries a network blip but never a 4xx', async () => {
    const hooks = { onUnauthorized: vi.fn(), onBackgroundError: vi.fn() };
    const qc = createQueryClient(hooks);
    qc.setDefaultOptions({ queries: { ...qc.getDefaultOptions().queries, retryDelay: 1 } });
    let blips = 0;
    const data = await qc.fetchQuery({
      queryKey: ['blip'],
      retry: qc.getDefaultOptions().queries?.retry,
      queryFn: () => (++blips < 3 ? Promise.reject(new ApiError('network', 'x')) : 'ok'),
    });
    expect(data).toBe('ok');
    expect(blips).toBe(3);

    let calls = 0;
    const observer = new QueryObserver(qc, {
      queryKey: ['forbidden'],
      queryFn: () => {
        calls++;
        return Promise.reject(new ApiError('http', 'no', { status: 403 }));
      },
    });
    await observer.refetch();
    expect(calls).toBe(1);
  });

  describe('a platform that accepts the connection and never answers', () => {
    afterEach(() => {
      vi.useRealTimers();
      vi.unstubAllGlobals();
    });

    const scope = { competitionId: 'ctf-spring', scoped: false };
    it.each([
      [
        'a query with the default policy',
        { queryKey: ['never'], queryFn: () => apiRequest('/never', z.unknown()) },
      ],
      ['an instance', instanceQueries.detail(scope, 'i-1')],
      ["an instance's status", instanceQueries.status(scope, 'i-1')],
    ])('%s ends in a timeout error within 25 s, after one more try', async (_name, query) => {
      vi.useFakeTimers();
      const sent: number[] = [];
      // fetch as the browser does it against such a server: pending until aborted
      vi.stubGlobal('fetch', (_url: string, init: RequestInit) => {
        sent.push(Date.now());
        return new Promise((_resolve, reject) => {
          init.signal?.addEventListener('abort', () =>
            reject(new DOMException('The operation was aborted.', 'AbortError')),
          );
        });
      });
      const qc = createQueryClient({ onUnauthorized: vi.fn(), onBackgroundError: vi.fn() });
      const started = Date.now();
      let failedAfter: number | undefined;
      const outcome = qc
        .fetchQuery(query as Parameters<typeof qc.fetchQuery>[0])
        .catch((e: unknown) => {
          failedAfter = Date.now() - started;
          return e;
        });
      await vi.advanceTimersByTimeAsync(25_000);
      expect(failedAfter).toBeDefined();
      expect(failedAfter).toBeLessThanOrEqual(25_000);
      const error = await outcome;
      expect(isApiError(error) && error.kind).toBe('timeout');
      expect(sent).toHaveLength(2);
    });
  });
});
