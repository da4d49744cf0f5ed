import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { FormAlert } from './FormAlert';
import { FormField } from './FormField';
import { describeSignInError } from './signInErrors';
import { usePasswordSignIn } from './useSignIn';

/** User name and password. On failure the user name is kept and focus goes where the fix is. */
export function PasswordSignInForm() {
  const signIn = usePasswordSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username?: string; password?: string }>({});
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLParagraphElement>(null);
  const alertId = useId();

  useEffect(() => usernameRef.current?.focus(), []);

  const problem = signIn.isError ? describeSignInError(signIn.error, 'password') : null;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (signIn.isPending) return; // never sent twice
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
      <FormAlert ref={alertRef} id={alertId} message={problem?.message ?? null} />
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
      <Button type="submit" variant="primary" disabled={signIn.isPending}>
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
