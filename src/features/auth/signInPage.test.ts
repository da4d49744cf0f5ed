import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/dom';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { configureApiClient } from '../../api/client';
import { loadPage } from '../../lib/pageLoad';
import { arrivedFromSignIn, getToken, setToken } from '../../lib/session';
import { seenRequests, server, setupMswServer } from '../../test/msw';
import { renderSignInPage } from './signInPage';
import { startSignInPage } from './start';

// The browser's page load is the boundary: record where the page sends the user.
vi.mock('../../lib/pageLoad', () => ({ loadPage: vi.fn() }));

setupMswServer();
configureApiClient({ baseUrl: '/api', getToken });

const me = { user: { id: 'u-alice', name: 'alice' }, teams: [] };
const config = { apiBaseUrl: '/api', appName: 'ctfy test' };

let root: HTMLElement;
let stop: (() => void) | undefined;

/** The sign-in page on its own, as start.ts renders it once the config is there. */
function renderLogin(next = '/') {
  const navigate = vi.fn<(url: string) => void>();
  stop = renderSignInPage(root, { appName: 'ctfy test', next, navigate });
  return { navigate };
}

/** The whole `/login` start at `url`: config, `next` from the address, the page. */
async function startAt(url: string) {
  window.history.replaceState(null, '', url);
  server.use(http.get('/config.json', () => HttpResponse.json(config)));
  stop = await startSignInPage(root);
}

/** Requests to the API (the config is not one). */
const apiRequests = () => seenRequests.filter((r) => new URL(r.url).pathname.startsWith('/api/'));

beforeEach(() => {
  setToken(null);
  root = document.createElement('div');
  document.body.append(root);
  vi.mocked(loadPage).mockClear();
});

