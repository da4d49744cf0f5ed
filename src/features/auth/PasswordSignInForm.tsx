import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import { Button } from '../../components/ui/Button';
import { formatWait } from '@shared/format';
import { useNow } from '../../lib/useNow';
import { FormAlert } from './FormAlert';
import { FormField } from './FormField';
import { describeSignInError } from './signInErrors';
import { usePasswordSignIn } from './useSignIn';

/**
 * User name and password. On failure the user name is kept and focus goes
 * where the fix is. After too many wrong passwords the platform answers 429
 * with Retry-After: the button stays disabled and counts the wait down.
 */
export function PasswordSignInForm() {
  const signIn = usePasswordSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username?: string; password?: string }>({});
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLParagraphElement>(null);
  const alertId = useId();
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const now = useNow();
  const waitLeft = waitUntil === null ? 0 : Math.max(0, waitUntil - now);
  const waiting = waitLeft > 0;

  useEffect(() => usernameRef.current?.focus(), []);

  const problem = signIn.isError ? describeSignInError(signIn.error, 'password') : null;
  // The alert is said once; the countdown lives on the button, which is not
  // a live region, so a screen reader is not told every second.
  const message =
    waitUntil !== null && !waiting ? 'You can try signing in again now.' : problem?.message;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (signIn.isPending || waiting) return; // never sent twice, nor during the wait
    const name = username.trim();
    const next = {
      username: name ? undefined : 'Enter your user name.',
      password: password ? undefined : 'Enter your password.',
    };
    setMissing(next);
    if (next.username) return usernameRef.current?.focus();
    if (next.password) return passwordRef.current?.focus();
    signIn.mutate(
      { username: name, password },
      {
        onError: (error) => {
          const retryAfterMs = isApiError(error) ? error.retryAfterMs : undefined;
          setWaitUntil(
            isApiError(error) && error.status === 429 && retryAfterMs !== undefined
              ? Date.now() + retryAfterMs
              : null,
          );
          if (describeSignInError(error, 'password').rejected) {
            setPassword('');
            passwordRef.current?.focus();
          } else {
            alertRef.current?.focus();
          }
        },
      },
    );
  }

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4" aria-label="Sign in">
      <FormAlert ref={alertRef} id={alertId} message={message ?? null} />
      <FormField
        ref={usernameRef}
        label="User name"
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        error={missing.username}
      />
      <FormField
        ref={passwordRef}
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={missing.password}
        describedBy={problem?.rejected ? alertId : undefined}
        aria-invalid={missing.password || problem?.rejected ? true : undefined}
      />
      <Button type="submit" variant="primary" disabled={signIn.isPending || waiting}>
        {signIn.isPending
          ? 'Signing in…'
          : waiting
            ? `Sign in (wait ${formatWait(waitLeft)})`
            : 'Sign in'}
      </Button>
    </form>
  );
}
