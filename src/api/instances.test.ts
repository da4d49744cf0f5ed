import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { QueryClient } from '@tanstack/react-query';
import { configureApiClient } from './client';
import {
  fetchInstanceAttachment,
  instanceQueries,
  renewInstance,
  startInstance,
  stopInstance,
} from './instances';
import { submitAnswer } from './submissions';
import { challengeQueries, fetchChallengeAttachment } from './challenges';
import type { ApiScope } from './scope';
import { lastRequest, seenRequests, server, setupMswServer } from '../test/msw';

setupMswServer();
configureApiClient({ baseUrl: '/api', getToken: () => 'tok' });

const single: ApiScope = { competitionId: 'ctf-spring', scoped: false };
const multi: ApiScope = { competitionId: 'ctf-autumn', scoped: true };

const instance = {
  id: 'i-1',
  challenge_id: 'DEMO-001',
  competition_id: 'ctf-spring',
  status: 'running',
  created_at: '2026-11-28T12:00:00Z',
  questions: [],
};

function fetchQuery<T>(options: { queryFn?: unknown; queryKey: readonly unknown[] }): Promise<T> {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return qc.fetchQuery<T>(options as never);
}

/** The raw path as sent (before any decoding by a router). */
function rawPath(req: Request): string {
  const url = req.url;
  return url.slice(url.indexOf('/api'));
}