afterEach(() => {
  stop?.();
  stop = undefined;
  root.remove();
  window.history.replaceState(null, '', '/');
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
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Wrong user name or password.');
    expect(username).toHaveValue('alice');
    const password = screen.getByLabelText('Password');
    expect(password).toHaveValue('');
    expect(password).toHaveFocus();
    expect(password).toHaveAttribute('aria-invalid', 'true');
    // the field is described by the form's error
    expect(password).toHaveAccessibleDescription('Wrong user name or password.');
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

      vi.advanceTimersByTime(20_000);
      expect(button).toHaveAccessibleName(/^Sign in \(wait (9|10|11) seconds\)$/);
      expect(button).toBeDisabled();

      vi.advanceTimersByTime(11_000);
      expect(button).toHaveAccessibleName('Sign in');
      expect(button).toBeEnabled();
      expect(screen.getByRole('alert')).toHaveTextContent('You can try signing in again now.');
    });
  });

  it('signs in, keeps the token and goes to the page in `next`', async () => {
    server.use(http.post('/api/auth/login', () => HttpResponse.json({ token: 'tok-1' })));
    const user = userEvent.setup();
    await startAt('/login?next=%2Fc%2Fctf-spring%2Fchallenges%3Fx%3D1');
    expect(document.title).toBe('Sign in · ctfy test');
    await user.type(screen.getByLabelText('User name'), ' alice ');
    await user.type(screen.getByLabelText('Password'), 'alice');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(loadPage).toHaveBeenCalledWith('/c/ctf-spring/challenges?x=1'));
    expect(loadPage).toHaveBeenCalledTimes(1);
    expect(getToken()).toBe('tok-1');
    // the app the page hands over to starts with focus on its heading
    expect(arrivedFromSignIn()).toBe(true);
    const login = apiRequests()[0];
    expect((await login?.json()) as unknown).toEqual({ username: 'alice', password: 'alice' });
    expect(login?.url).not.toContain('tok-1');
  });

  it('never follows a `next` to another origin', async () => {
    server.use(http.post('/api/auth/login', () => HttpResponse.json({ token: 'tok-1' })));
    const user = userEvent.setup();
    await startAt('/login?next=%2F%2Fevil.example%2Fsteal');
    await user.type(screen.getByLabelText('User name'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'alice{Enter}');
    await waitFor(() => expect(loadPage).toHaveBeenCalledWith('/'));
  });

  it('goes straight on when already signed in (e.g. in another tab)', async () => {
    setToken('tok-other-tab');
    await startAt('/login?next=%2Ftraffic%2Fopen');
    expect(loadPage).toHaveBeenCalledWith('/traffic/open');
    expect(screen.queryByRole('heading', { name: 'Sign in' })).toBeNull();
  });

  it('goes on when another tab signs in meanwhile', () => {
    const { navigate } = renderLogin('/c/ctf-spring/instances');
    localStorage.setItem('ctfy.token', 'tok-other-tab');
    window.dispatchEvent(
      new StorageEvent('storage', { key: 'ctfy.token', newValue: 'tok-other-tab' }),
    );
    expect(navigate).toHaveBeenCalledWith('/c/ctf-spring/instances');
  });

  it('asks for missing fields without calling the server', async () => {
    const user = userEvent.setup();
    renderLogin();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter your user name.')).toBeInTheDocument();
    expect(screen.getByLabelText('User name')).toHaveFocus();
    expect(screen.getByLabelText('User name')).toHaveAccessibleDescription('Enter your user name.');
    await user.type(screen.getByLabelText('User name'), 'alice{Enter}');
    expect(screen.queryByText('Enter your user name.')).toBeNull();
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

  it('renders the server’s words as text, never as markup', async () => {
    const hostile = '<img src=x onerror="window.pwned=1"><b>bold</b>';
    server.use(
      http.post('/api/auth/login', () => HttpResponse.json({ detail: hostile }, { status: 400 })),
    );
    const user = userEvent.setup();
    renderLogin();
    await user.type(screen.getByLabelText('User name'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'alice{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(hostile);
    expect(alert.querySelector('img, b')).toBeNull();
  });

  it('explains a malformed answer instead of signing in', async () => {
    server.use(http.post('/api/auth/login', () => HttpResponse.json({ access: 'x' })));
    const user = userEvent.setup();
    const { navigate } = renderLogin();
    await user.type(screen.getByLabelText('User name'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'alice{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('does not understand');
    expect(getToken()).toBeNull();
    expect(navigate).not.toHaveBeenCalled();
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
    const { navigate } = renderLogin();
    await user.type(screen.getByLabelText('User name'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'alice{Enter}{Enter}');
    const busy = await screen.findByRole('button', { name: 'Signing in…' });
    expect(busy).toBeDisabled();
    await user.click(busy);
    answer();
    await waitFor(() => expect(navigate).toHaveBeenCalledWith('/'));
    expect(seenRequests.filter((r) => r.url.endsWith('/auth/login'))).toHaveLength(1);
  });

  it.each([
    ['expired', 'Your session ended, sign in again.'],
    ['signed-out', 'You signed out.'],
    ['elsewhere', 'You were signed out in another tab. Sign in again to continue.'],
  ] as const)('says why the last session ended (%s)', (reason, notice) => {
    setToken('old');
    setToken(null, reason);
    renderLogin();
    expect(screen.getByRole('status')).toHaveTextContent(notice);
  });

  it('says why, on the page load the app sent the user to', async () => {
    // the app wrote the reason, then loaded /login: this page reads it from the tab's storage
    setToken('old');
    setToken(null, 'expired');
    expect(sessionStorage.getItem('ctfy.sessionEnd')).toBe('expired');
    vi.resetModules();
    const session = await import('../../lib/session');
    expect(session.sessionEndReason()).toBe('expired');
  });

  it('says nothing about a session when there was none', () => {
    setToken('old');
    setToken(null);
    sessionStorage.clear();
    renderLogin();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Sign in');
    expect(screen.queryByRole('status')).toBeNull();
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
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(getToken()).toBeNull();
    expect(seenRequests[0]?.headers.get('authorization')).toBe('Bearer bad-token');
  });

  it('asks for a token before checking one', async () => {
    const user = userEvent.setup();
    renderLogin();
    await user.click(screen.getByText('Sign in with an API token instead'));
    await user.click(screen.getByRole('button', { name: 'Sign in with token' }));
    expect(screen.getByText('Paste your API token.')).toBeInTheDocument();
    expect(screen.getByLabelText('API token')).toHaveFocus();
    expect(seenRequests).toHaveLength(0);
  });

  it('checks a good token with /auth/me, keeps it and goes on', async () => {
    server.use(http.get('/api/auth/me', () => HttpResponse.json(me)));
    const user = userEvent.setup();
    await startAt('/login?next=%2Ftraffic%2Fopen');
    await user.click(screen.getByText('Sign in with an API token instead'));
    await user.type(screen.getByLabelText('API token'), '  Bearer tok-42 ');
    await user.click(screen.getByRole('button', { name: 'Sign in with token' }));
    await waitFor(() => expect(loadPage).toHaveBeenCalledWith('/traffic/open'));
    expect(getToken()).toBe('tok-42');
    const check = apiRequests()[0];
    expect(check?.headers.get('authorization')).toBe('Bearer tok-42');
    expect(check?.url).not.toContain('tok-42');
  });
});

describe('starting /login', () => {
  it('explains a broken /config.json and tries again', async () => {
    let broken = true;
    server.use(
      http.get('/config.json', () =>
        broken ? HttpResponse.text('{ not json') : HttpResponse.json(config),
      ),
    );
    window.history.replaceState(null, '', '/login');
    await startSignInPage(root);
    expect(screen.getByRole('heading', { name: 'The dashboard cannot start' })).toBeVisible();
    expect(screen.getByRole('alert')).toHaveTextContent('/config.json is not valid JSON.');
    broken = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });
});
