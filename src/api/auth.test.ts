import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { configureApiClient } from './client';
import { fetchMeWithToken, login, logout } from './auth';
import { lastRequest, server, setupMswServer } from '../test/msw';

setupMswServer();
configureApiClient({ baseUrl: '/api', getToken: () => 'session-token' });

describe('auth calls', () => {
  it('logs in with a JSON body and reads the token', async () => {
    server.use(
      http.post('/api/auth/login', () =>
        HttpResponse.json({ token: 't-1', expires_at: null, unknown: true }),
      ),
    );
    await expect(login({ username: 'alice', password: 'alice' })).resolves.toEqual({
      token: 't-1',
      expires_at: null,
    });
    expect(await lastRequest().json()).toEqual({ username: 'alice', password: 'alice' });
  });

  it('rejects a login answer without a token', async () => {
    server.use(http.post('/api/auth/login', () => HttpResponse.json({ ok: true })));
    await expect(login({ username: 'a', password: 'b' })).rejects.toMatchObject({
      kind: 'validation',
    });
  });

  it('checks a candidate token with /auth/me', async () => {
    server.use(
      http.get('/api/auth/me', () =>
        HttpResponse.json({ user: { id: 'u', name: 'alice' }, teams: [] }),
      ),
    );
    const me = await fetchMeWithToken('candidate');
    expect(me.user.name).toBe('alice');
    expect(lastRequest().headers.get('authorization')).toBe('Bearer candidate');
  });

  it('revokes the session token on logout', async () => {
    server.use(http.post('/api/auth/logout', () => new HttpResponse(null, { status: 204 })));
    await logout();
    expect(lastRequest().headers.get('authorization')).toBe('Bearer session-token');
  });
});