describe('stop', () => {
  it('treats 404 as success: the instance is already gone', async () => {
    server.use(
      http.delete('/api/instances/:id', () =>
        HttpResponse.json({ detail: 'Instance not found' }, { status: 404 }),
      ),
    );
    await expect(stopInstance(single, 'i-1')).resolves.toEqual({ alreadyGone: true });
  });

  it('resolves on 204 and sends DELETE once', async () => {
    server.use(http.delete('/api/instances/:id', () => new HttpResponse(null, { status: 204 })));
    await expect(stopInstance(single, 'i-1')).resolves.toEqual({ alreadyGone: false });
    expect(seenRequests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('still fails on other errors', async () => {
    server.use(
      http.delete('/api/instances/:id', () =>
        HttpResponse.json({ detail: 'Not your team' }, { status: 403 }),
      ),
    );
    await expect(stopInstance(single, 'i-1')).rejects.toMatchObject({
      status: 403,
      message: 'Not your team',
    });
  });
});

describe('scoped paths for users on several teams', () => {
  it('uses /instances/{id} for a single-team user', async () => {
    server.use(http.get('/api/instances/:id', () => HttpResponse.json(instance)));
    await fetchQuery(instanceQueries.detail(single, 'i-1'));
    expect(rawPath(lastRequest())).toBe('/api/instances/i-1');
  });

  it('uses /competitions/{cid}/instances/{id}/... for a multi-team user', async () => {
    server.use(
      http.get('/api/competitions/:cid/instances/:id/status', () =>
        HttpResponse.json({ id: 'i-1', status: 'starting' }),
      ),
      http.delete(
        '/api/competitions/:cid/instances/:id',
        () => new HttpResponse(null, { status: 204 }),
      ),
      http.post('/api/competitions/:cid/instances/:id/renew', () =>
        HttpResponse.json({ id: 'i-1', expires_at: '2026-11-29T12:00:00Z' }),
      ),
    );
    await fetchQuery(instanceQueries.status(multi, 'i-1'));
    expect(rawPath(lastRequest())).toBe('/api/competitions/ctf-autumn/instances/i-1/status');
    await stopInstance(multi, 'i-1');
    expect(rawPath(lastRequest())).toBe('/api/competitions/ctf-autumn/instances/i-1');
    await renewInstance(multi, 'i-1', 3600);
    expect(rawPath(lastRequest())).toBe(
      '/api/competitions/ctf-autumn/instances/i-1/renew?ttl=3600',
    );
  });

  it('sends the competition with list, start and submissions', async () => {
    server.use(
      http.get('/api/instances', () => HttpResponse.json({ items: [] })),
      http.post('/api/instances', () => HttpResponse.json({ id: 'new' })),
      http.post('/api/submissions', () =>
        HttpResponse.json({
          correct: true,
          question_id: 'q1',
          attempts_remaining: null,
          answered_correctly: true,
        }),
      ),
    );
    await fetchQuery(instanceQueries.list(multi, { status: 'running' }));
    const listUrl = new URL(lastRequest().url);
    expect(listUrl.searchParams.get('competition_id')).toBe('ctf-autumn');
    expect(listUrl.searchParams.get('status')).toBe('running');
    expect(listUrl.searchParams.get('limit')).toBe('50');

    await startInstance(multi, { challengeId: 'DEMO-007' });
    expect(await lastRequest().json()).toEqual({
      challenge_id: 'DEMO-007',
      competition_id: 'ctf-autumn',
    });

    await submitAnswer(multi, { instanceId: 'i-1', questionId: 'q1', answer: ' flag{x} ' });
    expect(await lastRequest().json()).toEqual({
      instance_id: 'i-1',
      question_id: 'q1',
      answer: ' flag{x} ',
      competition_id: 'ctf-autumn',
    });
  });
});

describe('list shapes through the query factory', () => {
  it('accepts {items} and a bare array', async () => {
    server.use(
      http.get('/api/instances', () => HttpResponse.json({ items: [instance], total: 1 })),
    );
    const page = await fetchQuery<{ items: unknown[] }>(instanceQueries.list(single, {}));
    expect(page.items).toHaveLength(1);

    server.use(http.get('/api/instances', () => HttpResponse.json([instance])));
    const bare = await fetchQuery<{ items: { id: string }[] }>(instanceQueries.list(single, {}));
    expect(bare.items.map((i) => i.id)).toEqual(['i-1']);
  });
});

describe('encoded path segments', () => {
  const nasty = 'a b#?%/..';

  it('keeps an instance id as one segment', async () => {
    server.use(http.get('/api/instances/:id', () => HttpResponse.json({ ...instance, id: nasty })));
    await fetchQuery(instanceQueries.detail(single, nasty));
    expect(rawPath(lastRequest())).toBe('/api/instances/a%20b%23%3F%25%2F..');
  });

  it('keeps an attachment name as one segment', async () => {
    server.use(
      http.get('/api/competitions/:cid/instances/:id/attachments/:name', ({ params }) =>
        HttpResponse.text(`got ${String(params.name)}`),
      ),
    );
    const res = await fetchInstanceAttachment(multi, 'i-1', 'notes #1 ?ü%.txt');
    expect(rawPath(lastRequest())).toBe(
      '/api/competitions/ctf-autumn/instances/i-1/attachments/notes%20%231%20%3F%C3%BC%25.txt',
    );
    expect(await res.text()).toBe('got notes #1 ?ü%.txt');
  });

  it('encodes challenge ids and attachment names of static files', async () => {
    server.use(http.get('/api/challenges/:id/attachments/:name', () => HttpResponse.text('x')));
    await fetchChallengeAttachment('ctf-spring', '../DEMO 3', 'a/b.txt');
    expect(rawPath(lastRequest())).toBe(
      '/api/challenges/..%2FDEMO%203/attachments/a%2Fb.txt?competition_id=ctf-spring',
    );
  });

  it('puts a competition id with odd characters in the query safely', async () => {
    server.use(http.get('/api/challenges', () => HttpResponse.json([])));
    await fetchQuery(challengeQueries.list('a&b=c'));
    expect(new URL(lastRequest().url).searchParams.get('competition_id')).toBe('a&b=c');
  });
});

describe('query keys', () => {
  it('nest under the factory so mutations can invalidate a whole competition', () => {
    const detail = instanceQueries.detail(multi, 'i-1').queryKey;
    const list = instanceQueries.list(multi, {}).queryKey;
    const prefix = instanceQueries.competition('ctf-autumn');
    expect(detail.slice(0, prefix.length)).toEqual([...prefix]);
    expect(list.slice(0, prefix.length)).toEqual([...prefix]);
    expect(instanceQueries.competition('ctf-spring')).not.toEqual(prefix);
  });
});
