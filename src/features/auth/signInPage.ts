/**
 * `/login` without React: the first visit of the sign-in page downloads a
 * few KB of JavaScript instead of React DOM (issue 18). Plain DOM; every
 * text from the server or the URL goes in as text, never as markup.
 *
 * Password sign-in, with the API-token way folded below it. On failure the
 * user name is kept and focus goes where the fix is. After too many wrong
 * passwords the platform answers 429 with Retry-After: the button stays
 * disabled and counts the wait down. After signing in, the page in `next`
 * is loaded (the app then starts with focus on its heading).
 */
import { fetchMeWithToken, login } from '../../api/auth';
import { isApiError } from '../../api/client';
import { buttonClasses } from '../../components/ui/buttonClasses';
import { formatWait } from '@shared/format';
import {
  getToken,
  markSignInArrival,
  sessionEndReason,
  setToken,
  subscribeToken,
  type SessionEndReason,
} from '../../lib/session';
import { el, setAttributes, uniqueId } from './dom';
import { describeSignInError, type SignInProblem } from './signInErrors';

const endNotices: Record<SessionEndReason, string> = {
  expired: 'Your session ended, sign in again.',
  'signed-out': 'You signed out.',
  elsewhere: 'You were signed out in another tab. Sign in again to continue.',
};

export interface SignInPageOptions {
  appName: string;
  /** Where to go after signing in: already checked with `safeNextPath`. */
  next: string;
  /** Loads another page of the app (a full page load in the browser). */
  navigate: (url: string) => void;
}

/** Renders the sign-in page into `root`; returns the way to stop its timers and listeners. */
export function renderSignInPage(root: HTMLElement, options: SignInPageOptions): () => void {
  let leaving = false;
  const finish = (token: string) => {
    if (leaving) return;
    leaving = true;
    setToken(token);
    markSignInArrival();
    options.navigate(options.next);
  };
  // Signed in meanwhile in another tab: go on to where the user was heading.
  const unsubscribe = subscribeToken(() => {
    if (!getToken() || leaving) return;
    leaving = true;
    options.navigate(options.next);
  });

  // Read once: the notice stays until the user signs in.
  const reason = sessionEndReason();
  const password = passwordForm(finish);
  const token = tokenForm(finish);
  root.replaceChildren(
    el(
      'main',
      {
        id: 'main',
        class: 'mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 p-6',
      },
      el(
        'header',
        {},
        el(
          'p',
          {
            class:
              'text-sm font-semibold tracking-wide text-indigo-700 uppercase dark:text-indigo-300',
          },
          options.appName,
        ),
        el('h1', { class: 'text-2xl font-bold' }, 'Sign in'),
      ),
      ...(reason
        ? [
            el(
              'p',
              {
                role: 'status',
                class:
                  'rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50',
              },
              endNotices[reason],
            ),
          ]
        : []),
      password.form,
      el(
        'details',
        { class: 'rounded-md border border-slate-300 p-3 dark:border-slate-700' },
        el(
          'summary',
          { class: 'cursor-pointer text-sm font-medium' },
          'Sign in with an API token instead',
        ),
        el('div', { class: 'mt-3' }, token.form),
      ),
    ),
  );
  password.focusFirst();
  return () => {
    unsubscribe();
    password.stop();
  };
}

// ---------------------------------------------------------------- parts

/**
 * The form-level error: announced, and focusable so focus can be moved to it.
 * The element stays (empty) between errors so it can always be pointed at.
 */
function formAlert() {
  const node = el('p', { id: uniqueId('signin-alert'), tabindex: '-1', class: 'sr-only' });
  return {
    node,
    show(message: string | null | undefined) {
      node.textContent = message ?? '';
      setAttributes(node, {
        role: message ? 'alert' : undefined,
        class: message
          ? 'rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100'
          : 'sr-only',
      });
    },
  };
}

/** A labelled text input with its own error line. */
function formField(label: string, input: Record<string, string>) {
  const id = uniqueId('signin-field');
  const errorId = `${id}-error`;
  const control = el('input', {
    id,
    ...input,
    class:
      'rounded-md border border-slate-400 bg-white px-3 py-2 text-slate-900 aria-invalid:border-red-700 dark:border-slate-500 dark:bg-slate-900 dark:text-slate-100 dark:aria-invalid:border-red-400',
  });
  const errorLine = el('p', { id: errorId, class: 'text-sm text-red-800 dark:text-red-300' });
  const node = el(
    'div',
    { class: 'flex flex-col gap-1' },
    el('label', { for: id, class: 'text-sm font-medium' }, label),
    control,
  );
  return {
    node,
    input: control,
    /**
     * `error`: shown under the field and announced with it; `describedBy`:
     * another message (the form's error) that describes the field too.
     */
    show({
      error,
      describedBy,
      invalid,
    }: {
      error?: string;
      describedBy?: string;
      invalid?: boolean;
    }) {
      errorLine.textContent = error ?? '';
      if (error) node.append(errorLine);
      else errorLine.remove();
      const described = [error ? errorId : undefined, describedBy].filter(Boolean).join(' ');
      setAttributes(control, {
        'aria-invalid': error || invalid ? 'true' : undefined,
        'aria-describedby': described || undefined,
      });
    },
  };
}

