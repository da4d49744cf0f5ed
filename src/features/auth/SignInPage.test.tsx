import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { useLocation } from 'react-router';
import { configureApiClient } from '../../api/client';
import { authQueries } from '../../api/auth';
import { getToken, setToken } from '../../lib/session';
import { seenRequests, server, setupMswServer } from '../../test/msw';
import { renderRoutes } from '../../test/render';
import { SignInPage } from './SignInPage';

setupMswServer();
configureApiClient({ baseUrl: '/api', getToken });

const me = { user: { id: 'u-alice', name: 'alice' }, teams: [] };

function Where() {
  const l = useLocation();
  return <p>at {`${l.pathname}${l.search}`}</p>;
}

function renderLogin(path = '/login') {
  return renderRoutes(
    [
      { path: '/login', element: <SignInPage appName="ctfy test" /> },
      { path: '*', element: <Where /> },
    ],
    path,
  );
}

beforeEach(() => {
  setToken(null);
});

describe('password sign-in', () => {
  it('says so on wrong credentials, keeps the user name, clears and focuses the password', async () => {
    server.use(
      http.post('/api/auth/login', () =>
        HttpResponse.json({ detail: 'Invalid credentials' }, { status: 401 }),
      ),
    );
    const user = userEvent.setup();
    renderLogin();
    const username = screen.getByLabelText('User name');
    await waitFor(() => expect(username).toHaveFocus());
    await user.type(username, 'alice');
    await user.type(screen.getByLabelText('Password'), 'wrong{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong user name or password.');
    expect(username).toHaveValue('alice');
    const password = screen.getByLabelText('Password');
    expect(password).toHaveValue('');
    expect(password).toHaveFocus();
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(getToken()).toBeNull();
  });

  describe('after too many wrong passwords (429 with Retry-After)', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('counts the wait down on a disabled button, then lets the user try again', async () => {
      vi.useFakeTimers({ shouldAdvanceTime: true });
      let calls = 0;
      server.use(
        http.post('/api/auth/login', () => {
          calls++;
          return HttpResponse.json(
            { detail: 'Try again in 30 s.' },
            { status: 429, headers: { 'Retry-After': '30' } },
          );
        }),
      );
      const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
      renderLogin();
      await user.type(screen.getByLabelText('User name'), 'alice');
      await user.type(screen.getByLabelText('Password'), 'guess{Enter}');
      expect(await screen.findByRole('alert')).toHaveTextContent(
        'Too many sign-in attempts. Wait 30 seconds, then try again.',
      );
      const button = screen.getByRole('button', { name: /^Sign in \(wait \d+ seconds\)$/ });
      expect(button).toBeDisabled();
      await user.type(screen.getByLabelText('Password'), '{Enter}');
      expect(calls).toBe(1);

      act(() => {
        vi.advanceTimersByTime(20_000);
      });
      expect(button).toHaveAccessibleName(/^Sign in \(wait (9|10|11) seconds\)$/);
      expect(button).toBeDisabled();

      act(() => {
        vi.advanceTimersByTime(11_000);
      });
      expect(button).toHaveAccessibleName('Sign in');
      expect(button).toBeEnabled();
      expect(screen.getByRole('alert')).toHaveTextContent('You can try signing in again now.');
    });
  });

  it('signs in, keeps the token and goes to the page in `next`', async () => {
    server.use(http.post('/api/auth/login', () => HttpResponse.json({ token: 'tok-1' })));
    const user = userEvent.setup();
    renderLogin('/login?next=%2Fc%2Fctf-spring%2Fchallenges%3Fx%3D1');
    await user.type(screen.getByLabelText('User name'), ' alice ');
    await user.type(screen.getByLabelText('Password'), 'alice');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('at /c/ctf-spring/challenges?x=1')).toBeInTheDocument();
    expect(getToken()).toBe('tok-1');
    const body = (await seenRequests[0]?.json()) as unknown;
    expect(body).toEqual({ username: 'alice', password: 'alice' });
    expect(seenRequests[0]?.url).not.toContain('tok-1');
  });

  it('never follows a `next` to another origin', async () => {
    server.use(http.post('/api/auth/login', () => HttpResponse.json({ token: 'tok-1' })));
    const user = userEvent.setup();
    renderLogin('/login?next=%2F%2Fevil.example%2Fsteal');
    await user.type(screen.getByLabelText('User name'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'alice{Enter}');
    expect(await screen.findByText('at /')).toBeInTheDocument();
  });

  it('asks for missing fields without calling the server', async () => {
    const user = userEvent.setup();
    renderLogin();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter your user name.')).toBeInTheDocument();
    expect(screen.getByLabelText('User name')).toHaveFocus();
    await user.type(screen.getByLabelText('User name'), 'alice{Enter}');
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(screen.getByLabelText('Password')).toHaveFocus();
    expect(seenRequests).toHaveLength(0);
  });

  it('explains a network failure and keeps what was typed', async () => {
    server.use(http.post('/api/auth/login', () => HttpResponse.error()));
    const user = userEvent.setup();
    renderLogin();
    await user.type(screen.getByLabelText('User name'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'alice{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Cannot reach the server');
    await waitFor(() => expect(alert).toHaveFocus());
    expect(screen.getByLabelText('User name')).toHaveValue('alice');
    expect(screen.getByLabelText('Password')).toHaveValue('alice');
  });

  it('shows the platform’s reason for a server failure (its disk is full), not only the status', async () => {
    const full =
      "The platform's disk is full, so it could not save this: nothing was changed. Try again once space has been freed (tell the organisers).";
    server.use(
      http.post('/api/auth/login', () => HttpResponse.json({ detail: full }, { status: 507 })),
    );
    const user = userEvent.setup();
    renderLogin();
    await user.type(screen.getByLabelText('User name'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'alice{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      `The server had a problem (507): ${full}`,
    );
    expect(screen.getByLabelText('Password')).toHaveValue('alice');
    expect(getToken()).toBeNull();
  });

  it('explains a malformed answer instead of signing in', async () => {
    server.use(http.post('/api/auth/login', () => HttpResponse.json({ access: 'x' })));
    const user = userEvent.setup();
    renderLogin();
    await user.type(screen.getByLabelText('User name'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'alice{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('does not understand');
    expect(getToken()).toBeNull();
  });

  it('sends once and disables the button while signing in', async () => {
    // the answer waits until the test has pressed again while it is in flight
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    server.use(
      http.post('/api/auth/login', async () => {
        await answered;
        return HttpResponse.json({ token: 'tok-1' });
      }),
    );
    const user = userEvent.setup();
    renderLogin();
    await user.type(screen.getByLabelText('User name'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'alice{Enter}{Enter}');
    const busy = await screen.findByRole('button', { name: 'Signing in…' });
    expect(busy).toBeDisabled();
    await user.click(busy);
    answer();
    await screen.findByText('at /');
    expect(seenRequests.filter((r) => r.url.endsWith('/auth/login'))).toHaveLength(1);
  });

  it('says why the last session ended', () => {
    setToken('old');
    setToken(null, 'expired');
    renderLogin();
    expect(screen.getByRole('status')).toHaveTextContent('Your session ended, sign in again.');
  });
});

describe('API token sign-in', () => {
  it('refuses a token the server does not accept, without keeping it', async () => {
    server.use(
      http.get('/api/auth/me', () =>
        HttpResponse.json({ detail: 'Invalid token' }, { status: 401 }),
      ),
    );
    const user = userEvent.setup();
    renderLogin();
    await user.click(screen.getByText('Sign in with an API token instead'));
    const field = screen.getByLabelText('API token');
    expect(field).toHaveAttribute('type', 'password');
    await user.type(field, 'bad-token{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This API token is not valid, or it has expired or been revoked.',
    );
    expect(field).toHaveFocus();
    expect(getToken()).toBeNull();
    expect(seenRequests[0]?.headers.get('authorization')).toBe('Bearer bad-token');
  });

  it('checks a good token with /auth/me, keeps it and primes the cache', async () => {
    server.use(http.get('/api/auth/me', () => HttpResponse.json(me)));
    const user = userEvent.setup();
    const { client } = renderLogin('/login?next=%2Ftraffic%2Fopen');
    await user.click(screen.getByText('Sign in with an API token instead'));
    await user.type(screen.getByLabelText('API token'), '  Bearer tok-42 ');
    await user.click(screen.getByRole('button', { name: 'Sign in with token' }));
    expect(await screen.findByText('at /traffic/open')).toBeInTheDocument();
    expect(getToken()).toBe('tok-42');
    expect(client.getQueryData(authQueries.me().queryKey)).toEqual(me);
    expect(seenRequests[0]?.url).not.toContain('tok-42');
  });
});