function submitButton(variant: 'primary' | 'secondary') {
  return el('button', { type: 'submit', class: buttonClasses(variant) });
}

function showButton(button: HTMLButtonElement, label: string, disabled: boolean) {
  button.textContent = label;
  button.disabled = disabled;
}

// ---------------------------------------------------------------- password

function passwordForm(finish: (token: string) => void) {
  const alert = formAlert();
  const username = formField('User name', {
    name: 'username',
    type: 'text',
    autocomplete: 'username',
    autocapitalize: 'none',
    spellcheck: 'false',
  });
  const password = formField('Password', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
  });
  const button = submitButton('primary');
  const form = el(
    'form',
    { novalidate: true, class: 'flex flex-col gap-4', 'aria-label': 'Sign in' },
    alert.node,
    username.node,
    password.node,
    button,
  );

  let pending = false;
  let problem: SignInProblem | null = null;
  let missing: { username?: string; password?: string } = {};
  let waitUntil: number | null = null;
  let ticker: ReturnType<typeof setInterval> | undefined;
  const waitLeft = () => (waitUntil === null ? 0 : Math.max(0, waitUntil - Date.now()));

  function show() {
    const left = waitLeft();
    const waiting = left > 0;
    // The alert is said once; the countdown lives on the button, which is
    // not a live region, so a screen reader is not told every second.
    alert.show(
      waitUntil !== null && !waiting ? 'You can try signing in again now.' : problem?.message,
    );
    username.show({ error: missing.username });
    password.show({
      error: missing.password,
      describedBy: problem?.rejected ? alert.node.id : undefined,
      invalid: Boolean(problem?.rejected),
    });
    showButton(
      button,
      pending ? 'Signing in…' : waiting ? `Sign in (wait ${formatWait(left)})` : 'Sign in',
      pending || waiting,
    );
    if (!waiting && ticker !== undefined) {
      clearInterval(ticker);
      ticker = undefined;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (pending || waitLeft() > 0) return; // never sent twice, nor during the wait
    const name = username.input.value.trim();
    missing = {
      username: name ? undefined : 'Enter your user name.',
      password: password.input.value ? undefined : 'Enter your password.',
    };
    if (missing.username || missing.password) {
      show();
      (missing.username ? username : password).input.focus();
      return;
    }
    pending = true;
    problem = null;
    waitUntil = null;
    show();
    login({ username: name, password: password.input.value }).then(
      (res) => finish(res.token),
      (error: unknown) => {
        pending = false;
        problem = describeSignInError(error, 'password');
        const retryAfterMs = isApiError(error) ? error.retryAfterMs : undefined;
        if (isApiError(error) && error.status === 429 && retryAfterMs !== undefined) {
          waitUntil = Date.now() + retryAfterMs;
          ticker ??= setInterval(show, 1000);
        }
        if (problem.rejected) password.input.value = '';
        show();
        (problem.rejected ? password.input : alert.node).focus();
      },
    );
  });

  show();
  return {
    form,
    focusFirst: () => username.input.focus(),
    stop: () => clearInterval(ticker),
  };
}

// ---------------------------------------------------------------- token

/** Sign-in with an API token the user already has; it is checked before it is kept. */
function tokenForm(finish: (token: string) => void) {
  const alert = formAlert();
  const token = formField('API token', {
    name: 'api-token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const button = submitButton('secondary');
  const form = el(
    'form',
    { novalidate: true, class: 'flex flex-col gap-4', 'aria-label': 'Sign in with an API token' },
    alert.node,
    token.node,
    button,
  );

  let pending = false;
  let problem: SignInProblem | null = null;
  let missing: string | undefined;

  function show() {
    alert.show(problem?.message);
    token.show({
      error: missing,
      describedBy: problem?.rejected ? alert.node.id : undefined,
      invalid: Boolean(problem?.rejected),
    });
    showButton(button, pending ? 'Checking the token…' : 'Sign in with token', pending);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (pending) return;
    const value = token.input.value.trim().replace(/^Bearer\s+/i, '');
    missing = value ? undefined : 'Paste your API token.';
    if (missing) {
      show();
      token.input.focus();
      return;
    }
    pending = true;
    problem = null;
    show();
    fetchMeWithToken(value).then(
      () => finish(value),
      (error: unknown) => {
        pending = false;
        problem = describeSignInError(error, 'token');
        show();
        if (problem.rejected) {
          token.input.focus();
          token.input.select();
        } else {
          alert.node.focus();
        }
      },
    );
  });

  show();
  return { form };
}
